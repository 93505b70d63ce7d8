import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

const asksAwayDates = asksFor('away_dates', 'Account lock', { topic: 'login_password_account', type: 'question', priority: 'low' });

describe('the dates of a time-away lock', () => {
  it('takes a range written without "from" ("dec 20 thru jan 6", "12/20-1/6") as the dates', () => {
    expect(asksAwayDates('pls lock my account dec 20 thru jan 6, out on leave. thx')).toBe(false);
    expect(asksAwayDates('Please lock my account 12/20 - 1/6 while I am on vacation.')).toBe(false);
    expect(asksAwayDates('I will be out on leave from December 20 through January 6, please lock my account.')).toBe(false);
  });

  it('does not take "next month" or "next week" as the dates', () => {
    expect(asksAwayDates('Please lock my account, I go on maternity leave next month.')).toBe(true);
    expect(asksAwayDates('I will be on vacation next week, can you lock my account?')).toBe(true);
  });

  it('reads a Spanish maternity or disability leave as a time-away lock', () => {
    expect(asksAwayDates('por favor bloqueen mi cuenta, me voy de incapacidad por maternidad el próximo mes')).toBe(true);
    expect(asksAwayDates('por favor bloqueen mi cuenta, me voy de incapacidad del 3 de marzo al 14 de abril')).toBe(false);
  });

  it('reads a leave with a word before it ("on medical leave") as a time-away lock', () => {
    expect(asksAwayDates('Please lock Tomas Ferreira\'s account while he is on family leave.')).toBe(true);
    expect(asksAwayDates('Please lock his account while he is on family leave from March 3 to April 14.')).toBe(false);
  });
});
