// The ticket vocabulary shared by every stage: statuses, resolutions, roles and the events
// a ticket change announces. Pure data; no I/O.

export const TICKET_STATUSES = ['new', 'assigned', 'waiting_for_response', 'fixed_verify_needed', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** How a closed ticket ended: verified by the submitter, closed otherwise, or routed to another organisation. */
export const RESOLUTIONS = ['verified', 'closed', 'routed'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const TICKET_TYPES = ['issue', 'question', 'suggestion'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * Who handles a request (the escalation workflow's desks: the help desk itself, MACCH, NMIS, the
 * vendor written to directly, a Help Center article), as intake decides it and `#route` corrects it.
 */
export const ROUTES = ['ica_helpdesk', 'macch', 'nmis', 'vendor_direct', 'self_service'] as const;
export type Route = (typeof ROUTES)[number];

/** The help desk's topics (the escalation workflow's list of what the ICA Help Desk is for), as intake decides and `#topic` corrects them. */
export const TOPICS = [
  'new_user_training', 'client_record', 'reports', 'merge_request', 'provider_configuration',
  'new_agency_program', 'migration_question', 'workflow_data_entry', 'data_quality', 'system_error',
  'login_password_account', 'hud_report_submission', 'security_training', 'coordinated_entry_config', 'other',
] as const;
export type Topic = (typeof TOPICS)[number];

/** A person's role on one ticket. `support` is the vendor tier (SUPPORT_ADDRESS). */
export const PARTICIPANT_ROLES = ['submitter', 'interested', 'assignee', 'admin', 'support'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** Where a request handled by another organisation goes: who, why (in words for the requester), and the address it is forwarded to (null: the requester is told, nothing is forwarded). */
export interface RoutedTo {
  name: string;
  why: string;
  address: string | null;
}

/** The organisations a request is routed to (escalation-workflow: MACCH, NMIS). */
export const FORWARDED_ROUTES = ['macch', 'nmis'] as const;
export type ForwardedRoute = (typeof FORWARDED_ROUTES)[number];

export interface Participant {
  personId: number;
  email: string;
  name: string;
  role: ParticipantRole;
  /** False once the person said "stop updating me" on this ticket, or staff stopped their updates. */
  notify: boolean;
  /** True when someone else (staff) stopped this person's updates; absent: their own stop, or none. */
  stoppedByOther?: boolean;
  /**
   * False for someone a non-staff participant added who has not written on the ticket yet:
   * they hear only of what staff do (src/tickets/participant-limits.ts). Absent: true.
   */
  vouched?: boolean;
}

/** A file sent with a request or a note, as the parser describes it. */
export interface AttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
  /** sha256 hex of the content. */
  checksum: string;
  contentId: string | null;
  /** IMAP-style MIME part number ('1.2'), which finds the part again in the raw message. */
  partId?: string | null;
  inline: boolean;
  /** The bytes; absent when the parse was asked to skip contents. */
  content?: Buffer;
  /** Content-Disposition as the sender wrote it (lower-cased), or null when the part had none. */
  disposition?: string | null;
  /** True when the sender named the file (Content-Disposition filename or Content-Type name). */
  hasOwnFilename?: boolean;
}

/** The part of a ticket that the lifecycle rules read. */
export interface TicketState {
  id: number;
  ref: string;
  status: TicketStatus;
  resolution: Resolution | null;
  type: TicketType;
  priority: Priority;
  summary: string;
  assigneeEmail: string | null;
  closedAt: Date | null;
  escalatedAt: Date | null;
  /**
   * Closed while its fix awaited verification (by the scheduler for want of verification, or by
   * staff): a fix there is to verify after the close (tickets/transitions.ts isClosedAfterFix, read
   * from the events the ticket announced). Absent: not so.
   */
  closedAfterFix?: boolean;
  /** The intake classification as stored (corrections name what they corrected). */
  route?: string | null;
  topic?: string | null;
  /** Checklist items the help desk asked the submitter for and has not had yet. */
  missingInfo?: string[];
  /** Client IDs named on the ticket so far. */
  clientIds?: string[];
  /** The stored row's version when this state was read; the store refuses a change made on an older one. */
  version?: number;
}

/** Events a ticket change announces; each has one status-mail template. */
export const TICKET_EVENTS = [
  'submitted',
  'new_ticket_admin',
  'assigned',
  'new_note',
  'fixed',
  'verified',
  'closed',
  'not_fixed',
  'reopened',
  'waiting',
  'escalated',
  'routed',
  'forwarded',
  'reminder_verify',
  'reminder_stale',
  'reminder_waiting',
  'auto_closed',
  'digest',
  'command_refused',
  'bounce_notice',
  'jobs_failed',
  'limits_summary',
  'message_too_large',
] as const;
export type TicketEvent = (typeof TICKET_EVENTS)[number];
