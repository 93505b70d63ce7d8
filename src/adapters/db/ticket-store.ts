// Tickets in PostgreSQL: resolves thread clues to a ticket, carries out a TicketChange in one
// transaction (ticket, note, participants, attachments, outbox events, inbound outcome), and
// reads tickets for the CLI. I/O: database only; every decision was made before it gets here.
import { and, asc, desc, eq, gt, inArray, isNotNull, lt, ne, sql, type Placeholder } from 'drizzle-orm';
import type postgres from 'postgres';
import { RetryableError } from '../../errors.ts';
import type { ThreadClues, ThreadMatch } from '../../inbound/thread.ts';
import type { NoteSinceFix } from '../../tickets/decide.ts';
import { FIX_ANSWER_READ_CHARS } from '../../tickets/fix-answer.ts';
import type { EventSpec, NewNote, TicketChange } from '../../tickets/ticket-change.ts';
import { isStorable } from '../../inbound/attachment-limit.ts';
import type { AttachmentInfo } from '../../inbound/types.ts';
import { formatTicketRef, isTicketRef } from '../../tickets/reference.ts';
import { isRowId } from '../../tickets/row-id.ts';
import { closedAtOnCreate, duplicateOf, updateStamps } from '../../tickets/stored-change.ts';
import { FIX_EVENTS, isClosedAfterFix } from '../../tickets/transitions.ts';
import type { Participant, ParticipantRole, TicketState, TicketStatus } from '../../tickets/types.ts';
import { builtOnce, builtPerShape, perHandle, preparedSql, type Db, type Tx } from './client.ts';
import { selectHandledDuplicate } from './inbound-store.ts';
import { upsertPerson } from './people.ts';
import {
  attachments, classificationCorrections, inboundMessages, noteAttachments, notes, outbox, outboundMessages, participantRemovals, participants, people, ticketMutes, tickets,
} from './schema.ts';

export type TicketRow = typeof tickets.$inferSelect;
type OutboxInsert = typeof outbox.$inferInsert;

export interface ThreadLookup {
  ticket: TicketRow | null;
  /** The ticket's assignee's address, when it has one. */
  assigneeEmail: string | null;
  matchedBy: ThreadMatch;
  participants: Participant[];
  /** The addresses of people staff took off the ticket (participant_removals): kept off it but by staff. */
  removedByStaff: string[];
  /** The addresses of people not on the ticket who stopped its mail (ticket_mutes): an admin's #stop. */
  muted: string[];
  /** Closed while its fix awaited verification (TicketState.closedAfterFix). */
  closedAfterFix: boolean;
}
type TicketWithPeople = Omit<ThreadLookup, 'matchedBy' | 'ticket'> & { ticket: TicketRow };

const byRefWhere = (ref: string | Placeholder) => sql`lower(${tickets.ref}) = lower(${ref})`;

/**
 * A ticket's assignee's address and its participants (earliest first), as columns of its own
 * select; the ticket is named by its table, as drizzle leaves columns bare in a select list.
 */
export const ticketPeople = {
  assigneeEmail: sql<string | null>`(select a.email from people a where a.id = tickets.assignee_id)`,
  // `stoppedByOther` only when true, as participantsOf gives it. Two objects rather than
  // json_strip_nulls over one, which parses each again (+37 us a lookup of ten people, +24%).
  participants: sql<Participant[]>`(select coalesce(json_agg(case when pa.stopped_by_id <> pa.person_id
      then json_build_object('personId', pe.id, 'email', pe.email, 'name', pe.name, 'role', pa.role, 'notify', pa.notify, 'vouched', pa.vouched, 'stoppedByOther', true)
      else json_build_object('personId', pe.id, 'email', pe.email, 'name', pe.name, 'role', pa.role, 'notify', pa.notify, 'vouched', pa.vouched) end
    order by pa.created_at), '[]'::json)
    from participants pa join people pe on pe.id = pa.person_id where pa.ticket_id = tickets.id)`,
  // Not participants: who hears of the ticket without being on it (an admin) and said stop.
  muted: sql<string[]>`(select coalesce(json_agg(pe.email), '[]'::json) from ticket_mutes m join people pe on pe.id = m.person_id where m.ticket_id = tickets.id)`,
};

/** The addresses of the people staff took off a ticket (participant_removals), as a column of its own select. */
const ticketRemovals = {
  removedByStaff: sql<string[]>`(select coalesce(json_agg(pe.email), '[]'::json) from participant_removals r join people pe on pe.id = r.person_id where r.ticket_id = tickets.id)`,
};

/**
 * The latest of a ticket's FIX_EVENTS in the outbox, which tells whether it was closed while its fix
 * awaited verification (tickets/transitions.ts isClosedAfterFix), as a column of its own select.
 */
export const ticketFix = {
  latestFixEvent: sql<string | null>`(select o.event from outbox o
    where o.ticket_id = tickets.id and o.event in (${sql.join(FIX_EVENTS.map((e) => sql`${e}`), sql`, `)}) order by o.id desc limit 1)`,
};

/** Who stopped a participant's updates (participants.stopped_by_id), as Participant says it: `stoppedByOther` only when someone else (staff) did. */
export function stopOf(personId: number, stoppedById: number | null): { stoppedByOther?: true } {
  return stoppedById !== null && stoppedById !== personId ? { stoppedByOther: true } : {};
}

export interface ApplyResult { outcome: string; ticketId: number | null; ref: string | null }

export interface ApplyMeta {
  kind: string;
  maxAttachmentBytes: number;
  /** The message's own Message-ID (read from the stored row when left out). */
  messageId?: string | null;
  /**
   * The message's content fingerprint (inbound/content-fingerprint.ts), stored with its outcome:
   * a handled message with its Message-ID is its duplicate only when theirs agree. Left out: any is.
   */
  fingerprint?: string | null;
  /** The message's In-Reply-To and References ids. */
  threadIds?: string[];
  /** The ticket the decision was made on, as read then; null when none was found; undefined: not checked. */
  seen?: { ticketId: number; version: number } | null;
  /**
   * While true, a new ticket decided for a message that refers to others also waits for a message
   * it refers to that was stored after it, or is not stored yet while this one is fresh
   * (THREAD_UNFILED): mail appended over several connections can be stored before the request it
   * answers. The caller keeps it true for a bounded while only, then files the message as it is.
   */
  awaitReferenced?: boolean;
  /** The time the change is recorded at (closed, fixed, activity); the message's processed_at is the database's clock. */
  now: Date;
}

/**
 * The statements that file a message, built once (client.ts builtOnce, builtPerShape) and run in
 * its transaction: each message ran a dozen of them, every one built anew.
 */
const filingStatementsFor = builtOnce((db) => ({
  // Serialises concurrent attempts on one message; a finished message is never redone.
  lockMessage: db.select({ status: inboundMessages.status, outcome: inboundMessages.outcome, ticketId: inboundMessages.ticketId, messageId: inboundMessages.messageId, rawSha256: inboundMessages.rawSha256, receivedAt: inboundMessages.receivedAt })
    .from(inboundMessages).where(eq(inboundMessages.id, sql.placeholder('id'))).for('update').prepare('inbound_lock'),
  // The keys as one array: one statement however many there are.
  lockKeys: preparedSql(db, sql`select pg_advisory_xact_lock(h) from (select distinct hashtextextended(k, 0) as h from unnest(${sql.placeholder('keys')}::text[]) k order by h) ordered`, 'lock_keys'),
  lockTicket: db.select({ version: tickets.version }).from(tickets).where(eq(tickets.id, sql.placeholder('id'))).for('update').prepare('ticket_lock'),
  nextNumber: preparedSql<{ n: number }>(db, sql`select nextval('ticket_numbers')::int as n`, 'ticket_number'),
  markHandled: db.update(inboundMessages).set(markHandledSet()).where(eq(inboundMessages.id, sql.placeholder('id'))).prepare('inbound_mark_handled'),
}));

/**
 * What marks a message handled, its values placeholders (status, kind, outcome, ticketId,
 * fingerprint, reason): text and integers, which drizzle fills as they are, null included.
 */
function markHandledSet(): Partial<typeof inboundMessages.$inferInsert> {
  const value = <T>(name: string) => sql.placeholder(name) as unknown as T;
  return {
    status: value('status'), kind: value('kind'), outcome: value('outcome'), ticketId: value('ticketId'), contentFingerprint: value('fingerprint'), reason: value('reason'),
    // The database's clock, as the limits summary's window is (outbound-store.ts): a worker's may be off.
    processedAt: sql`now()` as unknown as Date, attempts: sql`${inboundMessages.attempts} + 1` as unknown as number,
  };
}

type TicketInsert = typeof tickets.$inferInsert;
type ParticipantInsert = typeof participants.$inferInsert;
type NoteInsert = typeof notes.$inferInsert;
type TicketSet = Partial<TicketInsert> & { externalRef?: string };

const insertTicket = builtPerShape<TicketInsert, TicketRow[]>(tickets, (db, [ticket]) => db.insert(tickets).values(ticket!).returning().prepare('ticket_insert'));
const insertParticipants = builtPerShape<ParticipantInsert, unknown>(participants, (db, rows) => db.insert(participants).values(rows).onConflictDoNothing().prepare('participants_insert'));
const insertNoteRow = builtPerShape<NoteInsert, { id: number }[]>(notes, (db, [note]) => db.insert(notes).values(note!).returning({ id: notes.id }).prepare('note_insert'));
const insertAttachment = builtPerShape<typeof attachments.$inferInsert, unknown>(attachments, (db, [file]) => db.insert(attachments).values(file!).onConflictDoNothing().prepare('attachment_insert'));
const insertNoteAttachment = builtPerShape<typeof noteAttachments.$inferInsert, unknown>(noteAttachments, (db, [file]) => db.insert(noteAttachments).values(file!).prepare('note_attachment_insert'));
const insertOutboxRows = builtPerShape<OutboxInsert, postgres.RowList<never[]>>(outbox, (db, rows) => db.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.dedupeKey }).prepare('outbox_insert'));
/**
 * The change's outbox events and the message's outcome in one statement, one round trip fewer per
 * message: a data-modifying WITH runs exactly once, in this same transaction.
 */
const insertEventsAndMarkHandled = builtPerShape<OutboxInsert, unknown>(outbox, (db, rows) => preparedSql(db, sql`with events as (${
  db.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.dedupeKey }).getSQL()}) ${
  db.update(inboundMessages).set(markHandledSet()).where(eq(inboundMessages.id, sql.placeholder('id'))).getSQL()}`, 'outbox_insert_and_mark_handled'));
/**
 * An update of a ticket: what it sets, and its version bumped (decisions on the old one are made
 * again). `externalRef`, the JSON of a reference to add, joins the ticket's references once.
 */
const updateTicket = builtPerShape<TicketSet, unknown>(tickets, (db, [{ externalRef, ...set } = {}]) => db.update(tickets).set({
  ...set,
  version: sql`${tickets.version} + 1` as unknown as number,
  ...(externalRef === undefined ? {} : {
    externalRefs: sql`(select coalesce(jsonb_agg(distinct v), '[]'::jsonb) from jsonb_array_elements(${tickets.externalRefs} || ${externalRef}::jsonb) v)` as unknown as string[],
  }),
}).where(eq(tickets.id, sql.placeholder('id'))).prepare('ticket_update'));

/**
 * Transaction-scoped advisory locks on `keys`, taken in one global order (ascending hash) so two
 * callers cannot deadlock, in one statement: the sorted subquery feeds the locks one row at a
 * time, in its order (a round trip per key before).
 */
async function lockKeys(tx: Tx, keys: string[]): Promise<void> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return;
  await filingStatementsFor(tx).lockKeys.execute({ keys: unique });
}

type TicketWithPeopleRow = { ticket: TicketRow; assigneeEmail: string | null; participants: Participant[]; muted: string[]; removedByStaff: string[]; latestFixEvent: string | null };

function toTicketWithPeople([row]: TicketWithPeopleRow[]): TicketWithPeople | null {
  if (!row) return null;
  return {
    ticket: row.ticket, assigneeEmail: row.assigneeEmail, participants: row.participants.map((p) => ({ ...p, role: p.role as ParticipantRole })), removedByStaff: row.removedByStaff, muted: row.muted,
    closedAfterFix: isClosedAfterFix(row.ticket.status as TicketStatus, row.latestFixEvent ? [row.latestFixEvent] : []),
  };
}

/**
 * A ticket with its people by id (a reply token's), by the Message-IDs a message refers to, and by
 * reference (a pseudo-reference or subject tag), the lookups nearly every reply runs, built once
 * per database handle rather than per call.
 */
function prepareTicketLookups(db: Db) {
  const withPeople = () => db.select({ ticket: tickets, ...ticketPeople, ...ticketRemovals, ...ticketFix }).from(tickets);
  // The Message-IDs as one array: one statement however many a message names.
  const ids = sql`${sql.placeholder('ids')}::text[]`;
  const named = sql`any(${ids})`;
  // Our mail first (its ticket is certain), else the latest of theirs that was filed. A
  // Message-ID a sender used again for other mail filed each on its own ticket names the
  // first of them: the ticket of the earliest message filed under it.
  // Of our mail, the one nearest the reply: the ids come In-Reply-To's first, then References
  // newest first (inbound/thread.ts, RFC 5322 section 3.6.4). Without the order, a reply whose
  // References also name another ticket's mail went wherever the plan read first.
  const ours = db.select({ ticketId: outboundMessages.ticketId }).from(outboundMessages)
    .where(and(eq(outboundMessages.messageId, named), isNotNull(outboundMessages.ticketId)))
    .orderBy(sql`array_position(${ids}, ${outboundMessages.messageId})`).limit(1);
  const latest = db.select({ messageId: inboundMessages.messageId }).from(inboundMessages)
    .where(and(eq(inboundMessages.messageId, named), isNotNull(inboundMessages.ticketId))).orderBy(desc(inboundMessages.id)).limit(1);
  const theirs = db.select({ ticketId: inboundMessages.ticketId }).from(inboundMessages)
    .where(and(eq(inboundMessages.messageId, sql`(${latest})`), isNotNull(inboundMessages.ticketId))).orderBy(asc(inboundMessages.id)).limit(1);
  return {
    byId: withPeople().where(eq(tickets.id, sql.placeholder('id'))).prepare('ticket_by_id'),
    byMessageIds: withPeople().where(sql`${tickets.id} = coalesce((${ours}), (${theirs}))`).prepare('ticket_by_message_ids'),
    byRef: withPeople().where(byRefWhere(sql.placeholder('ref'))).prepare('ticket_by_ref'),
    // The newest ticket that follows up on a closed one and is still open (tickets_previous_ticket_idx).
    openFollowUp: withPeople().where(and(eq(tickets.previousTicketId, sql.placeholder('id')), ne(tickets.status, 'closed')))
      .orderBy(desc(tickets.id)).limit(1).prepare('ticket_open_follow_up'),
  };
}
const ticketLookupsFor = perHandle(prepareTicketLookups);

/**
 * A message stored this recently may be waited on for a request it names that is not stored yet
 * (still being fetched); an older one names mail that is not coming.
 */
const FRESH_MS = 60_000;

export class TicketStore {
  constructor(private readonly db: Db, private readonly prefix: string) {}

  async byRef(ref: string): Promise<TicketRow | null> {
    if (!isTicketRef(ref)) return null;
    const [row] = await this.db.select().from(tickets).where(byRefWhere(ref));
    return row ?? null;
  }

  async byId(id: number): Promise<TicketRow | null> {
    const [row] = await this.db.select().from(tickets).where(eq(tickets.id, id));
    return row ?? null;
  }

  async participantsOf(ticketId: number, tx: Tx | Db = this.db): Promise<Participant[]> {
    const rows = await tx
      .select({ personId: people.id, email: people.email, name: people.name, role: participants.role, notify: participants.notify, vouched: participants.vouched, stoppedById: participants.stoppedById })
      .from(participants)
      .innerJoin(people, eq(people.id, participants.personId))
      .where(eq(participants.ticketId, ticketId))
      .orderBy(asc(participants.createdAt));
    return rows.map(({ stoppedById, ...r }) => ({ ...r, role: r.role as ParticipantRole, ...stopOf(r.personId, stoppedById) }));
  }

  /** Whether the ticket was closed while its fix awaited verification (TicketState.closedAfterFix); only a closed one is looked up. */
  async closedAfterFix(row: TicketRow): Promise<boolean> {
    if (row.status !== 'closed') return false;
    const [found] = await this.db.select(ticketFix).from(tickets).where(eq(tickets.id, row.id));
    return isClosedAfterFix(row.status, found?.latestFixEvent ? [found.latestFixEvent] : []);
  }

  /** The addresses of the people staff took off ticket `ticketId`, whom only staff add again. */
  async removedByStaff(ticketId: number): Promise<string[]> {
    const rows = await this.db.select({ email: people.email }).from(participantRemovals)
      .innerJoin(people, eq(people.id, participantRemovals.personId)).where(eq(participantRemovals.ticketId, ticketId));
    return rows.map((r) => r.email);
  }

  /**
   * The ticket the clues point at, strongest clue first. `tokenTicketId` is a verified reply
   * token's ticket. Weak clues (subject tag) count only when `senderEmail` is a participant.
   * Each clue costs one statement: the ticket comes with its assignee's address and its
   * participants, and a Message-ID clue finds the ticket through our mail or theirs in the same.
   */
  async findThread(clues: ThreadClues, tokenTicketId: number | null, senderEmail: string | null): Promise<ThreadLookup> {
    const found = (hit: TicketWithPeople | null, matchedBy: ThreadMatch): ThreadLookup | null => (hit ? { ...hit, matchedBy } : null);

    const lookups = ticketLookupsFor(this.db);
    // A ticket id no row can have (never signed by us) names no ticket.
    if (tokenTicketId !== null && isRowId(tokenTicketId)) {
      const hit = found(toTicketWithPeople(await lookups.byId.execute({ id: tokenTicketId })), 'token');
      if (hit) return hit;
    }
    if (clues.messageIds.length > 0) {
      const hit = found(toTicketWithPeople(await lookups.byMessageIds.execute({ ids: clues.messageIds.slice(0, 50) })), 'message-id');
      if (hit) return hit;
    }
    for (const ref of clues.pseudoRefs) {
      const hit = found(toTicketWithPeople(await lookups.byRef.execute({ ref })), 'pseudo-id');
      if (hit) return hit;
    }
    for (const ref of [clues.subjectRef, clues.bareSubjectRef]) {
      if (!ref) continue;
      const hit = toTicketWithPeople(await lookups.byRef.execute({ ref }));
      if (hit && senderEmail && hit.participants.some((p) => p.email === senderEmail)) return { ...hit, matchedBy: 'subject-tag' };
    }
    return { ticket: null, assigneeEmail: null, matchedBy: 'none', participants: [], removedByStaff: [], muted: [], closedAfterFix: false };
  }

  /**
   * The newest ticket that follows up on ticket `ticketId` and is still open, with its people, or
   * null: a late reply to the closed ticket is a note on it (tickets/decide.ts noteOnOpenFollowUp).
   */
  async openFollowUpOf(ticketId: number): Promise<TicketWithPeople | null> {
    return toTicketWithPeople(await ticketLookupsFor(this.db).openFollowUp.execute({ id: ticketId }));
  }

  /**
   * Carries out `change` for stored inbound message `inboundId` in one transaction.
   * `meta.threadIds` are the message's In-Reply-To/References ids; `meta.seen` is the ticket
   * the decision was made on (null: none was found). A change decided on a thread or ticket
   * that moved meanwhile throws RetryableError (THREAD_CHANGED, TICKET_CHANGED): the caller
   * decides again on what is there now.
   */
  async apply(change: TicketChange, inboundId: number | null, meta: ApplyMeta): Promise<ApplyResult> {
    return this.db.transaction(async (tx) => {
      const statements = filingStatementsFor(tx);
      let own: { messageId: string | null; rawSha256: string; fingerprint: string | null; receivedAt: Date } | null = null;
      if (inboundId !== null) {
        // Serialises concurrent attempts on one message; a finished message is never redone.
        const [row] = await statements.lockMessage.execute({ id: inboundId });
        if (row && row.status !== 'pending') return { outcome: `already-handled:${row.outcome ?? row.status}`, ticketId: row.ticketId, ref: null };
        if (row) own = { messageId: meta.messageId ?? row.messageId, rawSha256: row.rawSha256, fingerprint: meta.fingerprint ?? null, receivedAt: row.receivedAt };
      }
      let duplicate = false;
      if (inboundId !== null && own && change.kind !== 'quarantine') {
        // One lock per id: the message's own (the same mail delivered twice, or seen again after
        // a resync, waits and then sees the first as handled; without a Message-ID its content
        // stands in; other mail under a reused Message-ID waits too, then finds its content
        // differs) and each id it refers to (a follow-up waits while its request is filed).
        const threadIds = (meta.threadIds ?? []).slice(0, 50);
        await lockKeys(tx, [own.messageId ?? `sha256:${own.rawSha256}`, ...threadIds]);
        const dup = await selectHandledDuplicate(tx, inboundId, own);
        if (dup) {
          change = duplicateOf(dup.ticketId);
          duplicate = true;
        } else if (change.kind === 'create' && meta.seen === null && threadIds.length > 0) {
          await this.assertThreadUnchanged(tx, inboundId, own, threadIds, meta.awaitReferenced ?? false, meta.now);
        }
      }
      if (!duplicate && change.kind !== 'quarantine' && meta.seen) {
        // Optimistic concurrency: the decision read the ticket at `seen.version`.
        const [now] = await statements.lockTicket.execute({ id: meta.seen.ticketId });
        if (!now || now.version !== meta.seen.version) {
          throw new RetryableError('TICKET_CHANGED', `ticket ${meta.seen.ticketId} changed after the decision (version ${meta.seen.version} -> ${now?.version ?? 'gone'})`);
        }
      }
      const { events, ...result } = await this.applyInTx(tx, change, inboundId, meta.maxAttachmentBytes, meta.now);
      if (inboundId !== null) {
        const status = change.kind === 'quarantine' ? 'quarantined' : change.kind === 'ignore' ? 'ignored' : 'processed';
        const handled = {
          id: inboundId, status, kind: meta.kind, outcome: result.outcome, ticketId: result.ticketId, fingerprint: meta.fingerprint ?? null,
          reason: change.kind === 'quarantine' || change.kind === 'ignore' ? change.reason : null,
        };
        if (events.length) await insertEventsAndMarkHandled(tx, events).execute(handled);
        else await statements.markHandled.execute(handled);
      } else if (events.length) {
        await insertOutboxRows(tx, events).execute();
      }
      return result;
    });
  }

  /**
   * A new ticket was decided because none of `threadIds` led to one. Throws THREAD_CHANGED when
   * one does now (filed since the lookup), or when a message we stored earlier with one of those
   * ids is still waiting to be filed (its follow-up waits for it, at most an hour). With
   * `awaitReferenced`, throws THREAD_UNFILED when such a message was stored later than this one
   * and is still waiting, or when one of those ids was never stored and this message is fresh
   * (its request may still be on its way in); the caller bounds that wait.
   */
  private async assertThreadUnchanged(tx: Tx, inboundId: number, own: { messageId: string | null; receivedAt: Date }, threadIds: string[], awaitReferenced: boolean, now: Date): Promise<void> {
    const [out] = await tx.select({ id: outboundMessages.id }).from(outboundMessages)
      .where(and(inArray(outboundMessages.messageId, threadIds), isNotNull(outboundMessages.ticketId))).limit(1);
    const [filed] = out ? [] : await tx.select({ id: inboundMessages.id }).from(inboundMessages)
      .where(and(inArray(inboundMessages.messageId, threadIds), isNotNull(inboundMessages.ticketId), ne(inboundMessages.id, inboundId))).limit(1);
    if (out || filed) throw new RetryableError('THREAD_CHANGED', 'a message this one refers to was filed on a ticket meanwhile');
    // Earliest first: one stored before this message is waited for (up to an hour), one stored after only while `awaitReferenced`.
    const [waiting] = await tx.select({ id: inboundMessages.id }).from(inboundMessages)
      .where(and(
        inArray(inboundMessages.messageId, threadIds), eq(inboundMessages.status, 'pending'),
        awaitReferenced ? ne(inboundMessages.id, inboundId) : lt(inboundMessages.id, inboundId),
        own.messageId ? ne(inboundMessages.messageId, own.messageId) : undefined, gt(inboundMessages.receivedAt, sql`now() - interval '1 hour'`),
      )).orderBy(asc(inboundMessages.id)).limit(1);
    if (waiting && waiting.id < inboundId) throw new RetryableError('THREAD_CHANGED', `message ${waiting.id}, which this one refers to, is not filed yet`);
    if (waiting) throw new RetryableError('THREAD_UNFILED', `message ${waiting.id}, which this one refers to, was stored after it and is not filed yet`);
    if (!awaitReferenced || own.receivedAt.getTime() < now.getTime() - FRESH_MS) return;
    const others = threadIds.filter((id) => id !== own.messageId);
    if (others.length === 0) return; // it refers only to itself: nothing to wait for, nothing to ask
    const seenIds = new Set([
      ...(await tx.selectDistinct({ id: inboundMessages.messageId }).from(inboundMessages).where(inArray(inboundMessages.messageId, others))).map((r) => r.id),
      ...(await tx.selectDistinct({ id: outboundMessages.messageId }).from(outboundMessages).where(inArray(outboundMessages.messageId, others))).map((r) => r.id),
    ]);
    if (others.some((id) => !seenIds.has(id))) throw new RetryableError('THREAD_UNFILED', 'a message this one refers to is not stored yet');
  }

  /** Carries out the change but for its outbox events, which it returns for apply() to store. */
  private async applyInTx(tx: Tx, change: TicketChange, inboundId: number | null, maxBytes: number, now: Date): Promise<ApplyResult & { events: OutboxInsert[] }> {
    switch (change.kind) {
      case 'quarantine':
        return { outcome: `quarantined:${change.code}`, ticketId: null, ref: null, events: [] };
      case 'ignore':
        await this.markUndeliverable(tx, change.undeliverable ?? [], now);
        return { outcome: `ignored:${change.reason}`, ticketId: change.ticketId, ref: null, events: [] };
      case 'create': {
        const submitter = await upsertPerson(tx, change.submitter.email, change.submitter.name, change.submitter.nameVerified);
        const [{ n }] = (await filingStatementsFor(tx).nextNumber.execute()) as unknown as [{ n: number }];
        const ref = formatTicketRef(this.prefix, n);
        const t = change.ticket;
        const [ticket] = await insertTicket(tx, [{
          number: n, ref, status: t.status, resolution: t.resolution, type: t.type, priority: t.priority,
          summary: t.summary, originalSubject: t.originalSubject, description: t.description,
          submitterId: submitter.id, route: t.route, topic: t.topic, clientIds: t.clientIds, missingInfo: t.missingInfo,
          previousTicketId: t.previousTicketId, unverifiedSender: t.unverifiedSender ?? null, closedAt: closedAtOnCreate(t.status, now),
        }]).execute();
        // The closed ticket now has an open follow-up: a decision made on it before (another late
        // reply, which would have opened a second one) is made again, and goes into this one.
        if (t.previousTicketId !== null) await tx.update(tickets).set({ version: sql`${tickets.version} + 1` }).where(eq(tickets.id, t.previousTicketId));
        // The submitter and everyone copied in, in one insert once each person is known.
        const joined: (typeof participants.$inferInsert)[] = [{ ticketId: ticket!.id, personId: submitter.id, role: 'submitter' }];
        for (const p of change.participants) {
          const person = await upsertPerson(tx, p.person.email, p.person.name, p.person.nameVerified);
          const by = p.addedBy ? await upsertPerson(tx, p.addedBy.email) : null;
          joined.push({ ticketId: ticket!.id, personId: person.id, role: p.role, addedById: by?.id ?? null });
        }
        await insertParticipants(tx, joined).execute();
        let noteId: number | null = null;
        if (change.attachments.length > 0) {
          // The request's own files hang on a system note so every file belongs to a note.
          noteId = await this.insertNote(tx, ticket!.id, inboundId, { author: change.submitter, kind: 'system', body: change.filesNote ?? 'Files sent with the request.', stripped: '', internal: false });
          await this.storeAttachments(tx, noteId, change.attachments, maxBytes, inboundId);
        }
        return { outcome: 'created', ticketId: ticket!.id, ref, events: await this.eventRows(tx, ticket!.id, change.events, noteId) };
      }
      case 'update': {
        const ticketId = change.ticketId;
        const p = change.patch;
        // Every change bumps the version (updateTicket); which timestamps it sets was decided by updateStamps.
        const set: TicketSet = { ...updateStamps(change, now) };
        if (p.status !== undefined) set.status = p.status;
        if (p.resolution !== undefined) set.resolution = p.resolution;
        if (p.type !== undefined) set.type = p.type;
        if (p.priority !== undefined) set.priority = p.priority;
        if (p.route !== undefined) set.route = p.route;
        if (p.topic !== undefined) set.topic = p.topic;
        if (p.missingInfo !== undefined) set.missingInfo = p.missingInfo;
        if (p.clientIds !== undefined) set.clientIds = p.clientIds;
        if (p.externalRef) set.externalRef = JSON.stringify([p.externalRef]);
        if (p.assignee !== undefined) {
          if (p.assignee === null) set.assigneeId = null;
          else {
            const person = await upsertPerson(tx, p.assignee.email, p.assignee.name);
            set.assigneeId = person.id;
            await tx.delete(participants).where(and(eq(participants.ticketId, ticketId), eq(participants.role, 'assignee')));
            await tx.insert(participants).values({ ticketId, personId: person.id, role: 'assignee' }).onConflictDoNothing();
            await tx.delete(participantRemovals).where(and(eq(participantRemovals.ticketId, ticketId), eq(participantRemovals.personId, person.id)));
            // Whoever works the ticket hears of it: an earlier "stop updating me" of theirs on it ends here.
            await tx.update(participants).set({ notify: true, stoppedById: null }).where(and(eq(participants.ticketId, ticketId), eq(participants.personId, person.id), eq(participants.notify, false)));
            await tx.delete(ticketMutes).where(and(eq(ticketMutes.ticketId, ticketId), eq(ticketMutes.personId, person.id)));
          }
        }
        await updateTicket(tx, [set]).execute({ id: ticketId });
        for (const c of change.participantChanges) {
          if (c.kind === 'add') {
            const person = await upsertPerson(tx, c.person.email, c.person.name, c.person.nameVerified);
            const by = c.by ? await upsertPerson(tx, c.by.email) : null;
            await tx.insert(participants).values({ ticketId, personId: person.id, role: c.role, vouched: c.vouched ?? true, addedById: by?.id ?? null })
              .onConflictDoUpdate({ target: [participants.ticketId, participants.personId, participants.role], set: { notify: true, stoppedById: null } });
            // Back on the ticket: a removal by staff no longer keeps them off it.
            await tx.delete(participantRemovals).where(and(eq(participantRemovals.ticketId, ticketId), eq(participantRemovals.personId, person.id)));
          } else if (c.kind === 'vouch' || c.kind === 'resume') {
            const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.email, c.email));
            const set = c.kind === 'vouch' ? { vouched: true } : { notify: true, stoppedById: null };
            if (person) await tx.update(participants).set(set).where(and(eq(participants.ticketId, ticketId), eq(participants.personId, person.id)));
            if (person && c.kind === 'resume') await tx.delete(ticketMutes).where(and(eq(ticketMutes.ticketId, ticketId), eq(ticketMutes.personId, person.id)));
          } else {
            const person = await upsertPerson(tx, c.email);
            const removed = c.by !== undefined && c.by.toLowerCase() !== person.email;
            // Removed by someone else (a typo'd address, someone added by mistake): the interested
            // role goes, and with it the ticket, its list entry and their reply address's standing
            // on it. Any other role of theirs (submitter, assignee) stays, without mail.
            if (removed) await tx.delete(participants).where(and(eq(participants.ticketId, ticketId), eq(participants.personId, person.id), eq(participants.role, 'interested')));
            // Who stopped them is kept: only they, or staff, turn their own stop back on.
            const by = removed ? await upsertPerson(tx, c.by!) : person;
            const stopped = await tx.update(participants).set({ notify: false, stoppedById: by.id }).where(and(eq(participants.ticketId, ticketId), eq(participants.personId, person.id)))
              .returning({ personId: participants.personId });
            // Taken off the ticket by staff: kept off it, so that nobody but staff adds them back in passing.
            if (removed && c.keepOff && stopped.length === 0) {
              await tx.insert(participantRemovals).values({ ticketId, personId: person.id, removedById: by.id })
                .onConflictDoUpdate({ target: [participantRemovals.ticketId, participantRemovals.personId], set: { removedById: by.id, createdAt: now } });
            }
            if (removed) continue;
            // Not on the ticket (an admin, who hears of it as an admin): a mute, which every audience
            // leaves out as it does anyone who stopped, and no participant row, which would put the
            // ticket in their "My Submitted Issues" and them in its People list.
            if (stopped.length === 0) await tx.insert(ticketMutes).values({ ticketId, personId: person.id }).onConflictDoNothing();
          }
        }
        for (const c of change.corrections) {
          const by = await upsertPerson(tx, c.by.email, c.by.name, c.by.nameVerified);
          await tx.insert(classificationCorrections).values({ ticketId, field: c.field, fromValue: c.from, toValue: c.to, personId: by.id });
        }
        await this.markUndeliverable(tx, change.undeliverable, now);
        let noteId: number | null = null;
        if (change.note) {
          noteId = await this.insertNote(tx, ticketId, inboundId, change.note);
          await this.storeAttachments(tx, noteId, change.attachments, maxBytes, inboundId);
        }
        const events = await this.eventRows(tx, ticketId, change.events, noteId);
        for (const extra of change.extraNotes ?? []) await this.insertNote(tx, ticketId, null, extra);
        return { outcome: change.outcome, ticketId, ref: null, events };
      }
    }
  }

  private async markUndeliverable(tx: Tx, marks: { address: string; reason: string }[], now: Date): Promise<void> {
    for (const u of marks) {
      const person = await upsertPerson(tx, u.address);
      await tx.update(people).set({ undeliverableAt: now, undeliverableReason: u.reason }).where(eq(people.id, person.id));
    }
  }

  private async insertNote(tx: Tx, ticketId: number, inboundId: number | null, note: NewNote): Promise<number> {
    const author = note.author ? await upsertPerson(tx, note.author.email, note.author.name, note.author.nameVerified) : null;
    const [row] = await insertNoteRow(tx, [{
      ticketId, authorId: author?.id ?? null, kind: note.kind, body: note.body, stripped: note.stripped, internal: note.internal, inboundMessageId: inboundId,
    }]).execute();
    return row!.id;
  }

  /** Content-addressed: one row per distinct file, linked from each note that carried it. */
  private async storeAttachments(tx: Tx, noteId: number, files: AttachmentInfo[], maxBytes: number, inboundId: number | null): Promise<void> {
    for (const file of files) {
      const storable = inboundId !== null && isStorable(file, maxBytes);
      if (storable) {
        await insertAttachment(tx, [{ checksum: file.checksum, size: file.size, contentType: file.contentType, inboundMessageId: inboundId, partId: file.partId! }]).execute();
      }
      await insertNoteAttachment(tx, [{
        noteId, checksum: storable ? file.checksum : null, filename: file.filename, size: file.size, contentType: file.contentType, inline: file.inline,
      }]).execute();
    }
  }

  /**
   * The change's outbox events in one multi-row insert, in their order (ids ascend as listed, and
   * the relay takes them by id); one whose dedupe key is taken, even by an earlier row of the
   * same insert, is skipped as before. Returns how many were stored (the skipped ones not counted).
   */
  async insertEvents(tx: Tx | Db, ticketId: number | null, events: EventSpec[], noteId: number | null): Promise<number> {
    const rows = await this.eventRows(tx, ticketId, events, noteId);
    return rows.length ? (await insertOutboxRows(tx, rows).execute()).count : 0;
  }

  /** The outbox rows for `events`, in their order, each actor found or created first. */
  private async eventRows(tx: Tx | Db, ticketId: number | null, events: EventSpec[], noteId: number | null): Promise<OutboxInsert[]> {
    const rows: OutboxInsert[] = [];
    for (const e of events) {
      const actor = e.actor ? await upsertPerson(tx, e.actor.email, e.actor.name, e.actor.nameVerified) : null;
      rows.push({ ticketId, event: e.event, actorId: actor?.id ?? null, noteId: e.noteId ?? (e.withNote === false ? null : noteId), payload: e.payload, dedupeKey: e.dedupeKey ?? null });
    }
    return rows;
  }

  async list(filter: { status?: string; submitter?: string } = {}): Promise<(TicketRow & { submitterEmail: string; assigneeEmail: string | null })[]> {
    const assignee = sql<string | null>`(select email from people a where a.id = ${tickets.assigneeId})`;
    const rows = await this.db
      .select({ t: tickets, submitterEmail: people.email, assigneeEmail: assignee })
      .from(tickets)
      .innerJoin(people, eq(people.id, tickets.submitterId))
      .where(and(filter.status ? eq(tickets.status, filter.status) : undefined, filter.submitter ? eq(people.email, filter.submitter.toLowerCase()) : undefined))
      .orderBy(desc(tickets.number));
    return rows.map((r) => ({ ...r.t, submitterEmail: r.submitterEmail, assigneeEmail: r.assigneeEmail }));
  }

  /** Every ticket not closed, oldest first, as stored and as the ticket rules read it. */
  async openTickets(): Promise<{ row: TicketRow; state: TicketState }[]> {
    const assignee = sql<string | null>`(select email from people a where a.id = ${tickets.assigneeId})`;
    const rows = await this.db.select({ t: tickets, assigneeEmail: assignee }).from(tickets).where(ne(tickets.status, 'closed')).orderBy(asc(tickets.id));
    return rows.map((r) => ({ row: r.t, state: TicketStore.toState(r.t, r.assigneeEmail) }));
  }

  /**
   * Every public note since each fix awaiting verification: its time, the first
   * FIX_ANSWER_READ_CHARS of its text, and its author's rows on the ticket (`assignee` added when it
   * is theirs to work). Who of them answered, and what the answers say, is the ticket rules'
   * (tickets/decide.ts findAnswersSinceFix). One statement; a fix has few notes.
   */
  async notesSinceFix(): Promise<NoteSinceFix[]> {
    const rows = await this.db.execute<{ ticket_id: number; email: string; created_at: string | Date; text: string; roles: string[]; works_it: boolean }>(sql`
      select n.ticket_id, a.email, n.created_at, left(n.body, ${FIX_ANSWER_READ_CHARS}::int) as text,
        n.author_id is not distinct from t.assignee_id as works_it,
        (select coalesce(json_agg(p.role), '[]'::json) from participants p where p.ticket_id = n.ticket_id and p.person_id = n.author_id) as roles
      from notes n
      join tickets t on t.id = n.ticket_id and t.status = 'fixed_verify_needed'
      join people a on a.id = n.author_id
      where n.kind = 'note' and not n.internal and n.created_at > t.fixed_at
      order by n.ticket_id, n.created_at, n.id`);
    return [...rows].map((r) => ({
      ticketId: Number(r.ticket_id),
      authorEmail: r.email,
      roles: [...new Set([...(r.roles as ParticipantRole[]), ...(r.works_it ? ['assignee' as const] : [])])],
      at: new Date(r.created_at),
      text: r.text,
    }));
  }

  /**
   * For each ticket waiting for a response whose latest `#waiting` carried a public note, that note:
   * the staff's question, which its reminder quotes (tickets/decide.ts waitingQuestionOf). A ticket
   * intake set waiting, or set waiting by a `#waiting` without one, is not listed: its reminder asks
   * for what the ticket still lacks. One statement over the waiting tickets' events.
   */
  async waitingQuestionNotes(): Promise<Map<number, number>> {
    const rows = await this.db.execute<{ ticket_id: number; note_id: number | null; internal: boolean | null }>(sql`
      select distinct on (o.ticket_id) o.ticket_id, n.id as note_id, n.internal
      from outbox o
      join tickets t on t.id = o.ticket_id and t.status = 'waiting_for_response'
      -- The note of the change that set it waiting rides in that change's last mail ("#waiting" then
      -- "#assign": the "assigned" one), which its events were written with, at one time.
      left join notes n on n.id = coalesce(o.note_id, (
        select o2.note_id from outbox o2
        where o2.ticket_id = o.ticket_id and o2.created_at = o.created_at and o2.note_id is not null
        order by o2.id limit 1))
      where o.event = 'waiting'
      order by o.ticket_id, o.id desc`);
    return new Map([...rows].flatMap((r) => (r.note_id !== null && r.internal === false ? [[Number(r.ticket_id), Number(r.note_id)] as const] : [])));
  }

  async notesOf(ticketId: number) {
    const rows = await this.db
      .select({ id: notes.id, kind: notes.kind, body: notes.body, stripped: notes.stripped, internal: notes.internal, createdAt: notes.createdAt, author: people.email, mailClearedAt: inboundMessages.rawClearedAt })
      .from(notes)
      .leftJoin(people, eq(people.id, notes.authorId))
      // When the mail the note came from was cleared under RAW_MAIL_DAYS: its files went with it.
      .leftJoin(inboundMessages, eq(inboundMessages.id, notes.inboundMessageId))
      .where(eq(notes.ticketId, ticketId))
      .orderBy(asc(notes.id));
    const files = rows.length
      ? await this.db.select().from(noteAttachments).where(inArray(noteAttachments.noteId, rows.map((r) => r.id))).orderBy(asc(noteAttachments.id))
      : [];
    return rows.map((r) => ({
      ...r,
      attachments: files.filter((f) => f.noteId === r.id).map((f) => ({ filename: f.filename, size: f.size, contentType: f.contentType, stored: f.checksum !== null, checksum: f.checksum })),
    }));
  }

  /** `closedAfterFix`: as ThreadLookup or closedAfterFix() tells it (absent: not so). */
  static toState(row: TicketRow, assigneeEmail: string | null, closedAfterFix = false): TicketState {
    return {
      id: row.id, ref: row.ref, status: row.status as TicketState['status'], resolution: row.resolution as TicketState['resolution'],
      type: row.type as TicketState['type'], priority: row.priority as TicketState['priority'], summary: row.summary,
      assigneeEmail, closedAt: row.closedAt, escalatedAt: row.escalatedAt, ...(closedAfterFix ? { closedAfterFix } : {}), route: row.route, topic: row.topic, missingInfo: row.missingInfo, clientIds: row.clientIds,
      version: row.version,
    };
  }
}
