// Which template, subject line and props each status-mail event uses, and the reply
// commands our action links prefill. Pure data and string functions; no I/O. The
// subject prefix `[<system> Issues Tracking] Issue <ref>` is what replies are threaded by.

import { NOT_FIXED_PROMPT } from '../tickets/commands.ts';
import { subjectTag } from '../tickets/reference.ts';
import type { Priority, TicketEvent, TicketStatus } from '../tickets/types.ts';

/** One attached file as the mail mentions it: never the file itself. */
export interface AttachmentInfo {
  name: string;
  /** Size in bytes. */
  size: number;
}

/** A command in a reply that was not obeyed, and why. */
export interface CommandRefusal {
  command: string;
  reason: string;
}

/** A Help Center article that may answer the question. */
export interface HelpArticle {
  title: string;
  url: string;
}

/** Where a routed ticket went and why that organisation handles it. */
export interface RoutedTo {
  name: string;
  why: string;
  /** The request was forwarded there; otherwise the requester is told to contact them. */
  forwarded?: boolean;
}

/** A delivery failure we tell someone about. */
export interface BounceInfo {
  address: string;
  /** The remote server's diagnostic text, as reported in the DSN. */
  diagnostic: string;
}

/** One ticket line in the daily digest. */
export interface DigestRow {
  ref: string;
  summary: string;
  status: TicketStatus;
  priority: Priority;
  ageDays: number;
  /** PUBLIC_URL/tickets/<ref>. */
  url: string;
}

/** What every status mail about one ticket is filled from. All text is plain text; render escapes it. */
export interface StatusMailProps {
  /** The system name in subjects and wording, e.g. "ClientTrack". */
  systemName: string;
  /** The ticket reference including its prefix, e.g. "Utah_RW-180". */
  ticketRef: string;
  summary: string;
  /** Human status label; see STATUS_LABELS. */
  statusLabel: string;
  /** PUBLIC_URL/tickets/<ref>; must be http(s). */
  ticketUrl: string;
  recipientName: string;
  /** The recipient works the ticket (an admin, its assignee, the support team): mail that asks for work says so only to them. */
  forStaff?: boolean;
  /** The recipient may verify a fix (#verified): only then does the mail offer it. */
  mayVerify?: boolean;
  /** The recipient may mark a fix not fixed (#notfixed): only then does the mail offer it. */
  mayMarkNotFixed?: boolean;
  /** The recipient may mark the issue fixed (#fixed): only then does the mail offer it. */
  mayMarkFixed?: boolean;
  /** The recipient may escalate the ticket to the support team (#escalate), and it can be escalated now (tickets/escalation.ts): only then does the mail offer it. */
  mayEscalate?: boolean;
  /** The recipient may assign the ticket (#assign me): only then does the mail offer it. */
  mayAssign?: boolean;
  /**
   * The ticket's fix awaits verification: a reminder that it has had no update is about a fix its
   * answer said does not work (tickets/decide.ts decideScheduled), and offers no "Mark as fixed".
   */
  fixAwaitingVerification?: boolean;
  /** The recipient's signed reply address; action links are mailto: links to it. */
  replyAddress: string;
  /** Who took the action the mail announces (the system name for automatic actions). */
  actorName: string;
  /** Who added the recipient to the ticket; only in the first mail they receive about it. */
  addedBy?: string;
  noteText?: string;
  /** True when the note is staff-only. */
  noteInternal?: boolean;
  reasonText?: string;
  assigneeName?: string;
  /** The ticket was the recipient's until this reassignment gave it to `assigneeName` (an `assigned` mail). */
  reassignedAway?: boolean;
  attachments?: AttachmentInfo[];
  /** Sentences acknowledging commands we carried out, e.g. "The issue is marked as verified." */
  acknowledgements?: string[];
  refusals?: CommandRefusal[];
  /** Questions asking for information the ticket lacks, one sentence each. */
  missingInfo?: string[];
  /** The missing information is someone else's to give (staff reading their own copy): said as still needed from the requester, not asked of them. */
  missingFromRequester?: boolean;
  articles?: HelpArticle[];
  routedTo?: RoutedTo;
  /** A related ticket: the duplicate kept open, or the reference at the organisation routed to. */
  otherTicketRef?: string;
  /** Days without change, for reminders and automatic closing. */
  idleDays?: number;
  digest?: DigestRow[];
  failedJobs?: FailedJobRow[];
  limitsSummary?: LimitsSummaryInfo;
  /** The answer to a message too large to read, as outbound/oversized-answer decided it (paragraphs apart by blank lines). */
  answerText?: string;
  bounce?: BounceInfo;
  /** The person who asked, for mail forwarded to another organisation that should answer them. */
  requesterAddress?: string;
}

/** The daily digest is about many tickets, so it has no ticket fields of its own. */
export type DigestMailProps = Omit<StatusMailProps, 'ticketRef' | 'summary' | 'statusLabel' | 'ticketUrl' | 'actorName'> & {
  digest: DigestRow[];
};

/** One job set aside after its last attempt, for the admins' notice. */
export interface FailedJobRow {
  queue: string;
  jobId: string;
  attempts: number;
  reason: string;
}

/** The notice of failed jobs is about the service, not one ticket. */
export type JobsFailedMailProps = Omit<StatusMailProps, 'ticketRef' | 'summary' | 'statusLabel' | 'ticketUrl' | 'actorName'> & {
  failedJobs: FailedJobRow[];
};

/** New requests held or admin notices summarised since the last summary, by folded sender. */
export interface LimitsSummaryInfo {
  held: number;
  summarised: number;
  /** Messages over MAX_MESSAGE_MB, held with their headers only (absent in summaries stored before they were counted). */
  tooLarge?: number;
  senders: { address: string; count: number }[];
  /** When the period began, as the mail shows it (in TIME_ZONE, tickets/shown-time.ts). */
  since: string;
}

/** The summary of limited requests is about the service, not one ticket. */
export type LimitsSummaryMailProps = Omit<StatusMailProps, 'ticketRef' | 'summary' | 'statusLabel' | 'ticketUrl' | 'actorName'> & {
  limitsSummary: LimitsSummaryInfo;
};

/** The answer to a message too large to read is about no ticket: none was opened. */
export type MessageTooLargeMailProps = Omit<StatusMailProps, 'ticketRef' | 'summary' | 'statusLabel' | 'ticketUrl' | 'actorName'> & {
  answerText: string;
};

/** Events about no single ticket: no ticket headers, links or signed reply address of their own. */
export const SERVICE_EVENTS: ReadonlySet<TicketEvent> = new Set(['digest', 'jobs_failed', 'limits_summary', 'message_too_large']);

/** The props each event's template needs: StatusMailProps plus the fields that event cannot do without. */
export interface EventProps {
  submitted: StatusMailProps;
  new_ticket_admin: StatusMailProps;
  assigned: StatusMailProps & { assigneeName: string };
  new_note: StatusMailProps & { noteText: string };
  fixed: StatusMailProps;
  verified: StatusMailProps;
  closed: StatusMailProps;
  not_fixed: StatusMailProps;
  reopened: StatusMailProps;
  waiting: StatusMailProps;
  escalated: StatusMailProps;
  routed: StatusMailProps & { routedTo: RoutedTo };
  forwarded: StatusMailProps & { routedTo: RoutedTo; noteText: string; requesterAddress: string };
  reminder_verify: StatusMailProps;
  reminder_stale: StatusMailProps;
  reminder_waiting: StatusMailProps;
  auto_closed: StatusMailProps;
  digest: DigestMailProps;
  command_refused: StatusMailProps & { refusals: CommandRefusal[] };
  bounce_notice: StatusMailProps & { bounce: BounceInfo };
  jobs_failed: JobsFailedMailProps;
  limits_summary: LimitsSummaryMailProps;
  message_too_large: MessageTooLargeMailProps;
}

export const STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  new: 'New',
  assigned: 'Assigned',
  waiting_for_response: 'Waiting for Response',
  fixed_verify_needed: 'Fixed - Verify Needed',
  closed: 'Closed',
};

export const PRIORITY_LABELS: Readonly<Record<Priority, string>> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

/**
 * Commands an action link prefills in the reply body. `prompt` is a second line the
 * person completes (the guide asks what is still wrong when an issue is not fixed).
 */
export const REPLY_COMMANDS = {
  verified: { command: '#verified' },
  notFixed: { command: '#notfixed', prompt: NOT_FIXED_PROMPT },
  stop: { command: '#stop' },
  assignMe: { command: '#assign me' },
  fixed: { command: '#fixed' },
  escalate: { command: '#escalate' },
} as const satisfies Record<string, { command: string; prompt?: string }>;
export type ReplyCommandName = keyof typeof REPLY_COMMANDS;

export { subjectTag };

export interface TemplateDefinition<E extends TicketEvent> {
  /** File under templates/, e.g. "new-note.mjml". */
  file: string;
  subject: (props: EventProps[E]) => string;
  /** Optional StatusMailProps fields this template cannot be rendered without. */
  requires: readonly (keyof StatusMailProps)[];
}

function ticketSubject<E extends Exclude<TicketEvent, 'digest' | 'jobs_failed' | 'limits_summary' | 'message_too_large'>>(tail: string): TemplateDefinition<E>['subject'] {
  return (props) => `${subjectTag(props.systemName, props.ticketRef)} ${tail}`;
}

/** Each event's template file, subject line and required fields. */
export const MAIL_TEMPLATES: { readonly [E in TicketEvent]: TemplateDefinition<E> } = {
  // The first five subjects are word for word the user guide's (section 4).
  submitted: { file: 'submitted.mjml', subject: ticketSubject('has been submitted'), requires: [] },
  // Whom a reassignment took it from reads "has been reassigned": the guide's words are for the requester.
  assigned: {
    file: 'assigned.mjml',
    subject: (props) => `${subjectTag(props.systemName, props.ticketRef)} ${props.reassignedAway ? 'has been reassigned' : 'has been assigned'}`,
    requires: ['assigneeName'],
  },
  new_note: { file: 'new-note.mjml', subject: ticketSubject('New Note'), requires: ['noteText'] },
  fixed: { file: 'fixed.mjml', subject: ticketSubject('has been fixed'), requires: [] },
  verified: { file: 'verified.mjml', subject: ticketSubject('has been verified'), requires: [] },
  new_ticket_admin: {
    file: 'new-ticket-admin.mjml',
    subject: ticketSubject('has been submitted and is not yet assigned'),
    requires: [],
  },
  closed: { file: 'closed.mjml', subject: ticketSubject('has been closed'), requires: [] },
  not_fixed: { file: 'not-fixed.mjml', subject: ticketSubject('is not fixed'), requires: [] },
  reopened: { file: 'reopened.mjml', subject: ticketSubject('has been reopened'), requires: [] },
  // The staff on the ticket are not who it waits on: they read whose response it waits for.
  waiting: {
    file: 'waiting.mjml',
    subject: (props) => `${subjectTag(props.systemName, props.ticketRef)} ${props.forStaff ? 'is waiting for a response from the requester' : 'is waiting for your response'}`,
    requires: [],
  },
  escalated: { file: 'escalated.mjml', subject: ticketSubject('has been escalated'), requires: [] },
  // "has been forwarded" only when it was: with no address set, whose it is.
  routed: {
    file: 'routed.mjml',
    subject: (props) => `${subjectTag(props.systemName, props.ticketRef)} ${props.routedTo.forwarded ? 'has been forwarded' : `belongs with ${oneLine(props.routedTo.name)}`}`,
    requires: ['routedTo'],
  },
  forwarded: { file: 'forwarded.mjml', subject: ticketSubject('forwarded to you'), requires: ['routedTo', 'noteText', 'requesterAddress'] },
  reminder_verify: { file: 'reminder-verify.mjml', subject: ticketSubject('needs your verification'), requires: [] },
  reminder_stale: { file: 'reminder-stale.mjml', subject: ticketSubject('has had no update'), requires: [] },
  // The guide's words for the question, as the `waiting` mail has them; "still" tells the reminder from
  // that mail. Staff copied on the request are not who it waits on, as in the `waiting` mail.
  reminder_waiting: {
    file: 'reminder-waiting.mjml',
    subject: (props) => `${subjectTag(props.systemName, props.ticketRef)} ${props.forStaff ? 'is still waiting for a response from the requester' : 'is still waiting for your response'}`,
    requires: [],
  },
  auto_closed: { file: 'auto-closed.mjml', subject: ticketSubject('has been closed automatically'), requires: [] },
  digest: {
    file: 'digest.mjml',
    subject: (props) => {
      const count = props.digest.length;
      return `[${oneLine(props.systemName)} Issues Tracking] Daily digest: ${count} open ${count === 1 ? 'issue' : 'issues'}`;
    },
    requires: ['digest'],
  },
  command_refused: {
    file: 'command-refused.mjml',
    subject: ticketSubject('Your command was not carried out'),
    requires: ['refusals'],
  },
  bounce_notice: { file: 'bounce-notice.mjml', subject: ticketSubject('update could not be delivered'), requires: ['bounce'] },
  jobs_failed: {
    file: 'jobs-failed.mjml',
    subject: (props) => {
      const count = props.failedJobs.length;
      return `[${oneLine(props.systemName)} Issues Tracking] ${count} ${count === 1 ? 'job' : 'jobs'} failed and set aside`;
    },
    requires: ['failedJobs'],
  },
  limits_summary: {
    file: 'limits-summary.mjml',
    subject: (props) => {
      const count = props.limitsSummary.held + props.limitsSummary.summarised;
      const tooLarge = props.limitsSummary.tooLarge ?? 0;
      const parts = [
        ...(count > 0 || tooLarge === 0 ? [`${count} new ${count === 1 ? 'request' : 'requests'} held or limited`] : []),
        ...(tooLarge > 0 ? [`${tooLarge} ${tooLarge === 1 ? 'message' : 'messages'} too large`] : []),
      ];
      return `[${oneLine(props.systemName)} Issues Tracking] ${parts.join(', ')}`;
    },
    requires: ['limitsSummary'],
  },
  message_too_large: {
    file: 'message-too-large.mjml',
    subject: (props) => `[${oneLine(props.systemName)} Issues Tracking] Your message was too large`,
    requires: ['answerText'],
  },
};

/** Subject lines are header values: no line breaks may come in through settings or refs. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}
