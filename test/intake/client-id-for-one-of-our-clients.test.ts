import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const asksClientId = (text: string): boolean => {
  const input: IntakeInput = { subject: 'After the migration', text, attachments: [] };
  const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'migration_question', type: 'issue', priority: 'normal', clientIds: [] };
  return findMissingInfo(input, decided, rules).includes('client_id');
};

describe('a migration question about one of our clients', () => {
  it('asks for the Client ID when "one of our clients" or "una de nuestras clientas" is meant', () => {
    expect(asksClientId('The name of one of our clients came over from ServicePoint with garbled accents.')).toBe(true);
    expect(asksClientId('El nombre de una de nuestras clientas aparece con caracteres raros después de la migración.')).toBe(true);
  });

  it('does not ask when the question is about the migration in general', () => {
    expect(asksClientId('Names with accents came over from ServicePoint garbled for all our clients.')).toBe(false);
  });
});
