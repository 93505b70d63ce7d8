// The guide's first way to verify a fix is a note ("You can verify this issue in one of two ways: (1)
// Add a New Note"): a reply from the submitter, proven as she is for commands, whose note says the
// fix works verifies it as #verified would: closed as verified, the "has been verified" mail, and
// her own mail saying how her note was read and how to say otherwise. A note that says it still
// fails, or neither, and anyone else's note (a colleague's, the staff's, mail that proves nothing)
// leave the fix waiting as before; so does the page's "Save the note", which "does not change the
// status of the ticket". On a fix closed unverified, within REOPEN_DAYS, her note verifies it as
// #verified does there: it stays closed, now verified.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext, type TicketActions } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: true };
const SUMMER = { email: 'summer@utah.test', name: 'Summer Bammes' };

const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const context: DecideContext = {
  participants: [BECKY, ANN], staff: [SUMMER], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const fixed: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'fixed_verify_needed', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Exit date will not save AAAA111111', assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null,
};

function replyBy(actor: Actor, text: string, extra: Partial<TicketActions> = {}, ticket: TicketState = fixed) {
  const parsed = parseReplyCommands(text);
  const change = decide(ticket, actor, { commands: parsed.commands, problems: parsed.problems, noteText: parsed.noteText, ...extra }, NOW, context);
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change;
}

describe('a note from the submitter that says the fix works', () => {
  it('verifies the fix as #verified would: closed as verified, announced by the verified mail that carries her note', () => {
    const change = replyBy(submitter, 'It works now, thank you!');
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'verified' });
    expect(change.note).toMatchObject({ body: 'It works now, thank you!', internal: false });
    expect(change.events.map((e) => e.event)).toEqual(['verified']);
    expect(change.events[0]).toMatchObject({ withNote: true, actor: { email: BECKY.email } });
  });

  it('tells her, in her own mail only, that her note was taken as verifying the fix and how to say otherwise', () => {
    const change = replyBy(submitter, 'Works fine now. Thanks Summer!');
    const said = (change.acknowledgements ?? []).join(' ');
    expect(said).toMatch(/verified/);
    expect(said).toContain('#notfixed');
    expect(said).toContain('Mark the issue as not fixed');
    // The verified mail goes to everyone on the ticket: what it says to her is named for her alone.
    expect(change.events[0]!.payload).toEqual({ acknowledgedTo: BECKY.email, acknowledgements: change.acknowledgements });
  });

  it('verifies when the latest word on it says it works, after an earlier failure', () => {
    expect(replyBy(submitter, 'It did not work yesterday, but it works now.').patch).toMatchObject({ status: 'closed', resolution: 'verified' });
  });

  it('verifies nothing when the note asks or raises more than that it works: it goes to whoever works the ticket', () => {
    for (const text of [
      'Is it working now?', 'Does it work now', 'Will it work now?',
      'Works now, but can you also add Bob to the report?', 'It works now, but the report is blank.',
      'It works now. Please also reset my password.', 'It works now, thanks. I need another user account for Ann.',
    ]) {
      const change = replyBy(submitter, text);
      expect(change.patch.status, text).toBeUndefined();
      expect(change.events.map((e) => e.event), text).toEqual(['new_note']);
    }
  });

  it('leaves what #verified with a note does as it was: her command, no word on how a note was read', () => {
    const change = replyBy(submitter, '#verified\nIt works now, thank you!');
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'verified' });
    expect(change.acknowledgements).toEqual(['Marked as verified; the ticket is closed.']);
    expect(change.events[0]!.payload).toEqual({});
  });
});

describe('a note that does not verify the fix', () => {
  it.each([
    ['says it still fails', 'Still failing for me, same error.'],
    ['says neither way', 'I will try it with AAAA111111 on Thursday.'],
    ['asks for news', 'Any news on this?'],
    ['supposes', 'If it works tomorrow I will let you know.'],
  ])('from the submitter, one that %s, leaves the fix waiting for verification', (_said, text) => {
    const change = replyBy(submitter, text);
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('from a colleague notified on the ticket, or an admin, leaves verifying to the submitter', () => {
    const colleague: Actor = { email: ANN.email, personId: 2, roles: ['interested'], authenticated: true };
    const admin: Actor = { email: SUMMER.email, personId: 3, roles: ['admin', 'assignee'], authenticated: true };
    for (const actor of [colleague, admin]) {
      const change = replyBy(actor, 'It works now, thank you!');
      expect(change.patch, actor.email).toEqual({});
      expect(change.events.map((e) => e.event), actor.email).toEqual(['new_note']);
    }
  });

  it('from mail that does not prove it is hers (another address, a forged From, no signed reply address) verifies nothing', () => {
    const unproven: Actor = { ...submitter, authenticated: false };
    const change = replyBy(unproven, 'It works now, thank you!');
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('saved on the page ("Save the note", which does not change the status) leaves the fix waiting', () => {
    const change = replyBy(submitter, 'It works now, thank you!', { noteReopens: false });
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('written with a command that says otherwise follows the command', () => {
    const closedInstead = replyBy(submitter, '#close\nWorks now, but we no longer need it anyway.');
    expect(closedInstead.patch).toMatchObject({ status: 'closed', resolution: 'closed' });
    expect(closedInstead.events.map((e) => e.event)).toEqual(['closed']);
  });
});

describe('a note from the submitter that says the fix works, on a fix closed unverified', () => {
  const DAY = 86_400_000;
  /** Closed `daysAgo`, by default automatically for want of verification. */
  const closed = (over: Partial<TicketState> = {}): TicketState => ({
    ...fixed, status: 'closed', resolution: 'closed', closedAt: new Date(NOW.getTime() - 2 * DAY), closedAfterFix: true, ...over,
  });

  it('verifies it as #verified does there: still closed, since when it was closed, the verified mail that carries her note', () => {
    const change = replyBy(submitter, 'It works now, thank you!', {}, closed());
    expect(change.patch).toEqual({ resolution: 'verified' });
    expect(change.note).toMatchObject({ body: 'It works now, thank you!', internal: false });
    expect(change.events.map((e) => e.event)).toEqual(['verified']);
    expect(change.events[0]).toMatchObject({ withNote: true, actor: { email: BECKY.email } });
  });

  it.each(['Yes, it is working now.', 'Verified, works now.'])('verifies it when the note says it works without thanking (%s), rather than reopening it', (text) => {
    const change = replyBy(submitter, text, {}, closed());
    expect(change.patch).toEqual({ resolution: 'verified' });
    expect(change.events.map((e) => e.event)).toEqual(['verified']);
  });

  it('reopens a ticket closed without a fix on the same words, as any other reply does', () => {
    const change = replyBy(submitter, 'Yes, it is working now.', {}, closed({ closedAfterFix: false }));
    expect(change.patch).toMatchObject({ status: 'assigned' });
    expect(change.events.map((e) => e.event)).toContain('reopened');
  });

  it('tells her, in her own mail only, that her note was taken as verifying the fix, that it stays closed, and how to say otherwise', () => {
    const change = replyBy(submitter, 'Works fine now. Thanks Summer!', {}, closed());
    const said = (change.acknowledgements ?? []).join(' ');
    expect(said).toContain('Your note says the fix works, so it was taken as verified and the ticket stays closed.');
    expect(said).toContain('#notfixed');
    expect(change.events[0]!.payload).toEqual({ acknowledgedTo: BECKY.email, acknowledgements: change.acknowledgements });
  });

  it.each([
    ['closed while it was not marked fixed', closed({ closedAfterFix: false })],
    ['already verified', closed({ resolution: 'verified' })],
    ['closed longer ago than REOPEN_DAYS', closed({ closedAt: new Date(NOW.getTime() - 15 * DAY) })],
  ])('leaves a ticket %s closed as it was, with her note', (_what, ticket) => {
    const change = replyBy(submitter, 'It works now, thank you!', {}, ticket);
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('saved on the page ("Save the note") verifies nothing', () => {
    const change = replyBy(submitter, 'It works now, thank you!', { noteReopens: false }, closed());
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('from a colleague notified on the ticket leaves verifying to the submitter', () => {
    const colleague: Actor = { email: ANN.email, personId: 2, roles: ['interested'], authenticated: true };
    const change = replyBy(colleague, 'It works now, thank you!', {}, closed());
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });
});
