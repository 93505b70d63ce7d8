import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksWhen = asksFor('when_started', 'Request', { topic: 'client_record', type: 'issue', clientIds: ['ABCD123456'] }, { rulesAlone: true });
const problem = 'On the Enrollments tab I click Edit Exit and the option is greyed out.';

describe('when_started reads a time recalled, and not how long something took, a scheduled event or a record\'s date', () => {
  it('takes an approximate clock time as when the problem was seen', () => {
    expect(asksWhen(`The pharmacy denied his medication at the counter at about 2:00 today. ${problem}`)).toBe(false);
    expect(asksWhen(`We noticed it at around 10 this morning. ${problem}`)).toBe(false);
  });

  it('still does not take an appointment\'s clock time as when it began', () => {
    expect(asksWhen(`The landlord is signing the lease at 3 today. ${problem}`)).toBe(true);
  });

  it('does not take how long a page spun as a start, but takes how long it has been broken', () => {
    expect(asksWhen(`I hit Run and it spins for a few minutes, then the page goes white. ${problem}`)).toBe(true);
    expect(asksWhen(`It has been broken for two days. ${problem}`)).toBe(false);
    expect(asksWhen(`Tried 3 times in the last 20 min. ${problem}`)).toBe(false);
  });

  it('does not take an event that starts later as when the problem began', () => {
    expect(asksWhen(`Her new job starts Monday and she needs the letter. ${problem}`)).toBe(true);
    expect(asksWhen(`Classes restart Monday after the break. ${problem}`)).toBe(true);
  });

  it('takes "hoy en la mañana" as this morning, not as tomorrow', () => {
    expect(asksWhen(`Lo vimos hoy en la mañana. ${problem}`)).toBe(false);
    expect(asksWhen(`Tiene cita mañana a las 9. ${problem}`)).toBe(true);
  });

  it('does not take a full date written as a record\'s value as when the problem began', () => {
    expect(asksWhen(`Her DOB shows 1/1/2019. Correct is 7/22/2006. ${problem}`)).toBe(true);
    expect(asksWhen(`I enter 01/31/2025 as the move-in date and click Save. ${problem}`)).toBe(true);
  });

  it('still takes a full date said with since or on', () => {
    expect(asksWhen(`Since 1/6/2025 the exit keeps coming back. ${problem}`)).toBe(false);
    expect(asksWhen(`It first happened on 1/6/2025. ${problem}`)).toBe(false);
  });
});
