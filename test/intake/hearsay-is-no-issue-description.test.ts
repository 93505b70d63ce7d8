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
});
