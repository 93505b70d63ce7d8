// Whether a ticket can be handed to the support team now, and why not: the one answer that the
// #escalate command, the ticket page's Escalate form and the status mail's Escalate button all
// give, so neither page nor mail offers an escalation whose reply would be refused. Who may
// escalate is the permission table's (permissions.ts). Pure.
import type { TicketState } from './types.ts';

/**
 * Why `ticket` cannot be escalated, in the words of a refusal, or null when it can. `hasSupportTeam`:
 * SUPPORT_ADDRESS is set; without it the help desk's admins work every ticket.
 */
export function escalationRefusal(ticket: Pick<TicketState, 'status' | 'escalatedAt'>, hasSupportTeam: boolean): string | null {
  if (!hasSupportTeam) return 'this help desk has no support team to escalate to; an admin works the ticket';
  if (ticket.status === 'closed') return 'a closed ticket cannot be escalated; reopen it first';
  if (ticket.escalatedAt) return `the ticket was already escalated on ${ticket.escalatedAt.toISOString().slice(0, 10)}`;
  return null;
}

/** Whether `ticket` can be escalated now (escalationRefusal has no reason against it). */
export function isEscalatable(ticket: Pick<TicketState, 'status' | 'escalatedAt'>, hasSupportTeam: boolean): boolean {
  return escalationRefusal(ticket, hasSupportTeam) === null;
}
