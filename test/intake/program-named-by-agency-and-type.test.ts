import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const input = (text: string): IntakeInput => ({ subject: 'Request', text, attachments: [] });
const decided = (over: Partial<Classification>): Omit<Classification, 'missingInfo'> => ({
  route: 'ica_helpdesk', topic: 'workflow_data_entry', type: 'question', priority: 'normal', clientIds: [], ...over,
});
const asksProgram = (text: string, over: Partial<Classification> = {}): boolean => findMissingInfo(input(text), decided(over), rules).includes('program_name');

describe('a program named by its agency and project type', () => {
  it('takes "our outreach program" from a signed agency as the program', () => {
    expect(asksProgram('Where do we record a tent check for our outreach program?\n\nDana Lee\nPrairie Wind Outreach')).toBe(false);
  });

  it('takes an agency\'s warming center or emergency shelter as the program', () => {
    expect(asksProgram('Can you add a "Pets" question to our warming center intake?\n\nJo Park\nEastside Warming Center', { topic: 'provider_configuration' })).toBe(false);
    expect(asksProgram('How do we record a stay at our family emergency shelter?\n\nAl Ruiz\nRiver Bend Family Services')).toBe(false);
  });

  it('takes a named agency\'s CE access points as the program', () => {
    const text = 'Assessors at the Dunmore CE access points cannot submit on the Assessments tab since this morning; it says a field is missing.';
    expect(asksProgram(text, { topic: 'coordinated_entry_config', type: 'issue' })).toBe(false);
  });

  it('takes a named medical respite or a Spanish "Vivienda ..." as the program', () => {
    expect(asksProgram('At Cedar Ridge Medical Respite the new assessment form does not open.', { topic: 'coordinated_entry_config' })).toBe(false);
    expect(asksProgram('La residencia de Vivienda Permanente Los Pinos no ve la evaluación.', { topic: 'coordinated_entry_config' })).toBe(false);
  });

  it('takes "nuestros programas de alcance" as the program', () => {
    expect(asksProgram('¿Por qué faltan ingresos en nuestros programas de alcance del trimestre?', { topic: 'data_quality' })).toBe(false);
  });

  it('still asks when only a bare kind of place or staff is mentioned', () => {
    expect(asksProgram('Our shelter has many blank exit destinations for Q3, how do we fix them?', { topic: 'data_quality' })).toBe(true);
    expect(asksProgram('Our two new access point staff cannot send referrals from the queue.', { topic: 'coordinated_entry_config' })).toBe(true);
    expect(asksProgram('New access point staff cannot see the CE assessment.', { topic: 'coordinated_entry_config' })).toBe(true);
  });
});
