// The support team (SUPPORT_ADDRESS) reads internal notes and counts as staff only on a ticket
// escalated to it. Before that its address, copied in by a requester who wrote to the vendor with the
// help desk on Cc or by a #cc, is an interested person: no internal note, and a limit of volume holds
// its mail as it holds anyone else's.
import { expect, it } from 'vitest';
import { planNotifications, type NotifyInput } from '../../src/outbound/notify-plan.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const SUPPORT = 'support@bitfocus.test';
const ALICE: Participant = { personId: 1, email: 'alice@utah.test', name: 'Alice', role: 'submitter', notify: true };
const SUPPORT_COPIED: Participant = { personId: 9, email: SUPPORT, name: '', role: 'interested', notify: true };
const ticket = (escalatedAt: Date | null): TicketState => ({
  id: 7, ref: 'Utah_RW-7', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Income rounds to whole dollars',
  assigneeEmail: 'niko@utah.test', closedAt: null, escalatedAt,
});
const ESCALATED = new Date('2026-05-19T12:00:00Z');

const recipients = (input: Partial<NotifyInput>) => planNotifications({
  event: 'new_note', ticket: ticket(null), participants: [ALICE, SUPPORT_COPIED], actorEmail: 'summer@utah.test', internal: false,
  adminEmails: ['summer@utah.test'], supportAddress: SUPPORT, ...input,
});

it('sends an internal note to the support address only once the ticket was escalated', () => {
  expect(recipients({ internal: true }).map((p) => p.to)).toEqual(['niko@utah.test']);
  expect(recipients({ internal: true, ticket: ticket(ESCALATED) }).map((p) => p.to)).toContain(SUPPORT);
});

it('holds the support address\'s mail under a limit of volume, as anyone\'s, until the ticket was escalated', () => {
  const payload = { heldBy: 'replies per ticket per hour', staffStillHear: true };
  expect(recipients({ payload }).find((p) => p.to === SUPPORT)).toMatchObject({ heldBy: 'replies per ticket per hour' });
  expect(recipients({ payload, ticket: ticket(ESCALATED) }).find((p) => p.to === SUPPORT)).not.toHaveProperty('heldBy');
});
