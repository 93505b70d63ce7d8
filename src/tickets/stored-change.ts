// What a TicketChange means for the stored ticket, decided before the store writes it: a
// message already handled becomes an ignore, and which timestamps a change sets (activity,
// closed, fixed, escalated, reminded). Pure: `now` is given.
import type { TicketChange } from './ticket-change.ts';
import type { TicketStatus } from './types.ts';

type UpdateChange = Extract<TicketChange, { kind: 'update' }>;

/** A message whose Message-ID (or content) was already handled: recorded on that ticket, nothing more. */
export function duplicateOf(ticketId: number | null): TicketChange {
  return { kind: 'ignore', reason: 'duplicate-message-id', ticketId };
}

/** A new ticket is closed at birth only when it is filed as closed. */
export function closedAtOnCreate(status: TicketStatus, now: Date): Date | null {
  return status === 'closed' ? now : null;
}

/** The timestamps an update writes; a field left out stays as it is. */
export interface UpdateStamps {
  updatedAt?: Date;
  closedAt?: Date | null;
  fixedAt?: Date;
  escalatedAt?: Date;
  lastReminderAt?: Date | null;
}

/**
 * Every update counts as activity (updatedAt) except a reminder or a machine's note (an
 * automatic reply or a bounce recorded on the ticket is nobody's activity on it). A status
 * change sets or clears closedAt, sets fixedAt on fixed_verify_needed and restarts the
 * reminders, unless the same change is itself the reminder.
 */
export function updateStamps(change: UpdateChange, now: Date): UpdateStamps {
  const p = change.patch;
  const machineNote = change.note !== null && (change.note.kind === 'auto_reply' || change.note.kind === 'bounce');
  const reminderOnly = Object.keys(p).every((k) => k === 'remindedAt') && (!change.note || machineNote);
  const stamps: UpdateStamps = reminderOnly ? {} : { updatedAt: now };
  if (p.status !== undefined) {
    stamps.closedAt = p.status === 'closed' ? now : null;
    if (p.status === 'fixed_verify_needed') stamps.fixedAt = now;
    stamps.lastReminderAt = null;
  }
  if (p.escalated) stamps.escalatedAt = now;
  if (p.remindedAt) stamps.lastReminderAt = p.remindedAt;
  return stamps;
}
