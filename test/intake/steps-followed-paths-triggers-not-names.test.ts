import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksSteps = asksFor('steps_followed', 'Request', { topic: 'system_error', type: 'issue' }, { rulesAlone: true });

describe('steps_followed: what the user did, not an agency\'s name or something denied', () => {
  it('does not take "Clearwater" as clearing the cache', () => {
    expect(asksSteps('Since this morning none of us at Clearwater can open the Case Notes tab.')).toBe(true);
  });

  it('does not take "nothing changed" as a change the user made', () => {
    expect(asksSteps('Since Monday the Programs tab is blank. Nothing changed on our end.')).toBe(true);
    expect(asksSteps('Desde el lunes la pestaña Programas sale en blanco. Nada cambie de nuestro lado.')).toBe(true);
  });

  it('still takes clearing the cache and a change made as steps', () => {
    expect(asksSteps('Since Monday the Programs tab is blank. I cleared the cache and it is still blank.')).toBe(false);
    expect(asksSteps('Since Monday the Programs tab is blank after I changed the date.')).toBe(false);
  });

  it('takes a click path of three or more places as steps, but not a quoted message\'s markers', () => {
    expect(asksSteps('Since this morning: Referrals tab > Accept > Enroll > error.')).toBe(false);
    expect(asksSteps('Lo vimos hoy: abrimos su perfil > History > Print Homeless Verification.')).toBe(false);
    expect(asksSteps('Lo revise hoy en Perfil > Organizacion. > -----Original Message----- > From: Help Desk')).toBe(true);
  });

  it('takes the action that brings the error every time as a step', () => {
    expect(asksSteps('Since Monday Clarity says "session expired" every time I open Case Notes.')).toBe(false);
    expect(asksSteps('Since Monday the Enrollment screen times out each time we save a new intake.')).toBe(false);
  });
});
