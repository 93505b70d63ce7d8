import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksProgram = asksFor('program_name', 'Assessment score', { topic: 'coordinated_entry_config', type: 'issue' }, { rulesAlone: true });
const asksProgramToChange = asksFor('program_name', 'New service', { topic: 'provider_configuration', type: 'question' }, { rulesAlone: true });

describe('program_name: not the staff of a kind of program, not "our program"', () => {
  it('does not take "our outreach workers" or "our outreach team" as a program', () => {
    expect(asksProgram('Since Monday our outreach workers see a blank total score on every assessment they save.')).toBe(true);
    expect(asksProgram('Since Monday our outreach team sees a blank total score on every assessment.')).toBe(true);
  });

  it('still takes the agency\'s own outreach program as the program', () => {
    expect(asksProgram('Since Monday our street outreach program shows a blank total score on every assessment.')).toBe(false);
  });

  it('does not take "nuestro programa" as a program\'s name', () => {
    expect(asksProgramToChange('Necesitamos que el servicio "Pase de autobús" aparezca en nuestro programa.')).toBe(true);
    expect(asksProgramToChange('Necesitamos agregar el servicio "Pase de autobús" al Programa Nuevo Amanecer.')).toBe(false);
  });
});
