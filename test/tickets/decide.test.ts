import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, decideReplyActions, decideScheduled, findAnswersSinceFix, type Actor, type DecideContext, type NoteSinceFix, type ReplyDecision } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');

const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: true };
const STAFF = [
  { email: 'summer@utah.test', name: 'Summer Bammes' },
  { email: 'niko@clienttrack.test', name: 'Niko Hofmann' },
];

const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const interested: Actor = { email: ANN.email, personId: 2, roles: ['interested'], authenticated: true };
const admin: Actor = { email: 'summer@utah.test', personId: 3, roles: ['admin'], authenticated: true };

function newTicket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    id: 180,
    ref: 'Utah_RW-180',
    status: 'new',
    resolution: null,
    type: 'issue',
    priority: 'normal',
    summary: 'Wrong Org AAAA111111',
    assigneeEmail: null,
    closedAt: null,
    escalatedAt: null,
    ...overrides,
  };
}

function reply(ticket: TicketState, actor: Actor, text: string, participants: Participant[] = [BECKY, ANN], now = NOW): ReplyDecision {
  const parsed = parseReplyCommands(text);
  return decideReplyActions({
    ticket,
    participants,
    actor,
    commands: parsed.commands,
    noteText: parsed.noteText,
    problems: parsed.problems,
    staff: STAFF,
    now,
    reopenDays: 14,
  });
}

function updated(decision: ReplyDecision) {
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}`);
  return decision;
}

describe('a ticket walking through the user guide', () => {
  it('goes from submitted to assigned, Q&A, fixed, not fixed, fixed again, verified and closed', () => {
    let ticket = newTicket();

    // "has been assigned to (person assigned to)"
    const assigned = updated(reply(ticket, admin, '#assign Summer\n\nI will look at this today.'));
    expect(assigned.ticket).toMatchObject({ status: 'assigned', assigneeEmail: 'summer@utah.test' });
    expect(assigned.assignee).toEqual({ email: 'summer@utah.test', name: 'Summer Bammes' });
    expect(assigned.participantChanges).toEqual([]);
    expect(assigned.events).toEqual(['assigned']);
    expect(assigned.note).toEqual({ text: 'I will look at this today.', internal: false, announcedWith: 'assigned' });
    expect(assigned.acknowledgements).toEqual(['Assigned to Summer Bammes.']);
    ticket = assigned.ticket;

    // The admin asks a question and waits for the submitter.
    const asked = updated(reply(ticket, admin, '#waiting\nWhich client ID is affected?'));
    expect(asked.ticket.status).toBe('waiting_for_response');
    expect(asked.events).toEqual(['waiting']);
    ticket = asked.ticket;

    // "Read the note and reply": the answer sends it back to the assignee.
    const answered = updated(reply(ticket, submitter, 'It is AAAA111111.'));
    expect(answered.ticket.status).toBe('assigned');
    expect(answered.events).toEqual(['new_note']);
    ticket = answered.ticket;

    // "Save the note and mark the issue as fixed"
    const fixed = updated(reply(ticket, admin, '#fixed\nThe org was changed; please check the enrollment.'));
    expect(fixed.ticket.status).toBe('fixed_verify_needed');
    expect(fixed.events).toEqual(['fixed']);
    ticket = fixed.ticket;

    // "Mark the issue as not fixed ... a note to let the ClientTrack Support Team know what is still wrong"
    const notFixed = updated(reply(ticket, submitter, '#notfixed\nThe eligibility dates are still missing.'));
    expect(notFixed.ticket).toMatchObject({ status: 'assigned', resolution: null });
    expect(notFixed.events).toEqual(['not_fixed']);
    expect(notFixed.note?.text).toBe('The eligibility dates are still missing.');
    expect(notFixed.acknowledgements[0]).toMatch(/back with Summer Bammes/);
    ticket = notFixed.ticket;

    ticket = updated(reply(ticket, admin, '#fixed\nDates added.')).ticket;
    expect(ticket.status).toBe('fixed_verify_needed');

    // "Mark the issue as verified"
    const verified = updated(reply(ticket, submitter, '#verified\nAll good, thank you.'));
    expect(verified.ticket).toMatchObject({ status: 'closed', resolution: 'verified', closedAt: NOW });
    expect(verified.events).toEqual(['verified']);
    expect(verified.refusals).toEqual([]);
  });

  it('keeps a ticket open and says why when #verified comes before the fix', () => {
    const decision = updated(reply(newTicket({ status: 'assigned', assigneeEmail: 'summer@utah.test' }), submitter, '#verified'));
    expect(decision.ticketChanged).toBe(false);
    expect(decision.ticket.status).toBe('assigned');
    expect(decision.refusals).toEqual([{ command: '#verified', reason: expect.stringMatching(/marked fixed/) }]);
    expect(decision.events).toEqual(['command_refused']);
  });

  it('refuses #notfixed without a note saying what is still wrong', () => {
    const decision = updated(reply(newTicket({ status: 'fixed_verify_needed', assigneeEmail: 'summer@utah.test' }), submitter, '#notfixed'));
    expect(decision.ticket.status).toBe('fixed_verify_needed');
    expect(decision.refusals[0]).toEqual({ command: '#notfixed', reason: expect.stringMatching(/what is still wrong/) });
  });

  it('refuses #notfixed sent with only the question the mail\'s button writes under it, and adds no note', () => {
    const decision = updated(reply(newTicket({ status: 'fixed_verify_needed', assigneeEmail: 'summer@utah.test' }), submitter, '#notfixed\nWhat is still wrong: '));
    expect(decision.ticket.status).toBe('fixed_verify_needed');
    expect(decision.refusals[0]).toEqual({ command: '#notfixed', reason: expect.stringMatching(/what is still wrong/) });
    expect(decision.note).toBeNull();
    // The question answered is a reason: the test can fail.
    const answered = updated(reply(newTicket({ status: 'fixed_verify_needed', assigneeEmail: 'summer@utah.test' }), submitter, '#notfixed\nWhat is still wrong: the exit date still cannot be saved.'));
    expect(answered.ticket.status).toBe('assigned');
    expect(answered.note?.text).toContain('the exit date still cannot be saved');
  });

  it('refuses #escalate when the help desk has no support team to escalate to', () => {
    const ticket = newTicket({ status: 'assigned', assigneeEmail: 'summer@utah.test' });
    const parsed = parseReplyCommands('#escalate\nPlease look at the income calculation.');
    const input = { ticket, participants: [BECKY, ANN], actor: admin, commands: parsed.commands, noteText: parsed.noteText, problems: parsed.problems, staff: [], now: NOW, reopenDays: 14 };
    const none = updated(decideReplyActions({ ...input, supportAddress: null }));
    expect(none.escalate).toBe(false);
    expect(none.ticket.escalatedAt).toBeNull();
    expect(none.refusals).toEqual([{ command: '#escalate', reason: expect.stringMatching(/no support team/) }]);
    expect(updated(decideReplyActions({ ...input, supportAddress: 'support@vendor.test' })).escalate).toBe(true);
  });

  it('sends a not-fixed ticket to New when nobody is assigned', () => {
    const decision = updated(reply(newTicket({ status: 'fixed_verify_needed' }), submitter, '#notfixed\nStill wrong.'));
    expect(decision.ticket.status).toBe('new');
  });

  it('closes with resolution closed when the submitter closes without verifying', () => {
    const decision = updated(reply(newTicket({ status: 'assigned', assigneeEmail: 'summer@utah.test' }), submitter, '#close\nNo longer needed.'));
    expect(decision.ticket).toMatchObject({ status: 'closed', resolution: 'closed' });
  });

  it('refuses the submitter an admin-only command but obeys the rest of the reply', () => {
    const decision = updated(reply(newTicket(), submitter, '#priority urgent\n#cc carol@utah.test\nClients are waiting on benefits.'));
    expect(decision.ticket.priority).toBe('normal');
    expect(decision.refusals).toEqual([{ command: '#priority urgent', reason: expect.stringMatching(/only an admin/) }]);
    expect(decision.participantChanges).toEqual([{ kind: 'add', person: { email: 'carol@utah.test', name: '' }, role: 'interested', vouched: true, by: { email: submitter.email, name: submitter.name ?? '' } }]);
    expect(decision.events).toEqual(['new_note', 'command_refused']);
  });

  it('adds an internal note from an admin without any public status mail', () => {
    const decision = updated(reply(newTicket({ status: 'assigned', assigneeEmail: 'summer@utah.test' }), admin, '#internal\nClient is in the wrong org; check with the clinic.'));
    expect(decision.note).toEqual({ text: 'Client is in the wrong org; check with the clinic.', internal: true, announcedWith: 'new_note' });
    expect(decision.events).toEqual(['new_note']);
  });

  it('keeps an internal note out of a status mail announced in the same reply', () => {
    const decision = updated(reply(newTicket(), admin, '#internal\n#assign niko@clienttrack.test\nLooks like the nightly job.'));
    expect(decision.events).toEqual(['assigned', 'new_note']);
    expect(decision.note).toMatchObject({ internal: true, announcedWith: 'new_note' });
  });

  it('does not publish a note its sender meant to be internal but may not make internal', () => {
    const decision = updated(reply(newTicket(), submitter, '#internal\nsecret stuff'));
    expect(decision.note).toBeNull();
    expect(decision.refusals[0]?.reason).toMatch(/not added/);
  });

  it('escalates once, to the support team, and refuses a second escalation', () => {
    const first = updated(reply(newTicket({ status: 'assigned', assigneeEmail: 'summer@utah.test' }), admin, '#escalate\nPlease look at the income calculation.'));
    expect(first.escalate).toBe(true);
    expect(first.ticket.escalatedAt).toEqual(NOW);
    expect(first.events).toEqual(['escalated', 'new_note']);
    const second = updated(reply(first.ticket, admin, '#escalate'));
    expect(second.escalate).toBe(false);
    expect(second.refusals[0]?.reason).toMatch(/already escalated/);
  });

  it('records route and topic corrections from an admin', () => {
    const decision = updated(reply(newTicket(), admin, '#route vendor_direct\n#topic data-quality'));
    expect(decision.corrections).toEqual({ route: 'vendor_direct', topic: 'data_quality' });
    expect(decision.note).toBeNull();
    expect(decision.events).toEqual([]);
  });

  it('stops updating the sender on this ticket when they say #stop', () => {
    const decision = updated(reply(newTicket(), interested, '#stop'));
    expect(decision.participantChanges).toEqual([{ kind: 'stop', email: 'ann@utah.test' }]);
    expect(decision.acknowledgements).toEqual(['You will no longer receive updates on this ticket.']);
  });

  it('refuses to assign someone who is not on the staff list, or a name that matches two people', () => {
    const staffOfTwo = [...STAFF, { email: 'summer.b@utah.test', name: 'Summer Brown' }];
    const unknown = updated(reply(newTicket(), admin, '#assign mallory@evil.test'));
    expect(unknown.refusals[0]?.reason).toMatch(/not on the staff list/);
    const ambiguous = decideReplyActions({
      ticket: newTicket(),
      participants: [BECKY],
      actor: admin,
      commands: [{ kind: 'assign', target: 'Summer' }],
      noteText: '',
      staff: staffOfTwo,
      now: NOW,
      reopenDays: 14,
    });
    expect(updated(ambiguous).refusals[0]?.reason).toMatch(/matches Summer Bammes.*Summer Brown/);
  });

  it('lets an admin take a ticket with #assign me', () => {
    expect(updated(reply(newTicket(), admin, '#assign me')).ticket.assigneeEmail).toBe('summer@utah.test');
  });

  it('names an admin known only by address by that address, never by an empty name', () => {
    const decision = decideReplyActions({
      ticket: newTicket(), participants: [BECKY], actor: admin, commands: [{ kind: 'assign', target: 'me' }],
      noteText: '', staff: [{ email: 'summer@utah.test', name: '' }], now: NOW, reopenDays: 14,
    });
    expect(updated(decision).acknowledgements).toEqual(['Assigned to summer@utah.test.']);
  });

  it('passes on the parser\'s problems as refusals', () => {
    const decision = updated(reply(newTicket(), admin, '#fixd\nDone.'));
    expect(decision.refusals).toEqual([{ command: '#fixd', reason: expect.stringMatching(/unknown command/) }]);
  });
});

describe('trust: commands only through your own signed reply address', () => {
  it('does not let a forged admin From without a token change status or assign', () => {
    const forger: Actor = { email: 'summer@utah.test', personId: null, roles: ['admin'], authenticated: false };
    const decision = updated(reply(newTicket(), forger, '#assign niko@clienttrack.test\n#close\nClosing this.'));
    expect(decision.ticket).toEqual(newTicket());
    expect(decision.ticketChanged).toBe(false);
    expect(decision.participantChanges).toEqual([]);
    expect(decision.refusals.map((r) => r.command)).toEqual(['#assign niko@clienttrack.test', '#close']);
    expect(decision.refusals[0]?.reason).toMatch(/only accepted from replies to your own status mail/);
  });

  it('does not obey a valid token sent from another address', () => {
    // The caller found the token names Becky but From is Ann: not authenticated.
    const replayed: Actor = { email: ANN.email, personId: 1, roles: ['interested'], authenticated: false };
    const decision = updated(reply(newTicket({ status: 'fixed_verify_needed' }), replayed, '#verified\nLooks good'));
    expect(decision.ticket.status).toBe('fixed_verify_needed');
    expect(decision.refusals).toHaveLength(1);
    expect(decision.note).toEqual({ text: 'Looks good', internal: false, announcedWith: 'new_note' });
  });

  it('lets an unauthenticated participant add a public note but not move a waiting ticket', () => {
    const untrusted: Actor = { ...submitter, authenticated: false };
    const decision = updated(reply(newTicket({ status: 'waiting_for_response' }), untrusted, 'It is AAAA111111.'));
    expect(decision.ticket.status).toBe('waiting_for_response');
    expect(decision.events).toEqual(['new_note']);
  });

  it('refuses a note from someone who is not on the ticket', () => {
    const stranger: Actor = { email: 'mallory@evil.test', personId: null, roles: [], authenticated: false };
    const decision = reply(newTicket(), stranger, 'Click this link');
    expect(decision).toEqual({ kind: 'ignore', reason: expect.stringMatching(/not a participant/) });
  });

  it('does not let an unauthenticated reply reopen a closed ticket; it starts a new one instead', () => {
    const untrusted: Actor = { ...submitter, authenticated: false };
    const closed = newTicket({ status: 'closed', resolution: 'verified', closedAt: new Date(NOW.getTime() - 2 * DAY) });
    expect(reply(closed, untrusted, 'It broke again.')).toMatchObject({ kind: 'open_new_ticket', previousTicketRef: 'Utah_RW-180' });
  });
});

describe('replies to a closed ticket', () => {
  const closedDaysAgo = (days: number) =>
    newTicket({ status: 'closed', resolution: 'verified', assigneeEmail: 'summer@utah.test', closedAt: new Date(NOW.getTime() - days * DAY) });

  it('reopens the ticket when the submitter replies within the reopen window', () => {
    const decision = updated(reply(closedDaysAgo(3), submitter, 'It broke again after the update.'));
    expect(decision.ticket).toMatchObject({ status: 'assigned', resolution: null, closedAt: null });
    expect(decision.events).toEqual(['reopened']);
    expect(decision.note?.announcedWith).toBe('reopened');
  });

  it('starts a new ticket that names the old one after the reopen window', () => {
    const decision = reply(closedDaysAgo(30), submitter, 'It broke again after the update.');
    expect(decision).toMatchObject({
      kind: 'open_new_ticket',
      previousTicketId: 180,
      previousTicketRef: 'Utah_RW-180',
      noteText: 'It broke again after the update.',
    });
  });

  it('does not reopen on a closing remark from an admin', () => {
    const decision = updated(reply(closedDaysAgo(1), admin, 'For the record: root cause was the nightly import.'));
    expect(decision.ticket.status).toBe('closed');
    expect(decision.events).toEqual(['new_note']);
  });

  it('does not reopen on a reply whose commands ask for the ticket closed or left alone', () => {
    for (const text of ['#verified\nWorks now, thank you!', '#close\nThanks, all good', '#stop\nPlease take me off this one']) {
      const decision = updated(reply(closedDaysAgo(1), submitter, text));
      expect(decision.ticket.status, text).toBe('closed');
      expect(decision.events, text).not.toContain('reopened');
    }
  });

  it('refuses #cc of someone who asked to stop, instead of saying they will get updates', () => {
    const stopped: Participant = { ...ANN, notify: false };
    const decision = updated(reply(newTicket({ status: 'assigned', assigneeEmail: 'summer@utah.test' }), admin, `#cc ${ANN.email}`, [BECKY, stopped]));
    expect(decision.participantChanges).toEqual([]);
    expect(decision.acknowledgements ?? []).not.toContain(`${ANN.email} will receive updates on this ticket.`);
    expect(decision.refusals).toEqual([{ command: `#cc ${ANN.email}`, reason: `${ANN.email} asked not to receive updates on this ticket, so they are not added again` }]);
  });

  it('lets an admin reopen explicitly even after the window', () => {
    const decision = updated(reply(closedDaysAgo(60), admin, '#reopen'));
    expect(decision.ticket.status).toBe('assigned');
    expect(decision.events).toEqual(['reopened']);
  });

  it('refuses #reopen from the submitter after the window and says how to go on', () => {
    const decision = updated(reply(closedDaysAgo(60), submitter, '#reopen'));
    expect(decision.ticket.status).toBe('closed');
    expect(decision.refusals[0]?.reason).toMatch(/more than 14 days ago/);
  });

  it('reads a notified colleague\'s #notfixed with a note on a closed ticket as the reopening their note makes, not as a refusal', () => {
    const decision = updated(reply(closedDaysAgo(2), interested, '#notfixed\nStill broken for AAAA111111.'));
    expect(decision.ticket).toMatchObject({ status: 'assigned', resolution: null, closedAt: null });
    expect(decision.events).toEqual(['reopened']);
    expect(decision.refusals).toEqual([]);
    expect(decision.note).toMatchObject({ text: 'Still broken for AAAA111111.', announcedWith: 'reopened' });
  });

  it('refuses a notified colleague\'s #notfixed that would change nothing else, and then reopens nothing', () => {
    // Without a note the closed ticket stays closed; on a fix awaiting verification, verifying is the submitter's.
    const bare = updated(reply(closedDaysAgo(2), interested, '#notfixed'));
    expect(bare.ticket.status).toBe('closed');
    expect(bare.refusals).toEqual([{ command: '#notfixed', reason: 'only the submitter or an admin may use #notfixed on this ticket' }]);
    const fixed = updated(reply(newTicket({ status: 'fixed_verify_needed', assigneeEmail: 'summer@utah.test' }), interested, '#notfixed\nStill broken.'));
    expect(fixed.ticket.status).toBe('fixed_verify_needed');
    expect(fixed.events).toEqual(['new_note', 'command_refused']);
  });

  it('reopens a verified ticket when the submitter marks it not fixed, as the guide allows', () => {
    const decision = updated(reply(closedDaysAgo(2), submitter, '#notfixed\nThe dates vanished again.'));
    expect(decision.ticket.status).toBe('assigned');
    expect(decision.events).toEqual(['not_fixed']);
  });
});

describe('scheduled reminders and auto-close', () => {
  const settings = { verifyReminderDays: 3, autoCloseDays: 10, staleTicketDays: 5 };
  const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
  const fixed = newTicket({ status: 'fixed_verify_needed' });

  it('does nothing while a fix is fresh', () => {
    expect(decideScheduled(fixed, ago(1), NOW, settings)).toBeNull();
  });

  it('reminds the submitter to verify once the reminder period has passed', () => {
    expect(decideScheduled(fixed, ago(4), NOW, settings)).toBe('reminder_verify');
  });

  it('reminds only once per period', () => {
    expect(decideScheduled(fixed, ago(5), NOW, settings, ago(1))).toBeNull();
    expect(decideScheduled(fixed, ago(8), NOW, settings, ago(4))).toBe('reminder_verify');
  });

  it('auto-closes instead of reminding once the auto-close time has passed', () => {
    expect(decideScheduled(fixed, ago(11), NOW, settings, ago(9))).toBe('auto_close');
  });

  it('reminds about an open ticket with no activity, and never about a closed one', () => {
    expect(decideScheduled(newTicket({ status: 'assigned' }), ago(6), NOW, settings)).toBe('reminder_stale');
    expect(decideScheduled(newTicket({ status: 'closed' }), ago(60), NOW, settings)).toBeNull();
  });

  it('counts a fix as idle from the submitter\'s note since it, when later: her answer is not left waiting', () => {
    const answer = (days: number) => ({ at: ago(days), saysFailed: false });
    // Fixed on day 0, her note on day 2 (NOW is the day the sweep runs): not reminded on day 3,
    // reminded on day 5, not closed on day 10 (reminded the day before), closed on day 12.
    expect(decideScheduled(fixed, ago(3), NOW, settings, null, answer(1))).toBeNull();
    expect(decideScheduled(fixed, ago(5), NOW, settings, null, answer(3))).toBe('reminder_verify');
    expect(decideScheduled(fixed, ago(10), NOW, settings, ago(1), answer(8))).toBeNull();
    expect(decideScheduled(fixed, ago(12), NOW, settings, ago(3), answer(10))).toBe('auto_close');
    // A note older than the fix changes nothing.
    expect(decideScheduled(fixed, ago(10), NOW, settings, null, answer(11))).toBe('auto_close');
  });

  it('leaves a fix the submitter answered does not work to the staff: no reminder to verify, no close, however long', () => {
    const failed = (days: number) => ({ at: ago(days), saysFailed: true });
    const noStale = { ...settings, staleTicketDays: 0 };
    expect(decideScheduled(fixed, ago(5), NOW, settings, null, failed(4))).toBeNull();
    expect(decideScheduled(fixed, ago(60), NOW, noStale, null, failed(50))).toBeNull();
    expect(decideScheduled(fixed, ago(60), NOW, noStale, ago(40), failed(58))).toBeNull();
    // Said before this fix (a fix made again since): the new fix is counted as usual.
    expect(decideScheduled(fixed, ago(11), NOW, settings, null, failed(12))).toBe('auto_close');
  });

  it('reminds whoever works a fix said not to work that it has had no update, once per stale period from the answer; never to verify, never closed', () => {
    const failed = (days: number) => ({ at: ago(days), saysFailed: true });
    // Answered four days ago: not stale yet (five days).
    expect(decideScheduled(fixed, ago(20), NOW, settings, null, failed(4))).toBeNull();
    // Answered six days ago: stale, reminded.
    expect(decideScheduled(fixed, ago(20), NOW, settings, null, failed(6))).toBe('reminder_stale');
    // Reminded two days ago (after the answer): not again within five days; again after.
    expect(decideScheduled(fixed, ago(20), NOW, settings, ago(2), failed(8))).toBeNull();
    expect(decideScheduled(fixed, ago(60), NOW, settings, ago(6), failed(50))).toBe('reminder_stale');
    // A reminder to verify before the answer does not count as this one.
    expect(decideScheduled(fixed, ago(20), NOW, settings, ago(7), failed(6))).toBe('reminder_stale');
    // Stale reminders off: it waits, as before.
    expect(decideScheduled(fixed, ago(60), NOW, { ...settings, staleTicketDays: 0 }, null, failed(50))).toBeNull();
  });

  it('turns a rule off when its days are zero', () => {
    expect(decideScheduled(fixed, ago(60), NOW, { verifyReminderDays: 0, autoCloseDays: 0, staleTicketDays: 0 })).toBeNull();
  });
});

describe('whose note since a fix is an answer to it', () => {
  const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
  const helpDesk = { admins: ['summer@utah.test', 'Dana@Utah.test'], supportAddress: 'help@clienttrack.test' };
  const note = (authorEmail: string, roles: NoteSinceFix['roles'], days: number, ticketId = 180, text = 'I will try it tomorrow.'): NoteSinceFix =>
    ({ ticketId, authorEmail, roles, at: ago(days), text });

  it.each([
    ['the submitter', note(BECKY.email, ['submitter'], 1), ago(1)],
    ['a colleague copied on the request', note(ANN.email, ['interested'], 1), ago(1)],
    ['an admin copied on the request (ADMIN_EMAILS, any case)', note('dana@utah.test', ['interested'], 1), null],
    ['an admin who stopped her updates', note('summer@utah.test', ['interested'], 1), null],
    ['the assignee', note('niko@clienttrack.test', ['interested', 'assignee'], 1), null],
    ['the support address copied on the request', note('help@clienttrack.test', ['interested'], 1), null],
    ['an admin who submitted the ticket', note('summer@utah.test', ['submitter'], 1), ago(1)],
    ['someone not on the ticket', note('stranger@else.test', [], 1), null],
  ])('%s', (_who, written, answeredAt) => {
    expect(findAnswersSinceFix([written], helpDesk).get(180)?.at ?? null).toEqual(answeredAt);
  });

  it('takes the latest answer per ticket and leaves the staff\'s later notes out', () => {
    const answered = findAnswersSinceFix([
      note(BECKY.email, ['submitter'], 4), note(ANN.email, ['interested'], 2), note('dana@utah.test', ['interested'], 1),
      note(BECKY.email, ['submitter'], 6, 181), note('summer@utah.test', ['interested'], 1, 182),
    ], helpDesk);
    expect(answered).toEqual(new Map([[180, { at: ago(2), saysFailed: false }], [181, { at: ago(6), saysFailed: false }]]));
  });

  it('says whether the latest answer reports the fix as not working; a staff note after it changes nothing', () => {
    const answered = findAnswersSinceFix([
      note(BECKY.email, ['submitter'], 3, 180, 'Still failing for me, same error.'),
      note('niko@clienttrack.test', ['interested', 'assignee'], 1, 180, 'It works now on my side.'),
      note(BECKY.email, ['submitter'], 4, 181, 'Still failing for me, same error.'),
      note(ANN.email, ['interested'], 2, 181, 'Works now, thanks!'),
      note(ANN.email, ['interested'], 2, 182, 'No luck here, it still does not save.'),
    ], helpDesk);
    expect(answered).toEqual(new Map([
      [180, { at: ago(3), saysFailed: true }], [181, { at: ago(2), saysFailed: false }], [182, { at: ago(2), saysFailed: true }],
    ]));
  });

  it('keeps a fix said not to work so when a later answer says neither way ("me too", "still working on it"); a later one that it works clears it', () => {
    const answered = findAnswersSinceFix([
      note(BECKY.email, ['submitter'], 3, 180, 'Still failing, same error.'),
      note(ANN.email, ['interested'], 2, 180, 'Me too.'),
      note(BECKY.email, ['submitter'], 3, 181, 'Still failing, same error.'),
      note(ANN.email, ['interested'], 2, 181, 'Same for me.'),
      note(BECKY.email, ['submitter'], 3, 182, 'Still failing, same error.'),
      note(ANN.email, ['interested'], 2, 182, '+1, happening to me as well'),
      note(BECKY.email, ['submitter'], 3, 183, 'Still failing, same error.'),
      note(ANN.email, ['interested'], 2, 183, "Same here, can't open it either"),
      note(BECKY.email, ['submitter'], 3, 184, 'Still failing, same error.'),
      note(ANN.email, ['interested'], 2, 184, 'Works now for me, thanks.'),
      note('carl@utah.test', ['interested'], 1, 184, 'Me too.'),
      note(BECKY.email, ['submitter'], 3, 185, 'Works now, thanks.'),
      note(ANN.email, ['interested'], 2, 185, 'Still failing here.'),
      // The help desk's "it works" is not an answer.
      note('niko@clienttrack.test', ['interested', 'assignee'], 1, 185, 'It works now on my side.'),
      // Still at it: neither way.
      note(BECKY.email, ['submitter'], 3, 186, 'Still failing, same error.'),
      note(BECKY.email, ['submitter'], 2, 186, "I'm still working on it, will let you know."),
    ], helpDesk);
    expect(answered).toEqual(new Map([
      [180, { at: ago(2), saysFailed: true }], [181, { at: ago(2), saysFailed: true }], [182, { at: ago(2), saysFailed: true }],
      [183, { at: ago(2), saysFailed: true }], [184, { at: ago(1), saysFailed: false }], [185, { at: ago(2), saysFailed: true }],
      [186, { at: ago(2), saysFailed: true }],
    ]));
  });

  it('reads two answers at the same moment that say opposite things as failed, whichever comes first', () => {
    const both = [note(BECKY.email, ['submitter'], 2, 180, 'Works now, thanks.'), note(ANN.email, ['interested'], 2, 180, 'Still failing here.')];
    expect(findAnswersSinceFix(both, helpDesk).get(180)).toEqual({ at: ago(2), saysFailed: true });
    expect(findAnswersSinceFix([...both].reverse(), helpDesk).get(180)).toEqual({ at: ago(2), saysFailed: true });
  });
});

describe('what the caller vouches for', () => {
  it('trusts the authenticated flag even when the caller has no person id at hand', () => {
    const decision = updated(reply(newTicket(), { ...admin, personId: null }, '#assign me'));
    expect(decision.ticket.assigneeEmail).toBe('summer@utah.test');
  });
});

describe('the one decision every way in calls', () => {
  const context: DecideContext = { participants: [BECKY, ANN], staff: STAFF, reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null };

  it('turns a signed-in admin\'s form (commands and a note, no mail) into the ticket change', () => {
    const change = decide(newTicket(), { ...admin, name: 'Summer Bammes' }, { commands: [{ kind: 'assign', target: 'me' }, { kind: 'priority', value: 'high' }], noteText: 'On it.' }, NOW, context);
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch).toEqual({ status: 'assigned', priority: 'high', assignee: { email: 'summer@utah.test', name: 'Summer Bammes' } });
    expect(change.note).toMatchObject({ author: { email: 'summer@utah.test', name: 'Summer Bammes' }, body: 'On it.', internal: false });
    expect(change.events.map((e) => e.event)).toEqual(['assigned']);
  });

  it('sends a stranger without a proven identity to a new ticket, and a late reply to a follow-up', () => {
    const stranger: Actor = { email: 'mallory@evil.test', roles: [], authenticated: false };
    expect(decide(newTicket(), stranger, { commands: [], noteText: 'hello' }, NOW, context)).toEqual({ kind: 'new_ticket', followUp: null });
    const old = newTicket({ status: 'closed', resolution: 'verified', closedAt: new Date(NOW.getTime() - 30 * DAY) });
    const late = decide(old, submitter, { commands: [], noteText: 'It broke again.' }, NOW, context);
    expect(late).toMatchObject({ kind: 'new_ticket', followUp: { ticket: { id: 180 }, noteText: 'It broke again.' } });
  });

  const MACCH = { name: 'MACCH', why: 'Coordinated Entry is theirs.', address: 'ce@macch.test' };
  const routed = { ...context, routes: { macch: MACCH, nmis: { name: 'NMIS', why: 'The ROI is theirs.', address: null } } };

  it('sends an open ticket an admin routes to MACCH there, closed as routed, with the request to MACCH and the requester told', () => {
    const change = decide(newTicket({ status: 'assigned', assigneeEmail: 'summer@utah.test' }), admin, { commands: [{ kind: 'route', value: 'macch' }], noteText: 'Community Queue referrals are handled by MACCH.' }, NOW, routed);
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'routed', route: 'macch' });
    expect(change.events.map((e) => e.event)).toEqual(['routed', 'forwarded']);
    // The admin's note rides in the requester's mail; MACCH gets the request itself, answering the requester.
    expect(change.events[0]).toMatchObject({ payload: { routedTo: MACCH, rerouted: true }, withNote: true });
    expect(change.events[1]).toMatchObject({ payload: { to: 'ce@macch.test', routedTo: MACCH, requesterAddress: BECKY.email }, withNote: false });
    expect((change.acknowledgements ?? []).join(' ')).toContain('forwarded to MACCH (ce@macch.test)');
  });

  it('closes a ticket routed to an organisation with no address as routed, forwarding nothing', () => {
    const change = decide(newTicket(), admin, { commands: [{ kind: 'route', value: 'nmis' }], noteText: '' }, NOW, routed);
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'routed', route: 'nmis' });
    expect(change.events.map((e) => e.event)).toEqual(['routed']);
    expect((change.acknowledgements ?? []).join(' ')).toContain('contact NMIS');
  });

  it('tells the requester of a ticket routed where no address is set that it was not forwarded, as the admin is told', () => {
    const change = decide(newTicket(), admin, { commands: [{ kind: 'route', value: 'nmis' }], noteText: '' }, NOW, routed);
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.events[0]).toMatchObject({ event: 'routed', payload: { forwarded: false } });
    expect((change.acknowledgements ?? []).join(' ')).toContain('nothing was forwarded');
    const sent = decide(newTicket(), admin, { commands: [{ kind: 'route', value: 'macch' }], noteText: '' }, NOW, routed);
    if (sent.kind !== 'update') throw new Error(`expected an update, got ${sent.kind}`);
    expect(sent.events[0]).toMatchObject({ event: 'routed', payload: { forwarded: true } });
  });

  it('only corrects the route of a ticket already closed or marked fixed, or routed to the help desk itself', () => {
    for (const ticket of [newTicket({ status: 'closed', resolution: 'verified', closedAt: NOW }), newTicket({ status: 'fixed_verify_needed' })]) {
      const change = decide(ticket, admin, { commands: [{ kind: 'route', value: 'macch' }], noteText: '' }, NOW, routed);
      if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
      expect(change.patch).toEqual({ route: 'macch' });
      expect(change.events).toEqual([]);
    }
    const kept = decide(newTicket(), admin, { commands: [{ kind: 'route', value: 'self_service' }], noteText: '' }, NOW, routed);
    expect(kept).toMatchObject({ kind: 'update', patch: { route: 'self_service' }, events: [] });
  });

  it('reads the route name in any case, and sends nothing again for a ticket already closed as routed', () => {
    const upper = decide(newTicket(), admin, { commands: parseReplyCommands('#route MACCH').commands, noteText: '' }, NOW, routed);
    expect(upper).toMatchObject({ kind: 'update', patch: { status: 'closed', resolution: 'routed', route: 'macch' } });
    // The web form sends the name as typed.
    const typed = decide(newTicket(), admin, { commands: [{ kind: 'route', value: 'Nmis' }], noteText: '' }, NOW, routed);
    expect(typed).toMatchObject({ kind: 'update', patch: { status: 'closed', resolution: 'routed', route: 'nmis' } });
    // Closed as routed already: nothing moves, nothing is forwarded again.
    const same = decide(newTicket({ route: 'macch', status: 'closed', resolution: 'routed', closedAt: NOW }), admin, { commands: [{ kind: 'route', value: 'macch' }], noteText: '' }, NOW, routed);
    if (same.kind !== 'update') throw new Error(`expected an update, got ${same.kind}`);
    expect(same.patch.status).toBeUndefined();
    expect(same.events).toEqual([]);
  });

  it('does not let a submitter route her own ticket away', () => {
    const change = decide(newTicket(), submitter, { commands: [{ kind: 'route', value: 'macch' }], noteText: '' }, NOW, routed);
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['command_refused']);
  });

  it('closes an unverified fix for the scheduler, and reminds without touching the status', () => {
    const fixed = newTicket({ status: 'fixed_verify_needed' });
    const closed = decide(fixed, null, { scheduled: 'auto_close', idleDays: 11 }, NOW);
    expect(closed).toMatchObject({ kind: 'update', patch: { status: 'closed', resolution: 'closed' }, events: [{ event: 'auto_closed', dedupeKey: 'auto_closed:180:2026-05-20' }] });
    const reminded = decide(fixed, null, { scheduled: 'reminder_verify', idleDays: 4 }, NOW);
    expect(reminded).toMatchObject({ kind: 'update', patch: { remindedAt: NOW }, events: [{ event: 'reminder_verify', payload: { idleDays: 4 } }] });
  });
});
