import { describe, expect, it } from 'vitest';
import { aboveSignOffDelimiter } from '../../src/intake/missing-info.ts';

describe('aboveSignOffDelimiter', () => {
  it('drops the name, agency and disclaimer below a "-- " line', () => {
    const text = 'Hola,\n\nQuiero abrir un programa nuevo.\n\n--\nGraciela Montoya\nCasa Esperanza del Valle\n\nAVISO DE CONFIDENCIALIDAD';
    const above = aboveSignOffDelimiter(text);
    expect(above).toContain('programa nuevo');
    expect(above).not.toContain('Casa Esperanza');
    expect(above).not.toContain('AVISO');
  });

  it('cuts where the sign-off lines after the delimiter were joined into one', () => {
    expect(aboveSignOffDelimiter('Can you add a field?\n\n-- Nadia Fairbanks Council Bluffs Housing Collaborative')).toBe('Can you add a field?\n');
  });

  it('keeps a dash inside a sentence and a forwarded header line', () => {
    const text = 'The menu item -- the queue one -- is gone.\n-----Original Message-----\nFrom: someone';
    expect(aboveSignOffDelimiter(text)).toBe(text);
  });

  it('keeps a message forwarded or quoted below the sign-off, where a forward\'s request is', () => {
    const text = 'Can you help with the question below?\n\n--\nAna Ruiz\nPrograms, Elm Housing\n\n---------- Forwarded message ---------\n'
      + 'From: Ben Ode\nSubject: counts\n\nThe Household Summary I ran for last quarter shows 12 households.';
    const above = aboveSignOffDelimiter(text);
    expect(above).toContain('Household Summary I ran');
    expect(above).not.toContain('Elm Housing');
  });
});
