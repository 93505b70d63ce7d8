// One ticket as its web page shows it: the ticket row with submitter and assignee, participants,
// notes with author and files, and the status changes announced on it (who did what, when).
// Who may see which part is decided by the route; this only reads. I/O: database reads.
import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Participant, ParticipantRole } from '../../tickets/types.ts';
import type { Db } from './client.ts';
import { stopOf } from './ticket-store.ts';
import { inboundMessages, noteAttachments, notes, outbox, participants, people, ticketMutes, tickets } from './schema.ts';
import { WEB_MAILBOX } from '../../inbound/web-mailbox.ts';
import { isTicketRef } from '../../tickets/reference.ts';

export type TicketRow = typeof tickets.$inferSelect;

export interface PagePerson { id: number; email: string; name: string }

export interface PageNote {
  id: number;
  kind: string;
  body: string;
  internal: boolean;
  createdAt: Date;
  author: PagePerson | null;
  /** `removed`: the mail that carried the file was cleared under RAW_MAIL_DAYS (the file with it). */
  files: { id: number; filename: string; size: number; contentType: string; stored: boolean; removed: boolean }[];
}

export interface PageEvent { id: number; event: string; createdAt: Date; actor: PagePerson | null; noteId: number | null }

export interface TicketPage {
  ticket: TicketRow;
  submitter: PagePerson;
  assignee: PagePerson | null;
  previousRef: string | null;
  /**
   * For a closed ticket, the newest open ticket that follows up on it, which what is written too late
   * for this one goes into (tickets/decide.ts noteOnOpenFollowUp), with the people staff took off it,
   * for whom it opens one of their own; null when there is none.
   */
  openFollowUp: { ref: string; removedPersonIds: number[] } | null;
  participants: Participant[];
  /** People not on the ticket who said #stop on it (ticketMuted): not among its people. */
  muted: MutedPerson[];
  notes: PageNote[];
  events: PageEvent[];
}

/** Events that change a ticket's status or its handling: shown in the thread. */
export const THREAD_EVENTS = ['submitted', 'assigned', 'fixed', 'verified', 'closed', 'not_fixed', 'reopened', 'waiting', 'escalated', 'routed', 'auto_closed'] as const;

/** The ticket named `ref` (any case); null for a ref that cannot be one (isTicketRef), which is not looked up. */
export async function findTicketByRef(db: Db, ref: string): Promise<TicketRow | null> {
  if (!isTicketRef(ref)) return null;
  const [row] = await db.select().from(tickets).where(sql`lower(${tickets.ref}) = lower(${ref})`);
  return row ?? null;
}

/**
 * A ticket's participants, earliest first, as a reply by mail reads them (TicketStore.participantsOf):
 * `stoppedByOther` when staff stopped someone's updates, so that the page's forms say so and staff's
 * add turns such a stop back on, and `vouched`, so that staff's add of someone a requester brought in
 * vouches for them, both as staff's #cc does.
 */
export async function ticketParticipants(db: Db, ticketId: number): Promise<Participant[]> {
  const rows = await db
    .select({ personId: people.id, email: people.email, name: people.name, role: participants.role, notify: participants.notify, vouched: participants.vouched, stoppedById: participants.stoppedById })
    .from(participants)
    .innerJoin(people, eq(people.id, participants.personId))
    .where(eq(participants.ticketId, ticketId))
    .orderBy(asc(participants.createdAt));
  return rows.map(({ stoppedById, ...r }) => ({ ...r, role: r.role as ParticipantRole, ...stopOf(r.personId, stoppedById) }));
}

/** Someone not on a ticket who said #stop on it (an admin, who hears of it as an admin). */
export interface MutedPerson { personId: number; email: string }

/** The people not on a ticket who said #stop on it (ticket_mutes): no mail about it, and no place on it. */
export async function ticketMuted(db: Db, ticketId: number): Promise<MutedPerson[]> {
  return db.select({ personId: people.id, email: people.email }).from(ticketMutes)
    .innerJoin(people, eq(people.id, ticketMutes.personId)).where(eq(ticketMutes.ticketId, ticketId));
}

export async function loadTicketPage(db: Db, ticket: TicketRow): Promise<TicketPage> {
  const personIds = [ticket.submitterId, ...(ticket.assigneeId ? [ticket.assigneeId] : [])];
  const [list, muted, noteRows, eventRows, previous, next] = await Promise.all([
    ticketParticipants(db, ticket.id),
    ticketMuted(db, ticket.id),
    db.select({ id: notes.id, kind: notes.kind, body: notes.body, internal: notes.internal, createdAt: notes.createdAt, authorId: notes.authorId, mailClearedAt: inboundMessages.rawClearedAt })
      .from(notes).leftJoin(inboundMessages, eq(inboundMessages.id, notes.inboundMessageId)).where(eq(notes.ticketId, ticket.id)).orderBy(asc(notes.id)),
    db.select({ id: outbox.id, event: outbox.event, createdAt: outbox.createdAt, actorId: outbox.actorId, noteId: outbox.noteId })
      .from(outbox).where(and(eq(outbox.ticketId, ticket.id), inArray(outbox.event, [...THREAD_EVENTS]))).orderBy(asc(outbox.id)),
    ticket.previousTicketId ? db.select({ ref: tickets.ref }).from(tickets).where(eq(tickets.id, ticket.previousTicketId)) : Promise.resolve([]),
    ticket.status === 'closed'
      ? db.select({ ref: tickets.ref, removedPersonIds: sql<number[]>`(select coalesce(json_agg(r.person_id), '[]'::json) from participant_removals r where r.ticket_id = ${tickets.id})` })
        .from(tickets).where(and(eq(tickets.previousTicketId, ticket.id), ne(tickets.status, 'closed'))).orderBy(desc(tickets.id)).limit(1)
      : Promise.resolve([]),
  ]);
  const files = noteRows.length
    ? await db.select().from(noteAttachments).where(inArray(noteAttachments.noteId, noteRows.map((n) => n.id))).orderBy(asc(noteAttachments.id))
    : [];
  const ids = [...new Set([...personIds, ...noteRows.map((n) => n.authorId), ...eventRows.map((e) => e.actorId)].filter((id): id is number => id !== null))];
  const persons = ids.length ? await db.select({ id: people.id, email: people.email, name: people.name }).from(people).where(inArray(people.id, ids)) : [];
  const byId = new Map(persons.map((p) => [p.id, p]));
  const person = (id: number | null) => (id === null ? null : byId.get(id) ?? null);
  return {
    ticket,
    submitter: person(ticket.submitterId) ?? { id: ticket.submitterId, email: '', name: '' },
    assignee: person(ticket.assigneeId),
    previousRef: previous[0]?.ref ?? null,
    openFollowUp: next[0] ?? null,
    participants: list,
    muted,
    notes: noteRows.map((n) => ({
      id: n.id, kind: n.kind, body: n.body, internal: n.internal, createdAt: n.createdAt, author: person(n.authorId),
      files: files.filter((f) => f.noteId === n.id).map((f) => ({ id: f.id, filename: f.filename, size: f.size, contentType: f.contentType, stored: f.checksum !== null, removed: f.checksum !== null && n.mailClearedAt !== null })),
    })),
    events: eventRows.map((e) => ({ id: e.id, event: e.event, createdAt: e.createdAt, actor: person(e.actorId), noteId: e.noteId })),
  };
}

/** One file of one ticket, with the note it hangs on (for the download check). */
export async function findTicketFile(db: Db, ticketId: number, fileId: number): Promise<{ checksum: string; filename: string; size: number; contentType: string; internal: boolean; carriedBy: number | null } | null> {
  const [row] = await db
    .select({ checksum: noteAttachments.checksum, filename: noteAttachments.filename, size: noteAttachments.size, contentType: noteAttachments.contentType, internal: notes.internal, carriedBy: notes.inboundMessageId })
    .from(noteAttachments)
    .innerJoin(notes, eq(notes.id, noteAttachments.noteId))
    .where(and(eq(noteAttachments.id, fileId), eq(notes.ticketId, ticketId), isNotNull(noteAttachments.checksum)));
  return row && row.checksum ? { ...row, checksum: row.checksum } : null;
}

/** The mail that opened a ticket, or when it was cleared under RAW_MAIL_DAYS. */
export type RequestMail = { kind: 'mail'; raw: Buffer } | { kind: 'cleared'; clearedAt: Date };

/**
 * The raw mail that opened the ticket, or null when it was opened some other way (the request
 * form). Only the message whose outcome created the ticket: every later one filed on it (a reply,
 * an admin's internal note, a bounce) is a note, shown as the page shows notes.
 */
export async function findRequestMail(db: Db, ticketId: number): Promise<RequestMail | null> {
  const [row] = await db.select({ raw: inboundMessages.raw, clearedAt: inboundMessages.rawClearedAt, mailbox: inboundMessages.mailbox }).from(inboundMessages)
    .where(and(eq(inboundMessages.ticketId, ticketId), eq(inboundMessages.outcome, 'created'))).orderBy(asc(inboundMessages.id)).limit(1);
  if (!row || row.mailbox === WEB_MAILBOX) return null;
  return row.raw ? { kind: 'mail', raw: row.raw } : { kind: 'cleared', clearedAt: row.clearedAt ?? new Date(0) };
}
