import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

const asksAwayDates = asksFor('away_dates', 'Account lock while away', { topic: 'login_password_account', type: 'question', priority: 'low' });

describe('the dates of a time-away lock given as a range within one month', () => {
  it('takes the month written once before both days as the dates', () => {
    expect(asksAwayDates('I will be out of the office September 8-19 for a procedure. Please lock my Clarity account for that time.')).toBe(false);
    expect(asksAwayDates('Please lock my account, I am on vacation Oct 6 to 17.')).toBe(false);
  });

  it('takes days with ordinals, a dash with spaces or an en dash as the dates', () => {
    expect(asksAwayDates('Out of the office Sept. 8th - 19th, please lock my account for that time.')).toBe(false);
    expect(asksAwayDates('I am on vacation October 6 \u2013 17; can you lock my Clarity account?')).toBe(false);
  });

  it('takes the month written once after both days as the dates', () => {
    expect(asksAwayDates('Please lock my account while I am on leave 8-19 September.')).toBe(false);
    expect(asksAwayDates('Estaré de vacaciones 8-19 de septiembre, por favor bloqueen mi cuenta.')).toBe(false);
  });

  it('still asks when only the first day, or a count of days, is given', () => {
    expect(asksAwayDates('I will be out of the office starting September 8. Please lock my Clarity account.')).toBe(true);
    expect(asksAwayDates('I will be on vacation for 8-10 days, please lock my account while I am away.')).toBe(true);
  });
});
