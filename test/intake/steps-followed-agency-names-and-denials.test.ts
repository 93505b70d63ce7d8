import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

// The rules alone (no trained models), so these pin what the checklist rules read.
const rules = loadIntakeRules(undefined, { withModel: false });
const input = (text: string): IntakeInput => ({ subject: 'Request', text, attachments: [] });
const decided: Omit<Classification, 'missingInfo'> = {
  route: 'ica_helpdesk', topic: 'system_error', type: 'issue', priority: 'normal', clientIds: [],
};
const asksSteps = (text: string): boolean => findMissingInfo(input(text), decided, rules).includes('steps_followed');

describe('steps_followed is not read from an agency\'s name or from something denied', () => {
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
});
