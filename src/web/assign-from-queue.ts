// Assigning a ticket from the admin queue: the ticket page's own `assign` action (the same
// permissions, transitions, decide() and status mail as an admin's `#assign PERSON` reply), run
// for a ticket named by its reference. I/O: the database (through the ticket action) and the relay.
import { findTicketByRef, ticketParticipants } from '../adapters/db/ticket-page.ts';
import type { Viewer } from './auth.ts';
import type { WebDeps } from './deps.ts';
import { performTicketAction } from './ticket-actions.ts';
import { rolesOnTicket } from './ticket-roles.ts';

export type AssignResult = { kind: 'assigned'; ref: string } | { kind: 'refused'; reason: string };

export async function assignFromQueue(deps: WebDeps, viewer: Viewer, ref: string, assignee: string): Promise<AssignResult> {
  const row = await findTicketByRef(deps.db, ref);
  if (!row) return { kind: 'refused', reason: 'There is no such ticket.' };
  const participants = await ticketParticipants(deps.db, row.id);
  const roles = rolesOnTicket(viewer, participants);
  const result = await performTicketAction(deps, row, viewer, roles, participants, { kind: 'assign', target: assignee });
  return result.kind === 'done' ? { kind: 'assigned', ref: row.ref } : { kind: 'refused', reason: result.message };
}
