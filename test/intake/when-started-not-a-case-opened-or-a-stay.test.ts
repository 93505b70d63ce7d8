import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksWhen = asksFor('when_started', 'Request', { topic: 'client_record', type: 'issue', clientIds: ['ABCD123456'] }, { rulesAlone: true });
const problem = 'On the Profile tab I click Save on her DOB and get "Record not saved".';

describe('when_started: the time the problem was seen, not when a case was opened or a person arrived', () => {
  it('takes "just now" as when the problem was seen', () => {
    expect(asksWhen(`${problem} It happened just now, twice.`)).toBe(false);
  });

  it('does not take when the sender opened a case or ticket as when the problem began', () => {
    expect(asksWhen(`I opened a case with the vendor three weeks ago about this. ${problem}`)).toBe(true);
    expect(asksWhen(`Checking on my ticket #55102 from last Monday - nothing yet. ${problem}`)).toBe(true);
  });

  it('still takes when the problem was noticed, even in the sentence that opened the case', () => {
    expect(asksWhen(`${problem} I first noticed it on March 3 when I opened the case.`)).toBe(false);
  });

  it('does not take a person\'s stay told with since as when the problem began', () => {
    expect(asksWhen(`She has been with us since last spring. ${problem}`)).toBe(true);
    expect(asksWhen(`The family has been sitting in our lobby since about 3. ${problem}`)).toBe(true);
  });

  it('still takes since of a screen whose name sounds like a stay', () => {
    expect(asksWhen(`Since Monday the Current Living Situation screen on her profile will not save. ${problem}`)).toBe(false);
  });

  it('keeps the rest of a sentence whose stay is only one clause', () => {
    expect(asksWhen(`I tried it this morning and got the error, she has been with us since May. ${problem}`)).toBe(false);
  });

  it('blanks only the clause still ahead, not the time the problem was seen in the same sentence', () => {
    expect(asksWhen(`${problem} I saw it this morning, the office closes at noon today.`)).toBe(false);
    expect(asksWhen(`${problem} The office closes at noon, so she needs it today.`)).toBe(true);
  });

  it('takes the time of a mistake ("exited by mistake this morning") as when the problem began', () => {
    expect(asksWhen(`She was exited by mistake this morning. ${problem}`)).toBe(false);
    expect(asksWhen(`She was exited this morning. ${problem}`)).toBe(true);
  });

  it('reads a message forwarded below the sender\'s sign-off', () => {
    const forwarded = ['Help desk, see below.', '', '--', 'Dana Reyes', 'Program Manager', '',
      '---------- Forwarded message ---------', `Her record has been wrong since Thursday. ${problem}`].join('\n');
    expect(asksWhen(forwarded)).toBe(false);
  });
});
