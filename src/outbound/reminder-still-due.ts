// Whether a reminder still says something true when it goes out. The sweep makes a reminder for the
// ticket as it stands then; a reminder held back (SMTP away, the hour's cap on status mail) may go
// out after the ticket moved on, and "still needs your verification" after "has been verified"
// only confuses. Pure.
import type { TicketEvent, TicketStatus } from '../tickets/types.ts';

/** The statuses in which each reminder is still true. */
const STILL_DUE: Partial<Record<TicketEvent, (status: TicketStatus) => boolean>> = {
  reminder_verify: (status) => status === 'fixed_verify_needed',
  reminder_waiting: (status) => status === 'waiting_for_response',
  reminder_stale: (status) => status !== 'closed',
};

/** Null when the mail may go (any mail but a reminder, or a reminder still true); else why not. */
export function reminderNoLongerDue(template: string, status: TicketStatus): string | null {
  const due = STILL_DUE[template as TicketEvent];
  return !due || due(status) ? null : `the ticket moved on (now ${status.replace(/_/g, ' ')}) before this reminder went out`;
}
