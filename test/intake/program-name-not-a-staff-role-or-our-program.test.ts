import { describe, expect, it } from 'vitest';
import { splitSignature } from '../../src/intake/signature.ts';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksProgram = asksFor('program_name', 'Assessment score', { topic: 'coordinated_entry_config', type: 'issue' }, { rulesAlone: true });
const asksProgramToChange = asksFor('program_name', 'New service', { topic: 'provider_configuration', type: 'question' }, { rulesAlone: true });

describe('program_name: not the staff of a kind of program, not "our program", not the sign-off\'s list of services', () => {
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

  it('does not take a sign-off line listing services with dashes as a program named in the request', () => {
    const text = 'Could you add a service "Bus pass - monthly" to our program?\n\nThanks,\nLena Ortiz\nRiver Bend Family Services\n'
      + 'Emergency Shelter - Rapid Re-Housing - Street Outreach - Youth Drop-In Center';
    expect(asksProgramToChange(text)).toBe(true);
    expect(splitSignature(text).signature).toContain('Youth Drop-In Center');
  });

  it('keeps a sentence with dashes in the body', () => {
    expect(splitSignature('Hi,\n\nThe Bed List - the one on the program page - shows nobody since Monday.\n\nThanks').body).toContain('Bed List');
  });
});
