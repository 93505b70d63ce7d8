// A note closes a ticket on the submitter's word only when that word is that it works and nothing
// more: every clause one of the harmless kinds (that it works, thanks, "yes", a greeting, a closing,
// a name) and at least one that it works, with nothing that denies or doubts it ("Nothing works
// now", "Not sure it works yet", "It might work now") and no clause that reports something else
// ("BBBB222222 still shows Salt Lake", "Now I get a different error", "The service dates are
// missing"). Such a note goes to whoever works the ticket: a fix awaiting verification keeps
// waiting, and one closed unverified reopens as any reply does. The same words from anyone on a
// closed ticket are no thanks, so they reopen it; and the sweep does not read them as "it works".
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, findAnswersSinceFix, type Actor, type DecideContext, type NoteSinceFix } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: true };
const SUMMER = { email: 'summer@utah.test', name: 'Summer Bammes' };

const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const colleague: Actor = { email: ANN.email, personId: 2, roles: ['interested'], authenticated: true };
const context: DecideContext = {
  participants: [BECKY, ANN], staff: [SUMMER], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const fixed: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'fixed_verify_needed', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Wrong Org AAAA111111', assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null,
};
/** Closed two days ago: by default automatically, while its fix awaited verification. */
const closed = (over: Partial<TicketState> = {}): TicketState => ({
  ...fixed, status: 'closed', resolution: 'closed', closedAt: new Date(NOW.getTime() - 2 * DAY), closedAfterFix: true, ...over,
});

function replyBy(actor: Actor, text: string, ticket: TicketState = fixed) {
  const parsed = parseReplyCommands(text);
  const change = decide(ticket, actor, { commands: parsed.commands, problems: parsed.problems, noteText: parsed.noteText }, NOW, context);
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change;
}

/** Notes that deny, doubt or go beyond that it works. */
const NOT_ONLY_WORKS = [
  'Nothing works now.',
  'Not sure it works yet.',
  'I have not tested yet. It might work now.',
  'It works now for AAAA111111. BBBB222222 still shows Salt Lake.',
  'Yes, that fixed it. Now I get a different error.',
  'The org is fixed now. The service dates are missing.',
  // Of the same kinds, in other words.
  'Nothing is working now.',
  'None of it works now.',
  'Hopefully it is fixed now.',
  'I think it works now.',
  'It should be working now.',
  'Maybe it works now.',
  "I'm not sure it is fixed now.",
  'I doubt it works now.',
  'Probably works now.',
  'Works now I think.',
  'It works now, I hope.',
  'It may work now, I have not tried.',
  'It works now for Ann. Bob is still locked out.',
  'It works now on my computer. My coworker sees the old address.',
  'That fixed the login. Now the page loads blank.',
  'Fixed now, thanks. The March dates did not carry over.',
  'It works now. The totals are off by one.',
  'Yes that fixed it, now I get a new error.',
  // A turn to "it works" answers only a failure told in the past, and only with words that it works now.
  'The report is blank, but it works now.',
  "I'm still testing it, but it works so far.",
  'It did not work for BBBB222222, but it works for AAAA111111.',
  // A failure after words that it worked, or words that it works only in part.
  'It stopped working now.',
  'It used to work now it fails',
  'It was working now it is not',
  'It works now for some clients',
  'It works now, but only sometimes.',
  'It works now only for Ann.',
];

/** Notes that say it works and nothing more. */
const ONLY_WORKS = [
  'It works now',
  'Yes, it is working now.',
  'Works fine now. Thanks Summer!',
  'It did not work yesterday, but it works now.',
  'That did the trick, thank you',
  // Of the same kinds, in other words.
  'Yes, that fixed it.',
  'Yep, all working now. Thanks!',
  'Hi Summer, it is fixed now. Thank you!\nBecky',
  'Working fine now, thank you so much.',
  'Confirmed, it works now.',
  "It didn't work at first, but after clearing my cache it works now.",
  'Everything is working now. Thank you!',
  'It works now and thank you so much',
  'Perfect, that fixed it. Have a great day!\nBecky',
  // Harmless words with "no" in them, and a past failure told before words that it works now.
  'No problem, it works now. Thanks!',
  'It works now, no more errors.',
  'No worries, that fixed it.',
  'I was not able to save before and now it works fine.',
];

describe('a note from the submitter on a fix awaiting verification', () => {
  it.each(NOT_ONLY_WORKS)('%j leaves the fix waiting, for whoever works the ticket', (text) => {
    const change = replyBy(submitter, text);
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
    expect((change.acknowledgements ?? []).join(' ')).not.toContain('Your note says the fix works');
  });

  it.each(ONLY_WORKS)('%j verifies it', (text) => {
    const change = replyBy(submitter, text);
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'verified' });
    expect(change.events.map((e) => e.event)).toEqual(['verified']);
  });
});

describe('a note from the submitter on a fix closed unverified', () => {
  it.each(NOT_ONLY_WORKS)('%j reopens it as any reply does, rather than taking it as verified', (text) => {
    const change = replyBy(submitter, text, closed());
    expect(change.patch).toMatchObject({ status: 'assigned', resolution: null });
    expect(change.events.map((e) => e.event)).toEqual(['reopened']);
  });

  it.each(ONLY_WORKS)('%j verifies it, and it stays closed', (text) => {
    const change = replyBy(submitter, text, closed());
    expect(change.patch).toEqual({ resolution: 'verified' });
    expect(change.events.map((e) => e.event)).toEqual(['verified']);
  });
});

describe('a reply on a closed ticket that is no thanks', () => {
  it.each([
    ['a colleague', 'Nothing works now.', colleague],
    ['the submitter', 'Thanks. Nope.', submitter],
    ['a colleague', 'Nothing is working now.', colleague],
    ['the submitter', 'Thanks. Nah.', submitter],
    ['the submitter', 'Thank you. Not sure it works yet.', submitter],
    ['a colleague', 'Thanks! Hopefully it works now.', colleague],
    ['a colleague', 'Works now, thanks. The service dates are missing.', colleague],
  ] as const)('from %s, %j reopens it', (_who, text, actor) => {
    const change = replyBy(actor, text, closed({ resolution: 'verified', closedAfterFix: false }));
    expect(change.patch).toMatchObject({ status: 'assigned', resolution: null });
    expect(change.events.map((e) => e.event)).toEqual(['reopened']);
  });

  it.each([
    ['a colleague', 'Works now, thank you!\nAnn', colleague], ['the submitter', 'Thanks,\nBecky', submitter],
  ] as const)('from %s, thanks (%j) still keep it closed', (_who, text, actor) => {
    const change = replyBy(actor, text, closed({ resolution: 'verified', closedAfterFix: false }));
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });
});

describe('the sweep of fixes awaiting verification', () => {
  const helpDesk = { admins: [SUMMER.email], supportAddress: null };
  const note = (days: number, text: string): NoteSinceFix =>
    ({ ticketId: 180, authorEmail: BECKY.email, roles: ['submitter'], at: new Date(NOW.getTime() - days * DAY), text });

  it.each([
    'Nothing works now.', 'Not sure it works yet.', 'I have not tested yet. It might work now.', 'Nothing is working now.',
    'Hopefully it is fixed now.', 'I think it works now.', 'It should be working now.', 'Maybe it works now.', 'I doubt it works now.',
    'Nobody on my team has it working now.',
  ])('does not take %j, after a note that it still fails, as an answer that it works', (text) => {
    const answers = findAnswersSinceFix([note(3, 'Still failing, same error.'), note(1, text)], helpDesk);
    expect(answers.get(180)).toEqual({ at: new Date(NOW.getTime() - DAY), saysFailed: true });
  });

  it.each(['Nothing works now.', 'Nothing is working now.', 'None of it works now.'])('reads %j alone as a fix that does not work', (text) => {
    expect(findAnswersSinceFix([note(1, text)], helpDesk).get(180)?.saysFailed).toBe(true);
  });

  it.each([
    'It works now for some clients', 'It works now, but only sometimes.', 'It works now only for Ann.', 'It partly works now.',
  ])('does not take %j, after a note that it still fails, as an answer that it works', (text) => {
    const answers = findAnswersSinceFix([note(3, 'Still failing, same error.'), note(1, text)], helpDesk);
    expect(answers.get(180)?.saysFailed).toBe(true);
  });

  it('does not read "It has not stopped working since." as a fix that does not work', () => {
    expect(findAnswersSinceFix([note(3, 'It works now'), note(1, 'It has not stopped working since.')], helpDesk).get(180)?.saysFailed).toBe(false);
  });

  it.each(['It stopped working now.', 'It used to work now it fails', 'It was working now it is not', 'It works now it is broken again'])(
    'reads %j, after a note that it works, as a fix that does not work',
    (text) => {
      expect(findAnswersSinceFix([note(3, 'It works now'), note(1, text)], helpDesk).get(180)?.saysFailed).toBe(true);
    },
  );

  it.each([
    'It works now', 'Yes, it is working now.', 'It did not work yesterday, but it works now.', 'That did the trick, thank you',
    'I was not able to save before and now it works fine.', 'Nothing I tried helped, but now it works.', 'I could not log in yesterday now it works',
    'No problem, it works now. Thanks!', 'It works now and is not broken anymore.',
  ])(
    'still takes %j, after a note that it still fails, as an answer that it works',
    (text) => {
      const answers = findAnswersSinceFix([note(3, 'Still failing, same error.'), note(1, text)], helpDesk);
      expect(answers.get(180)?.saysFailed).toBe(false);
    },
  );
});
