// A fix closed without being verified (left unverified and closed automatically after
// AUTO_CLOSE_DAYS, or closed by staff) can still be verified: the submitter who presses "Mark the
// issue as verified" in the earlier fix mail a day after the automatic close, or an admin, sends
// #verified within REOPEN_DAYS. The ticket stays closed, since when it was closed; its resolution
// becomes verified and everyone hears "has been verified". A ticket already verified, routed to
// another organisation, or closed while it was not marked fixed is refused with why, and so is a
// close older than REOPEN_DAYS.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext } from '../../src/tickets/decide.ts';
import type { Participant, Resolution, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: true };
const SUMMER = { email: 'summer@utah.test', name: 'Summer Bammes' };

const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const admin: Actor = { email: SUMMER.email, personId: 3, roles: ['admin', 'assignee'], authenticated: true };
const colleague: Actor = { email: ANN.email, personId: 2, roles: ['interested'], authenticated: true };
const context: DecideContext = {
  participants: [BECKY, ANN], staff: [SUMMER], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};

/** A ticket closed `daysAgo`, by default while its fix awaited verification. */
function closed(resolution: Resolution, daysAgo = 1, closedAfterFix = true): TicketState {
  return {
    id: 180, ref: 'Utah_RW-180', status: 'closed', resolution, type: 'issue', priority: 'normal',
    summary: 'Exit date will not save AAAA111111', assigneeEmail: SUMMER.email, closedAt: new Date(NOW.getTime() - daysAgo * DAY), escalatedAt: null,
    closedAfterFix,
  };
}

function replyTo(ticket: TicketState, actor: Actor, text: string) {
  const parsed = parseReplyCommands(text);
  const change = decide(ticket, actor, { commands: parsed.commands, problems: parsed.problems, noteText: parsed.noteText }, NOW, context);
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change;
}

const refusalsOf = (change: ReturnType<typeof replyTo>) => change.events.find((e) => e.event === 'command_refused')?.payload.refusals;

describe('#verified on a fix closed without being verified', () => {
  it('verifies it for the submitter: still closed, since when it was closed, resolution verified, the verified mail', () => {
    const change = replyTo(closed('closed'), submitter, '#verified');
    // Only the resolution changes: the status, and with it the time it was closed, stay.
    expect(change.patch).toEqual({ resolution: 'verified' });
    expect(change.events.map((e) => e.event)).toEqual(['verified']);
    expect(change.acknowledgements).toEqual(['Marked as verified; the ticket stays closed.']);
  });

  it('verifies it for an admin too', () => {
    expect(replyTo(closed('closed'), admin, '#verified').patch).toEqual({ resolution: 'verified' });
  });

  it('keeps the note written with it, without reopening the ticket', () => {
    const change = replyTo(closed('closed', 3), submitter, '#verified\nSorry, I was away: it works.');
    expect(change.patch).toEqual({ resolution: 'verified' });
    expect(change.outcome).toBe('appended');
    expect(change.note).toMatchObject({ body: 'Sorry, I was away: it works.' });
    expect(change.events.map((e) => e.event)).toEqual(['verified']);
  });

  it('refuses it once the close is older than REOPEN_DAYS', () => {
    const change = replyTo(closed('closed', 15), submitter, '#verified');
    expect(change.patch).toEqual({});
    expect(refusalsOf(change)).toEqual([{ command: '#verified', reason: expect.stringMatching(/closed more than 14 days ago/) }]);
  });

  it('refuses it from a colleague notified on the ticket: verifying is the submitter\'s', () => {
    const change = replyTo(closed('closed'), colleague, '#verified');
    expect(change.patch).toEqual({});
    expect(refusalsOf(change)).toEqual([{ command: '#verified', reason: 'only the submitter or an admin may use #verified on this ticket' }]);
  });
});

describe('#verified on a ticket that was not closed unverified', () => {
  it('refuses it on a ticket already verified, saying so, and leaves it closed', () => {
    const change = replyTo(closed('verified'), submitter, '#verified\nThanks again!');
    expect(change.patch).toEqual({});
    expect(refusalsOf(change)).toEqual([{ command: '#verified', reason: expect.stringMatching(/already verified/) }]);
    expect(change.events.map((e) => e.event)).toEqual(['new_note', 'command_refused']);
  });

  it('refuses it on a ticket closed while it was not marked fixed, saying there is no fix to verify', () => {
    for (const actor of [submitter, admin]) {
      const change = replyTo(closed('closed', 1, false), actor, '#verified');
      expect(change.patch).toEqual({});
      expect(refusalsOf(change)).toEqual([{ command: '#verified', reason: 'it was closed while not marked fixed, so there is no fix to verify; the ticket is Closed' }]);
    }
  });

  it('refuses it on a request routed to another organisation, saying so', () => {
    const change = replyTo(closed('routed'), admin, '#verified');
    expect(change.patch).toEqual({});
    expect(refusalsOf(change)).toEqual([{ command: '#verified', reason: expect.stringMatching(/routed to another organisation/) }]);
  });

  it('refuses it on a ticket the same reply closed: a close is not a fix to verify', () => {
    const open: TicketState = { ...closed('closed'), status: 'assigned', resolution: null, closedAt: null };
    const change = replyTo(open, submitter, '#close\n#verified');
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'closed' });
    expect(refusalsOf(change)).toEqual([{ command: '#verified', reason: expect.any(String) }]);
  });
});
