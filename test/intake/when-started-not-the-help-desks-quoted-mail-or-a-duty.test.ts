import { describe, expect, it } from 'vitest';
import { findMissingInfo, ownPartOfReply } from '../../src/intake/missing-info.ts';
import { hasDate } from '../../src/intake/dates.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'client_record', type: 'issue', priority: 'normal', clientIds: ['WXYZ123456'] };
const ask = (subject: string, text: string): string[] => findMissingInfo({ subject, text, attachments: [] }, decided, rules);

const problem = 'The Income tab will not save a new income record for client ID WXYZ123456. I open the tab, click Add, fill it in and click Save, and I get "Invalid amount".';

describe('when_started and a reply to the help desk', () => {
  it('does not take the times of the help desk mail quoted below a reply, or of its subject, as when the problem began', () => {
    const text = `Hi,\n\n${problem}\n\nMonique\n\n-----Original Message-----\nFrom: HMIS Help Desk <helpdesk@example.org>\nSent: Friday, November 8, 2024 2:00 PM\nSubject: Security training - November 20\n\nYour security training is booked for Wednesday, November 20 at 10:00 AM.`;
    expect(ask('RE: Security training - November 20', text)).toContain('when_started');
  });

  it('keeps the times of the sender\'s own mail quoted in the reply', () => {
    const text = `Here is the client ID: WXYZ123456.\n\n-----Original Message-----\nFrom: Monique Ellis\nTo: HMIS Help Desk\n\n${problem} It started on Tuesday.`;
    expect(ask('RE: income will not save', text)).not.toContain('when_started');
  });

  it('keeps the sender\'s request quoted inside the help desk\'s notice', () => {
    const text = `Sorry, the ID is WXYZ123456.\n\n> New note on your ticket from the Help Desk:\n> Please send the client ID.\n>\n> Original request:\n> Since Monday ${problem}`;
    expect(ownPartOfReply(`RE: ticket\n\n${text}`, 'RE: ticket')).toContain('Since Monday');
  });
});

describe('when_started and a time with a duty', () => {
  it.each([
    'Hoy tenemos que emitir su cheque y el sistema no nos deja.',
    'Today we have to move her into the unit and the screen will not let us.',
  ])('does not take "%s" as when the problem began', (sentence) => {
    expect(hasDate(sentence)).toBe(false);
  });

  it('takes a time followed by what went wrong as when it began', () => {
    expect(hasDate('Today the screen would not let us save her move-in date.')).toBe(true);
  });
});
