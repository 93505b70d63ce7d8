import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

const asksClientId = asksFor('client_id', 'After the migration', { topic: 'migration_question', type: 'issue' });

describe('a migration question about one of our clients', () => {
  it('asks for the Client ID when "one of our clients" or "una de nuestras clientas" is meant', () => {
    expect(asksClientId('The name of one of our clients came over from ServicePoint with garbled accents.')).toBe(true);
    expect(asksClientId('El nombre de una de nuestras clientas aparece con caracteres raros después de la migración.')).toBe(true);
  });

  it('does not ask when the question is about the migration in general', () => {
    expect(asksClientId('Names with accents came over from ServicePoint garbled for all our clients.')).toBe(false);
  });
});
