import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const input = (text: string): IntakeInput => ({ subject: 'Request', text, attachments: [] });
const decided: Omit<Classification, 'missingInfo'> = {
  route: 'ica_helpdesk', topic: 'client_record', type: 'issue', priority: 'normal', clientIds: ['ABCD123456'],
};
const asksSteps = (text: string): boolean => findMissingInfo(input(text), decided, rules).includes('steps_followed');

describe('steps_followed needs what the user did, not only that something was opened', () => {
  it('does not take opening a record, or the office opening, as steps followed', () => {
    expect(asksSteps('When I opened the enrollment this morning the exit date showed 10/08.')).toBe(true);
    expect(asksSteps('Since we opened at 8 the login page spins for everyone.')).toBe(true);
  });

  it('does not take "presión" (blood pressure) as pressing a button', () => {
    expect(asksSteps('No le dan su medicina para la presión porque su inscripción aparece cerrada desde esta mañana.')).toBe(true);
  });

  it('still takes clicks and pressed buttons as steps', () => {
    expect(asksSteps('Since Monday I open the enrollment, click Edit and Save, and it errors.')).toBe(false);
    expect(asksSteps('Desde ayer, en la pestaña Servicios presioné Guardar y sale un error.')).toBe(false);
  });

  it('takes printing from the record as a step, but not a paper printed by someone else', () => {
    expect(asksSteps('When I printed the verification letter yesterday it came out "not currently homeless".')).toBe(false);
    expect(asksSteps('His meal card is printed off his enrollment, which shows exited since Monday.')).toBe(true);
  });
});
