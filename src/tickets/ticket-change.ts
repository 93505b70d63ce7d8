// The one decision the pipeline makes per message: what to do to which ticket. Plain data,
// produced by the pure `decide` stage and carried out by the ticket store in one transaction.
import type { Priority, ParticipantRole, Resolution, TicketEvent, TicketStatus, TicketType } from './types.ts';
import type { AttachmentInfo } from './types.ts';

export interface PersonRef {
  email: string;
  /** The display name to store; '' when the message proves nothing about whose name it is. */
  name: string;
  /** The name comes from mail that proved this person (DMARC pass or their signed reply address). */
  nameVerified?: boolean;
}

export interface NewNote {
  author: PersonRef | null;
  kind: 'note' | 'system' | 'auto_reply' | 'bounce';
  body: string;
  stripped: string;
  internal: boolean;
}

export interface EventSpec {
  event: TicketEvent;
  /** Who caused it (not mailed about their own action); null for the system. */
  actor: PersonRef | null;
  /** Template data that is not on the ticket itself (acks, refusals, reasons, articles...). */
  payload: Record<string, unknown>;
  /** Attach the note this change adds. */
  withNote?: boolean;
  /** A note already stored that the event's mail shows instead (a reminder quotes the question it reminds of). */
  noteId?: number;
  /** Once-only key for scheduled events. */
  dedupeKey?: string;
}

export interface NewTicket {
  summary: string;
  originalSubject: string;
  description: string;
  status: TicketStatus;
  resolution: Resolution | null;
  type: TicketType;
  priority: Priority;
  route: string | null;
  topic: string | null;
  clientIds: string[];
  missingInfo: string[];
  previousTicketId: number | null;
  /** Why the sender could not be verified (DMARC failed); admins see "unverified sender". Absent: verified or not checked. */
  unverifiedSender?: string | null;
}

export interface TicketPatch {
  status?: TicketStatus;
  resolution?: Resolution | null;
  type?: TicketType;
  priority?: Priority;
  route?: string;
  topic?: string;
  assignee?: PersonRef | null;
  missingInfo?: string[];
  clientIds?: string[];
  escalated?: boolean;
  externalRef?: string;
  /** When a reminder went out (keeps the ticket's activity time unchanged). */
  remindedAt?: Date;
}

export type ParticipantChange =
  /** `by`: who added them, named in their first status mail (absent: the system, e.g. escalation). */
  | { kind: 'add'; person: PersonRef; role: ParticipantRole; vouched?: boolean; by?: PersonRef }
  /**
   * No more status mail to this person on the ticket. `by`: who stopped it, when not the person
   * themselves; someone else's stop removes a person brought in (the guide's "Remove"): their
   * interested role on the ticket ends, and with it the ticket (src/adapters/db/ticket-store.ts).
   * `keepOff`: staff removed them; a record keeps them off the ticket until staff add them again.
   */
  | { kind: 'stop'; email: string; by?: string; keepOff?: boolean }
  /** Status mail to this person on the ticket again, after a stop (their own, or staff's). */
  | { kind: 'resume'; email: string }
  /** The person wrote on the ticket, or staff named them: they hear everything from now on. */
  | { kind: 'vouch'; email: string };

export interface Correction { field: 'route' | 'topic'; from: string | null; to: string; by: PersonRef }

export interface UndeliverableMark { address: string; reason: string }

export type TicketChange =
  | {
      kind: 'create';
      ticket: NewTicket;
      submitter: PersonRef;
      /** `addedBy`: who copied them in, named in their first status mail. */
      participants: { person: PersonRef; role: ParticipantRole; addedBy?: PersonRef }[];
      attachments: AttachmentInfo[];
      /** The text of the system note the request's files hang on. */
      filesNote?: string;
      events: EventSpec[];
    }
  | {
      kind: 'update';
      ticketId: number;
      outcome: 'appended' | 'reopened' | 'updated' | 'recorded';
      patch: TicketPatch;
      note: NewNote | null;
      attachments: AttachmentInfo[];
      participantChanges: ParticipantChange[];
      corrections: Correction[];
      undeliverable: UndeliverableMark[];
      events: EventSpec[];
      /** What the actor's commands did, in their words ("Marked as fixed."), for a page to show. */
      acknowledgements?: string[];
      /** Internal notes the mail side adds (why automatic mail stopped), after the change's own note. */
      extraNotes?: NewNote[];
    }
  | { kind: 'ignore'; reason: string; ticketId: number | null; undeliverable?: UndeliverableMark[] }
  | { kind: 'quarantine'; code: string; reason: string };
