import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'data_quality', type: 'question', priority: 'normal', clientIds: [] };
const ask = (text: string): string[] => findMissingInfo({ subject: 'data quality', text, attachments: [] }, decided, rules);

describe('issue_description and hearsay', () => {
  it('does not take being told the data is bad, or an offer to meet, as what is wrong', () => {
    expect(ask("Hi - I've been told our data quality is terrible. What can we do about it? Happy to meet.")).toContain('issue_description');
  });

  it('takes a concrete problem told second-hand as what is wrong', () => {
    expect(ask("I've been told our entry assessments are missing the disability question for most adults. Happy to meet.")).not.toContain('issue_description');
  });

  it('does not take a Spanish "our data quality is terrible, says the director" as what is wrong', () => {
    expect(ask('Buenas tardes, nuestra calidad de datos está fatal según el director. ¿Nos pueden ayudar?')).toContain('issue_description');
    expect(ask('Buenas tardes, según el director faltan las fechas de salida de casi todos los adultos del refugio.')).not.toContain('issue_description');
  });
});
