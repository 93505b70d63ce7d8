import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const input = (text: string): IntakeInput => ({ subject: 'Request', text, attachments: [] });
const decided: Omit<Classification, 'missingInfo'> = {
  route: 'ica_helpdesk', topic: 'client_record', type: 'issue', priority: 'normal', clientIds: ['ABCD123456'],
};
const asksWhen = (text: string): boolean => findMissingInfo(input(text), decided, rules).includes('when_started');
const problem = 'On the Profile tab I click Save on his DOB and get "Record not saved".';

describe('when_started is not the time of another event in the request', () => {
  it('does not take a discharge or a departure time as when the problem began', () => {
    expect(asksWhen(`He is being discharged from the hospital this afternoon. ${problem}`)).toBe(true);
    expect(asksWhen(`El autobús sale a las 3:15 y necesitamos el servicio. ${problem}`)).toBe(true);
  });

  it('does not take tonight\'s bed or a scheduled visit as when the problem began', () => {
    expect(asksWhen(`The family has nowhere to go tonight. ${problem}`)).toBe(true);
    expect(asksWhen(`We have a monitoring visit on May 6. ${problem}`)).toBe(true);
  });

  it('still takes a time the problem was seen, and one said with since', () => {
    expect(asksWhen(`This afternoon ${problem}`)).toBe(false);
    expect(asksWhen(`Since the visit on Monday, ${problem}`)).toBe(false);
    expect(asksWhen(`Desde ayer me sale un error al guardar. ${problem}`)).toBe(false);
  });

  it('takes tonight as when it was seen once someone has come in, not only as a night ahead', () => {
    expect(asksWhen(`A guest came in tonight for a bed. ${problem}`)).toBe(false);
    expect(asksWhen(`A guest needs a bed tonight. ${problem}`)).toBe(true);
  });
});
