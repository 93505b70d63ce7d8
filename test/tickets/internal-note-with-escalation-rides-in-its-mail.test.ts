// An internal note written with nothing but #escalate is the support team's: it rides in the
// escalation mail alone, with no separate "New Note" (the team would get it twice). With another
// status change besides, it stays a note of its own for the staff who work the ticket.
import { expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decideReplyActions, type Actor } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const ALICE: Participant = { personId: 1, email: 'alice@utah.test', name: 'Alice', role: 'submitter', notify: true };
const admin: Actor = { email: 'summer@utah.test', roles: ['admin'], authenticated: true };
const ticket: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'new', resolution: null, type: 'issue', priority: 'normal', summary: 'Enrollment still open',
  assigneeEmail: null, closedAt: null, escalatedAt: null,
};

function reply(text: string) {
  const parsed = parseReplyCommands(text);
  const decision = decideReplyActions({
    ticket, participants: [ALICE], actor: admin, commands: parsed.commands, noteText: parsed.noteText, staff: [{ email: admin.email, name: 'Summer' }],
    now: new Date('2026-05-20T12:00:00Z'), reopenDays: 14, supportAddress: 'team@vendor.test',
  });
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}`);
  return decision;
}

it('sends an internal note written with #escalate in the escalation mail only', () => {
  const decision = reply('#internal\n#escalate\nThe client was discharged on 3/2.');
  expect(decision.events).toEqual(['escalated']);
  expect(decision.note).toEqual({ text: 'The client was discharged on 3/2.', internal: true, announcedWith: 'escalated' });
});

it('keeps an internal note of its own when the reply also moves the ticket', () => {
  const decision = reply('#internal\n#assign me\n#escalate\nThe client was discharged on 3/2.');
  expect(decision.events).toEqual(['assigned', 'escalated', 'new_note']);
  expect(decision.note).toMatchObject({ internal: true, announcedWith: 'new_note' });
});
