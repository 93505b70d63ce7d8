// Intake stores route macch on a request it could not forward (MACCH_ADDRESS empty, the default),
// leaves it New and asks the admins to pass it on. An admin's `#route macch` is how they do: the
// ticket is closed as routed and the requester told who handles it (and, once MACCH_ADDRESS is set,
// the request forwarded), exactly as for a ticket whose route was ica_helpdesk. Only a ticket that
// is already closed as routed is left as it is.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext } from '../../src/tickets/decide.ts';
import type { Participant, RoutedTo, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const BOB: Participant = { personId: 1, email: 'bob@agency.test', name: 'Bob Builder', role: 'submitter', notify: true };
const admin: Actor = { email: 'summer@utah.test', personId: 3, roles: ['admin'], authenticated: true };

/** A NOFA question intake routed to MACCH and left New: nothing could be forwarded. */
const leftForTheAdmins = (overrides: Partial<TicketState> = {}): TicketState => ({
  id: 7, ref: 'Utah_RW-7', status: 'new', resolution: null, type: 'question', priority: 'normal', summary: 'NOFA question',
  assigneeEmail: null, closedAt: null, escalatedAt: null, route: 'macch', topic: 'other', ...overrides,
});

const macch = (address: string | null): RoutedTo => ({ name: 'MACCH', why: 'NOFA questions are theirs.', address });
const contextWith = (address: string | null): DecideContext => ({
  participants: [BOB], staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
  routes: { macch: macch(address), nmis: { name: 'NMIS', why: 'The ROI is theirs.', address: null } },
});

/** The admin's reply to the new-ticket notice, read as mail is. */
function adminReplies(ticket: TicketState, context: DecideContext) {
  const parsed = parseReplyCommands('#route macch\nThe NOFA is MACCH\'s: please write to them directly.');
  const change = decide(ticket, admin, { commands: parsed.commands, noteText: parsed.noteText }, NOW, context);
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change;
}

describe('an admin\'s #route macch on a request intake routed to MACCH but could not forward', () => {
  it('closes it as routed and tells the requester to contact MACCH when no address is set', () => {
    const change = adminReplies(leftForTheAdmins(), contextWith(null));
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'routed', route: 'macch' });
    expect(change.events.map((e) => e.event)).toEqual(['routed']);
    // The requester's "belongs with MACCH" mail, with the admin's note, says whom to contact, not that it was forwarded.
    expect(change.events[0]).toMatchObject({ payload: { routedTo: macch(null), rerouted: true, forwarded: false }, withNote: true });
    expect(change.acknowledgements?.join(' ')).toContain('the requester is told to contact MACCH');
  });

  it('forwards it to MACCH once MACCH_ADDRESS is set', () => {
    const change = adminReplies(leftForTheAdmins(), contextWith('nofa@macch.test'));
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'routed' });
    expect(change.events.map((e) => e.event)).toEqual(['routed', 'forwarded']);
    expect(change.events[1]).toMatchObject({ payload: { to: 'nofa@macch.test', requesterAddress: BOB.email }, withNote: false });
  });

  it('does the same on a ticket someone is already working on, and leaves one already closed as routed as it is', () => {
    const change = adminReplies(leftForTheAdmins({ status: 'assigned', assigneeEmail: 'summer@utah.test' }), contextWith(null));
    expect(change.patch).toMatchObject({ status: 'closed', resolution: 'routed' });
    expect(change.events.map((e) => e.event)).toEqual(['routed']);
    const closed = adminReplies(leftForTheAdmins({ status: 'closed', resolution: 'routed', closedAt: NOW }), contextWith('nofa@macch.test'));
    expect(closed.patch.status).toBeUndefined();
    expect(closed.events.map((e) => e.event)).toEqual(['new_note']);
  });
});
