// "It worked until today", "it worked for a day", "thanks, it worked once": words that the fix
// worked, in the past, with a limit after them, say it does not work now. Such a note neither
// verifies a fix awaiting verification nor one closed unverified (which it reopens), and the sweep
// reads it as a fix that does not work, as it reads "it was working until yesterday". Words that
// it worked with no limit ("It worked, thanks!"), or with "once" as "after" ("It worked once I
// cleared the cache") still verify; "It worked the first time I tried" may mean either, so it says
// neither way and does not verify.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, findAnswersSinceFix, type Actor, type DecideContext, type NoteSinceFix } from '../../src/tickets/decide.ts';
import { readFixAnswer } from '../../src/tickets/fix-answer.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const NIKO: Participant = { personId: 4, email: 'niko@clienttrack.test', name: 'Niko', role: 'assignee', notify: true };
const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const context: DecideContext = {
  participants: [BECKY, NIKO], staff: [{ email: NIKO.email, name: 'Niko Hofmann' }], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const fixed: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'fixed_verify_needed', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Wrong Org', assigneeEmail: NIKO.email, closedAt: null, escalatedAt: null,
};
const closedUnverified: TicketState = { ...fixed, status: 'closed', resolution: 'closed', closedAfterFix: true, closedAt: new Date(NOW.getTime() - 3 * DAY) };

function replyBy(text: string, ticket: TicketState) {
  const parsed = parseReplyCommands(text);
  const change = decide(ticket, submitter, { commands: parsed.commands, problems: parsed.problems, noteText: parsed.noteText }, NOW, context);
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change;
}

const WORKED_FOR_A_WHILE = [
  'It worked until today.',
  'Thanks, it worked until today.',
  'It worked until this morning, thanks.',
  'Thank you, it worked till now.',
  'It worked until I logged in again.',
  'Thanks, it worked once.',
  'It worked for a day, thanks.',
  'Thanks, it worked for an hour.',
  'It worked at first.',
  'It worked before, thanks',
  'Thanks, worked until the update.',
  'It did work briefly.',
  'It worked for a bit, thanks.',
  'It was working until yesterday.',
];

const WORKS = ['It worked, thanks!', 'It worked perfectly.', 'It worked once I cleared the cache, thanks.', 'It worked better than before, thanks.'];

describe('a note that the fix worked only for a while', () => {
  it.each(WORKED_FOR_A_WHILE)('reads %j as a fix that does not work', (text) => {
    expect(readFixAnswer(text)).toBe('failed');
  });

  it.each(WORKED_FOR_A_WHILE)('%j from the submitter leaves a fix awaiting verification waiting', (text) => {
    const change = replyBy(text, fixed);
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it.each(WORKED_FOR_A_WHILE)('%j from the submitter reopens a fix closed unverified', (text) => {
    const change = replyBy(text, closedUnverified);
    expect(change.patch).toMatchObject({ status: 'assigned', resolution: null });
    expect(change.events.map((e) => e.event)).toEqual(['reopened']);
  });

  it.each(WORKED_FOR_A_WHILE)('the sweep reads %j, after a note that it works, as a fix that does not work', (text) => {
    const note = (days: number, body: string): NoteSinceFix =>
      ({ ticketId: 180, authorEmail: BECKY.email, roles: ['submitter'], at: new Date(NOW.getTime() - days * DAY), text: body });
    const answers = findAnswersSinceFix([note(3, 'It works now'), note(1, text)], { admins: [], supportAddress: null });
    expect(answers.get(180)?.saysFailed).toBe(true);
  });

  it('"It worked until yesterday, but it works now." still verifies: the latest word is that it works', () => {
    expect(replyBy('It worked until yesterday, but it works now.', fixed).patch).toMatchObject({ status: 'closed', resolution: 'verified' });
  });
});

describe('a note that the fix worked, with no limit', () => {
  it.each(WORKS)('%j verifies it', (text) => {
    expect(readFixAnswer(text)).toBe('works');
    expect(replyBy(text, fixed).patch).toMatchObject({ status: 'closed', resolution: 'verified' });
    expect(replyBy(text, closedUnverified).patch).toEqual({ resolution: 'verified' });
  });

  it.each(['It worked the first time I tried, thanks.', 'Thanks, it worked the first time.'])(
    '%j may mean it worked only the first time: it says neither way and does not verify',
    (text) => {
      expect(readFixAnswer(text)).toBe('neither');
      const change = replyBy(text, fixed);
      expect(change.patch).toEqual({});
      expect(change.events.map((e) => e.event)).toEqual(['new_note']);
    },
  );
});
