// Decides where a ticket's status goes when someone acts on it: one table of allowed
// (status, action) pairs, each row quoting the user guide (a closed ticket's row may name the
// resolution it applies to, and whether it needs a fix to have been closed), and `nextStatus`
// reading it. Anything not in the table is illegal and comes back with a reason; nothing changes.
// Pure: data and functions, no I/O.
import type { Resolution, TicketEvent, TicketStatus } from './types.ts';

/** Everything that can move a ticket's status. Command names match the reply commands. */
export const TRANSITION_ACTIONS = [
  'assign',
  'fixed',
  'notfixed',
  'verified',
  'close',
  'reopen',
  'waiting',
  /** The submitter (or a person notified on the ticket) answered while the ticket waited. */
  'respond',
  /** The request went to another organisation: by intake as it files the request (only when the organisation's address is set), or by an admin's `#route macch|nmis` on an open ticket (without an address, the requester is told to contact it). */
  'forward',
  /** Nobody verified a fix in time (scheduled). */
  'auto_close',
] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

/** `back_to_work` is Assigned when someone is assigned, else New. */
export type TransitionTarget = TicketStatus | 'back_to_work';

export interface Transition {
  from: TicketStatus;
  action: TransitionAction;
  to: TransitionTarget;
  /** Set exactly when `to` is closed. */
  resolution: Resolution | null;
  /** The status mail this move announces. */
  event: TicketEvent;
  /** The row applies only to a ticket closed this way (absent: however it was closed, or open). */
  fromResolution?: Resolution;
  /** The row applies only to a ticket closed while its fix awaited verification (TicketState.closedAfterFix). */
  fromFix?: true;
}

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  assigned: 'Assigned',
  waiting_for_response: 'Waiting for Response',
  fixed_verify_needed: 'Fixed - Verify Needed',
  closed: 'Closed',
};

const row = (
  from: TicketStatus,
  action: TransitionAction,
  to: TransitionTarget,
  event: TicketEvent,
  resolution: Resolution | null = null,
  whenClosed?: { resolution: Resolution; fix?: true },
): Transition => ({ from, action, to, resolution, event, ...(whenClosed ? { fromResolution: whenClosed.resolution } : {}), ...(whenClosed?.fix ? { fromFix: true } : {}) });

export const TRANSITIONS: readonly Transition[] = [
  // New: "The issue has not yet been assigned. There is the option to click 'Mark the issue as fixed'."
  row('new', 'assign', 'assigned', 'assigned'), // "has been assigned to (person assigned to)"
  row('new', 'fixed', 'fixed_verify_needed', 'fixed'),
  row('new', 'waiting', 'waiting_for_response', 'waiting'),
  row('new', 'close', 'closed', 'closed', 'closed'), // "close tickets when fixed or no longer needed"
  row('new', 'forward', 'closed', 'routed', 'routed'),

  // Assigned: "a person sitting at a desk. When hover over it, you can mark the issue as fixed."
  row('assigned', 'assign', 'assigned', 'assigned'), // reassign to another staff member
  row('assigned', 'fixed', 'fixed_verify_needed', 'fixed'), // "Save the note and mark the issue as fixed"
  row('assigned', 'waiting', 'waiting_for_response', 'waiting'), // a note that "asks a question, request additional information"
  row('assigned', 'close', 'closed', 'closed', 'closed'), // "Save the note and close the issue"
  row('assigned', 'forward', 'closed', 'routed', 'routed'),

  // Waiting for Response: "The ticket may not be able to be worked on further if the questions are not answered."
  row('waiting_for_response', 'respond', 'back_to_work', 'new_note'), // "Read the note and reply"
  row('waiting_for_response', 'assign', 'waiting_for_response', 'assigned'), // still waiting on the submitter
  row('waiting_for_response', 'fixed', 'fixed_verify_needed', 'fixed'),
  row('waiting_for_response', 'close', 'closed', 'closed', 'closed'),
  row('waiting_for_response', 'forward', 'closed', 'routed', 'routed'),

  // Fixed - Verify Needed: "Please verify that the issue has been resolved to your satisfaction."
  row('fixed_verify_needed', 'verified', 'closed', 'verified', 'verified'), // "Mark the issue as verified"
  row('fixed_verify_needed', 'notfixed', 'back_to_work', 'not_fixed'), // "Mark the issue as not fixed ... what is still wrong"
  row('fixed_verify_needed', 'close', 'closed', 'closed', 'closed'), // "verify, and close them when they have been resolved"
  row('fixed_verify_needed', 'assign', 'fixed_verify_needed', 'assigned'),
  row('fixed_verify_needed', 'auto_close', 'closed', 'auto_closed', 'closed'), // left unverified; not a verification

  // Closed: "verified as fixed, the ticket is closed, and no more action is needed."
  row('closed', 'notfixed', 'back_to_work', 'not_fixed'), // "If the ticket is not fixed ... select 'Mark the issue as not fixed'"
  row('closed', 'reopen', 'back_to_work', 'reopened'), // a reply to a closed ticket within REOPEN_DAYS
  // "Mark the issue as verified" in the fix mail, pressed after the fix was closed unverified
  // (automatically, or by staff): it stays closed, now verified, within REOPEN_DAYS (tickets/decide.ts).
  // Only a fix: a ticket closed while it was not marked fixed has none to verify.
  row('closed', 'verified', 'closed', 'verified', 'verified', { resolution: 'closed', fix: true }),
];

/**
 * The events of the moves into a fix awaiting verification and back to work from one or from a
 * close (the table's rows to Fixed - Verify Needed, and to New or Assigned from there or from
 * Closed). A fix is left only for Closed or back to work, so the latest of these a closed ticket
 * announced is `fixed` exactly when it was closed while its fix awaited verification: by the
 * scheduler for want of verification, by staff, or verified.
 */
export const FIX_EVENTS = ['fixed', 'not_fixed', 'reopened'] as const satisfies readonly TicketEvent[];

/** Whether a ticket in `status` that announced `events` (oldest first) was closed while its fix awaited verification. */
export function isClosedAfterFix(status: TicketStatus, events: readonly string[]): boolean {
  const latest = [...events].reverse().find((e) => (FIX_EVENTS as readonly string[]).includes(e));
  return status === 'closed' && latest === 'fixed';
}

/** Why an action does not apply, where a general "not from this status" would not help. */
const ILLEGAL_HINTS: Partial<Record<TransitionAction, string>> = {
  verified: 'only a ticket marked fixed (Fixed - Verify Needed) can be verified',
  notfixed: 'only a ticket marked fixed or closed can be marked not fixed',
  reopen: 'only a closed ticket can be reopened',
  respond: 'the ticket is not waiting for a response',
  auto_close: 'only a fix nobody verified is closed automatically',
};

/** Why a row kept for a ticket closed while its fix awaited verification does not apply to one closed otherwise. */
const NO_FIX_HINTS: Partial<Record<TransitionAction, string>> = {
  verified: 'it was closed while not marked fixed, so there is no fix to verify',
};

/** Why a row kept for one way a ticket was closed does not apply to a ticket closed another way. */
const RESOLUTION_HINTS: Partial<Record<TransitionAction, Partial<Record<Resolution, string>>>> = {
  verified: {
    verified: 'it is already verified',
    routed: 'the request was routed to another organisation, so there is no fix of ours to verify',
  },
};

export type TransitionResult =
  | { kind: 'moved'; status: TicketStatus; resolution: Resolution | null; event: TicketEvent }
  | { kind: 'illegal'; reason: string };

export function findTransition(from: TicketStatus, action: TransitionAction): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.action === action);
}

export function isTransitionAllowed(from: TicketStatus, action: TransitionAction): boolean {
  return findTransition(from, action) !== undefined;
}

/**
 * Where `action` takes a ticket in `current`, or why it cannot. A row kept for one way a ticket was
 * closed needs `current.resolution` to be that way, and one kept for a closed fix needs
 * `current.closedAfterFix`; a ticket whose resolution or fix is not given is never taken for it.
 */
export function nextStatus(
  current: { status: TicketStatus; assigneeEmail: string | null; resolution?: Resolution | null; closedAfterFix?: boolean },
  action: TransitionAction,
): TransitionResult {
  const transition = findTransition(current.status, action);
  const where = `the ticket is ${STATUS_LABELS[current.status]}`;
  if (!transition) {
    const hint = ILLEGAL_HINTS[action];
    return { kind: 'illegal', reason: hint ? `${hint}; ${where}` : `not possible while ${where}` };
  }
  if (transition.fromResolution !== undefined && current.resolution !== transition.fromResolution) {
    const hint = (current.resolution && RESOLUTION_HINTS[action]?.[current.resolution]) ?? ILLEGAL_HINTS[action];
    return { kind: 'illegal', reason: hint ? `${hint}; ${where}` : `not possible while ${where}` };
  }
  if (transition.fromFix && current.closedAfterFix !== true) {
    const hint = NO_FIX_HINTS[action] ?? ILLEGAL_HINTS[action];
    return { kind: 'illegal', reason: hint ? `${hint}; ${where}` : `not possible while ${where}` };
  }
  const status =
    transition.to === 'back_to_work' ? (current.assigneeEmail ? 'assigned' : 'new') : transition.to;
  return { kind: 'moved', status, resolution: transition.resolution, event: transition.event };
}
