// Status mail in PostgreSQL: relays outbox events into one outbound_messages row per recipient
// (unique per event and recipient, Message-ID chosen up front), and loads what one send needs.
// I/O: database; who gets what is decided by the pure notification plan passed in.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, getTableColumns, inArray, isNull, like, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { newMessageId } from '../../outbound/headers.ts';
import type { LimitedKind } from '../../outbound/loop-brake.ts';
import type { PlannedNotification } from '../../outbound/notify-plan.ts';
import type { Participant, ParticipantRole, TicketEvent, TicketState } from '../../tickets/types.ts';
import { isRetryable } from '../../errors.ts';
import { withoutLinkTargets } from '../../inbound/reply/own-mail-lines.ts';
import { builtOnce, perHandle, type Db, type Tx } from './client.ts';
import { translateDbError } from './errors.ts';
import { inboundMessages, noteAttachments, notes, outbox, outboundMessages, participants, people, tickets } from './schema.ts';
import { TicketStore, ticketPeople } from './ticket-store.ts';

export type OutboundRow = typeof outboundMessages.$inferSelect;

/** How the reason of mail kept back by a limit starts (the metric and the summary count these). */
export const HELD_BY_LIMIT = 'held by limit: ';
/** A status mail's text is kept this far (a reply is told apart from the mail's words: see schema.ts). */
const MAX_SENT_TEXT_CHARS = 100_000;
export type OutboxRow = typeof outbox.$inferSelect;

/** One relay pass: how many events it took, and the outbound rows they made. */
export interface RelayBatch { events: number; ids: number[] }

export type PlanFn = (input: {
  event: TicketEvent; ticket: TicketState | null; participants: Participant[]; muted: string[]; actorEmail: string | null; internal: boolean; payload: Record<string, unknown>;
}) => PlannedNotification[];

type NoteFile = typeof noteAttachments.$inferSelect;

/**
 * What a status mail carries besides its row, read as columns of the row's own select (the
 * tables by the names load() gives them): the note's files; the Message-ID of the ticket's first
 * inbound message (References); the one of the message the note came from (In-Reply-To); who
 * added the recipient to the ticket, when this is the first mail about it they receive; and the
 * recipient's roles on the ticket (which buttons their mail may offer).
 */
const sentAlong = {
  files: sql<NoteFile[]>`(select coalesce(json_agg(json_build_object('id', f.id, 'noteId', f.note_id, 'checksum', f.checksum, 'filename', f.filename,
      'size', f.size, 'contentType', f.content_type, 'inline', f.inline) order by f.id), '[]'::json)
    from note_attachments f where f.note_id = notes.id)`,
  firstMessageId: sql<string | null>`(select i.message_id from inbound_messages i
    where i.ticket_id = tickets.id and i.message_id is not null order by i.id limit 1)`,
  triggerMessageId: sql<string | null>`(select i.message_id from inbound_messages i where i.id = notes.inbound_message_id)`,
  addedBy: sql<{ email: string; name: string } | null>`(select json_build_object('email', b.email, 'name', b.name)
    from participants p join people b on b.id = p.added_by_id
    where p.ticket_id = tickets.id and p.person_id = recipient.id
      and not exists (select 1 from outbound_messages o where o.ticket_id = tickets.id and o.recipient = recipient.email and o.status = 'sent' and o.id <> outbound_messages.id)
    limit 1)`,
  recipientRoles: sql<string[]>`(select coalesce(json_agg(p.role), '[]'::json) from participants p where p.ticket_id = tickets.id and p.person_id = recipient.id)`,
};

/**
 * An event's actor's address and whether its note is internal, as columns of the outbox's own
 * select (which locks only the outbox rows).
 */
const eventNames = {
  actorEmail: sql<string | null>`(select a.email from people a where a.id = outbox.actor_id)`,
  noteInternal: sql<boolean | null>`(select n.internal from notes n where n.id = outbox.note_id)`,
};
type RelayEvent = OutboxRow & { actorEmail: string | null; noteInternal: boolean | null };

/**
 * What a relay reads in its transaction, built once (client.ts builtOnce): the next events, and
 * their tickets with their assignees and participants (the ids one array parameter).
 */
const relayReadsFor = builtOnce((db) => ({
  events: db.select({ ...getTableColumns(outbox), ...eventNames }).from(outbox)
    .where(isNull(outbox.relayedAt)).orderBy(asc(outbox.id)).limit(sql.placeholder('limit')).for('update', { skipLocked: true }).prepare('relay_events'),
  tickets: db.select({ ticket: tickets, ...ticketPeople }).from(tickets).where(eq(tickets.id, sql`any(${sql.placeholder('ids')}::int[])`)).prepare('relay_tickets'),
}));

/**
 * The statements every send runs, built once per database handle (drizzle builds a query's text
 * anew on every call, and this select names seven tables' columns). load: one statement for the
 * row, what it names, and what its mail threads under and mentions (a send used to take ten round
 * trips; the backlog benchmark counts statements per message); loadAndClaim: the same, with the
 * claim (OutboundStore.claim) made in it.
 */
function prepareSendQueries(db: Db) {
  const recipientPerson = alias(people, 'recipient');
  const actorPerson = alias(people, 'actor');
  const assigneePerson = alias(people, 'assignee');
  const loaded = { row: outboundMessages, event: outbox, ticket: tickets, recipient: recipientPerson, actor: actorPerson, assignee: assigneePerson, note: notes, ...sentAlong };
  const load = (from: Pick<Db, 'select'>, selection: typeof loaded & { claimed?: SQL<boolean> }) => from
    .select(selection)
    .from(outboundMessages)
    .leftJoin(outbox, eq(outbox.id, outboundMessages.outboxId))
    .leftJoin(tickets, eq(tickets.id, outboundMessages.ticketId))
    .leftJoin(recipientPerson, eq(recipientPerson.email, outboundMessages.recipient))
    .leftJoin(actorPerson, eq(actorPerson.id, outbox.actorId))
    .leftJoin(assigneePerson, eq(assigneePerson.id, tickets.assigneeId))
    .leftJoin(notes, eq(notes.id, outbox.noteId))
    .where(eq(outboundMessages.id, sql.placeholder('id')));
  // A pending row no other send holds: it is this send's for `seconds` (see OutboundStore.claim).
  const claim = () => db.update(outboundMessages)
    .set({ sendingUntil: sql`now() + make_interval(secs => ${sql.placeholder('seconds')}::float8)` })
    .where(and(eq(outboundMessages.id, sql.placeholder('id')), eq(outboundMessages.status, 'pending'),
      sql`(${outboundMessages.sendingUntil} is null or ${outboundMessages.sendingUntil} < now())`))
    .returning({ id: outboundMessages.id });
  // The claim as a data-modifying WITH: it runs exactly once, whatever the select reads; the select
  // reads the row as it was before (one snapshot for both), as a load made before the claim did.
  const claimed = db.$with('claimed').as(claim());
  return {
    load: load(db, loaded).prepare('outbound_load'),
    loadAndClaim: load(db.with(claimed), { ...loaded, claimed: sql<boolean>`exists (select 1 from ${claimed})` }).prepare('outbound_load_and_claim'),
    // drizzle's types for set() leave placeholders out, but its update builder takes them: each
    // becomes a parameter its column encodes, as the value itself would.
    markSent: db.update(outboundMessages)
      .set({
        status: 'sent', subject: sql.placeholder('subject') as unknown as string, sentAt: sql.placeholder('sentAt') as unknown as Date, reason: null,
        sentText: sql.placeholder('sentText') as unknown as string,
      })
      .where(eq(outboundMessages.id, sql.placeholder('id')))
      .prepare('outbound_mark_sent'),
    claim: claim().prepare('outbound_claim'),
  };
}
const sendQueriesFor = perHandle(prepareSendQueries);

/** What a send needs, from the row load() reads. */
function sendable(joined: Awaited<ReturnType<ReturnType<typeof sendQueriesFor>['load']['execute']>>[number]) {
  const { row, event, ticket, recipient, actor, assignee, note, files, firstMessageId, triggerMessageId, addedBy, recipientRoles } = joined;
  const threadIds = ticket && firstMessageId !== null ? [firstMessageId] : [];
  // Without a note of its own the mail answers the request itself.
  return {
    row, event, ticket, recipient, actor, assignee, note, files: note ? files : [], threadIds,
    triggerMessageId: (note ? triggerMessageId : null) ?? threadIds[0] ?? null, addedBy: ticket && recipient ? addedBy : null,
    recipientRoles: (ticket && recipient ? recipientRoles ?? [] : []) as ParticipantRole[],
  };
}

export class OutboundStore {
  private readonly tickets: TicketStore;

  constructor(private readonly db: Db, private readonly host: string, prefix: string) {
    this.tickets = new TicketStore(db, prefix);
  }

  /**
   * Turns unrelayed outbox events into outbound rows, one per recipient the plan names, in one
   * transaction per batch; returns how many events it took (every one is marked relayed, even one
   * that mails nobody) and the ids of the rows to send. Call until `events` is 0. Safe to run
   * concurrently (SKIP LOCKED) and to repeat.
   */
  async relay(plan: PlanFn, limit = 100): Promise<RelayBatch> {
    return this.db.transaction(async (tx) => {
      const events = await relayReadsFor(tx).events.execute({ limit });
      if (events.length === 0) return { events: 0, ids: [] };
      // What the plans need, read for the whole batch at once: a handful of queries per batch
      // rather than several round trips per event (the relay kept a 5,000-message backlog waiting).
      const inputs = await this.planInputs(tx, events);
      const rows: (typeof outboundMessages.$inferInsert)[] = [];
      for (const e of events) {
        const input = inputs.get(e.id);
        // An event whose ticket is gone announces nothing; left unrelayed it would be picked up first by every batch forever.
        if (!input) continue;
        for (const p of plan(input)) {
          rows.push({
            outboxId: e.id, ticketId: e.ticketId, recipient: p.to, template: p.template,
            messageId: newMessageId(this.host, randomBytes(9).toString('hex'), new Date()),
            // Held by a limit: recorded with its reason for the admins, never sent.
            ...(p.heldBy ? { status: 'suppressed', reason: `${HELD_BY_LIMIT}${p.heldBy}` } : {}),
          });
        }
      }
      const markRelayed = tx.update(outbox).set({ relayedAt: new Date() }).where(inArray(outbox.id, events.map((e) => e.id)));
      if (rows.length === 0) {
        await markRelayed;
        return { events: events.length, ids: [] };
      }
      // Every recipient is a person (created when new, as upsertPerson would with no name). The
      // people, the rows and the relayed mark go in one statement (two round trips fewer per
      // batch): each data-modifying WITH runs exactly once, in this transaction.
      const recipients = [...new Set(rows.map((r) => r.recipient.trim().toLowerCase()))];
      const addPeople = tx.insert(people).values(recipients.map((email) => ({ email, name: '' }))).onConflictDoNothing();
      const addRows = tx.insert(outboundMessages).values(rows).onConflictDoNothing().returning({ id: outboundMessages.id, status: outboundMessages.status });
      const inserted = await tx.execute<{ id: number; status: string }>(
        sql`with added_people as (${addPeople.getSQL()}), relayed as (${markRelayed.getSQL()}) ${addRows.getSQL()}`,
      );
      const ids = [...inserted].filter((r) => r.status !== 'suppressed').map((r) => r.id);
      return { events: events.length, ids };
    });
  }

  /** What the plan needs to know about each outbox event, by event id; none for an event whose ticket is gone. */
  private async planInputs(tx: Tx, events: RelayEvent[]): Promise<Map<number, Parameters<PlanFn>[0]>> {
    const ticketIds = [...new Set(events.map((e) => e.ticketId).filter((id): id is number => id !== null))];
    // The tickets with their assignees and participants, in one statement for the batch.
    const ticketRows = ticketIds.length ? await relayReadsFor(tx).tickets.execute({ ids: ticketIds }) : [];
    const ticketById = new Map(ticketRows.map((t) => [t.ticket.id, t]));
    const out = new Map<number, Parameters<PlanFn>[0]>();
    for (const e of events) {
      const found = e.ticketId === null ? null : ticketById.get(e.ticketId);
      if (found === undefined) continue;
      out.set(e.id, {
        event: e.event as TicketEvent,
        ticket: found ? TicketStore.toState(found.ticket, found.assigneeEmail) : null,
        participants: found ? found.participants.map((p) => ({ ...p, role: p.role as ParticipantRole })) : [],
        muted: found ? found.muted : [],
        actorEmail: e.actorEmail,
        internal: e.noteInternal ?? false,
        payload: (e.payload ?? {}) as Record<string, unknown>,
      });
    }
    return out;
  }

  /**
   * Pending rows older than `olderThanMs` (their send job may have been lost). Queued again as they
   * are: send-mail marks one whose mail SMTP accepted already sent, without sending it.
   */
  async stalePending(olderThanMs: number, limit = 500): Promise<number[]> {
    const rows = await this.db.select({ id: outboundMessages.id }).from(outboundMessages)
      .where(and(eq(outboundMessages.status, 'pending'), lt(outboundMessages.createdAt, new Date(Date.now() - olderThanMs))))
      .orderBy(asc(outboundMessages.id)).limit(limit);
    return rows.map((r) => r.id);
  }

  async load(id: number) {
    const [joined] = await sendQueriesFor(this.db).load.execute({ id });
    return joined ? sendable(joined) : null;
  }

  /**
   * load() and claim() in one statement, one round trip fewer per status mail: the row as it was
   * before the claim (as load() read it before claim() ran), and whether the claim took it. A row
   * that is not pending is never claimed, as claim() says; the caller looks at its status first.
   */
  async loadAndClaim(id: number, ms: number) {
    const [joined] = await sendQueriesFor(this.db).loadAndClaim.execute({ id, seconds: ms / 1000 });
    return joined ? { ...sendable(joined), claimed: joined.claimed === true } : null;
  }

  /**
   * Records that the mail went out (`sentAt`: when SMTP accepted it; now when absent), with the
   * text part it went out with (`text`, a status mail's: kept without link targets, see schema.ts). Called after
   * SMTP accepted it, so a passing database problem is retried here (the update is idempotent)
   * first; after that the job is retried, and finds the acceptance send-mail recorded in Redis.
   */
  async markSent(id: number, subject: string, options: { sentAt?: Date; retryDelaysMs?: number[]; text?: string } = {}): Promise<void> {
    const retryDelaysMs = options.retryDelaysMs ?? [200, 500, 1000, 2000, 4000, 8000];
    const sentAt = options.sentAt ?? new Date();
    // The mail's words are kept, never whom its links let in (a personal sign-in link, a signed reply address).
    const sentText = options.text === undefined ? null : withoutLinkTargets(options.text.slice(0, MAX_SENT_TEXT_CHARS));
    for (let attempt = 0; ; attempt += 1) {
      try {
        await sendQueriesFor(this.db).markSent.execute({ id, subject, sentAt, sentText });
        return;
      } catch (caught) {
        const err = translateDbError(caught);
        if (!isRetryable(err) || attempt >= retryDelaysMs.length) throw err;
        await new Promise((r) => setTimeout(r, retryDelaysMs[attempt]));
      }
    }
  }

  /**
   * What the limits held since the last summary to admins (or the last hour): new requests held in
   * quarantine, admin notices kept back and messages too large to read, each with the folded
   * sender its reason names. The window is the database's clock alone, as the times it compares
   * are (rows stamped with now()): workers whose clocks differ see the same window, with no gap
   * and no overlap between one summary and the next. `at` is the database's time of the reading.
   */
  async limitedSinceLastSummary(): Promise<{ since: Date; afterSummary: boolean; at: Date; items: { sender: string; kind: LimitedKind }[] }> {
    return this.db.transaction(async (tx) => {
      // One transaction, so one now() for every statement; `since` goes back to the database as its
      // own text, to the microsecond, and to us in milliseconds.
      const since = sql`greatest(max(${outbox.createdAt}), now() - interval '1 hour')`;
      const [window] = await tx.select({
        atMs: sql<number>`(extract(epoch from now()) * 1000)::float8`,
        since: sql<string>`(${since})::text`,
        sinceMs: sql<number>`(extract(epoch from ${since}) * 1000)::float8`,
        afterSummary: sql<boolean>`coalesce(max(${outbox.createdAt}) > now() - interval '1 hour', false)`,
      }).from(outbox).where(eq(outbox.event, 'limits_summary'));
      const after = (column: typeof inboundMessages.processedAt | typeof outboundMessages.createdAt) => sql`${column} > ${window!.since}::timestamptz`;
      const held = await tx.select({ reason: inboundMessages.reason }).from(inboundMessages)
        .where(and(eq(inboundMessages.outcome, 'quarantined:NEW_REQUEST_LIMIT'), after(inboundMessages.processedAt)));
      const tooLarge = await tx.select({ reason: inboundMessages.reason }).from(inboundMessages)
        .where(and(eq(inboundMessages.outcome, 'quarantined:MESSAGE_TOO_LARGE'), after(inboundMessages.processedAt)));
      const notices = await tx.selectDistinct({ outboxId: outboundMessages.outboxId, reason: outboundMessages.reason }).from(outboundMessages)
        .where(and(eq(outboundMessages.template, 'new_ticket_admin'), like(outboundMessages.reason, `${HELD_BY_LIMIT}admin notices%`), after(outboundMessages.createdAt)));
      return {
        since: new Date(Math.floor(Number(window!.sinceMs))),
        afterSummary: window!.afterSummary,
        at: new Date(Math.floor(Number(window!.atMs))),
        items: [
          ...held.map((r) => ({ sender: namedSender(r.reason), kind: 'held' as const })),
          ...notices.map((r) => ({ sender: namedSender(r.reason), kind: 'summarised' as const })),
          ...tooLarge.map((r) => ({ sender: namedSender(r.reason), kind: 'too_large' as const })),
        ],
      };
    });
  }

  /**
   * Takes a pending row for one send for `ms`: false when it is no longer pending or another send
   * holds it (a job run twice: a stalled lock, the queues rebuilt after Redis came back), so one
   * status mail is never sent by two runs at once. Released when the send fails before SMTP
   * accepted the mail and will be retried; never released once SMTP accepted it; a holder that dies
   * lets it lapse.
   */
  async claim(id: number, ms: number): Promise<boolean> {
    return (await sendQueriesFor(this.db).claim.execute({ id, seconds: ms / 1000 })).length > 0;
  }

  /** Gives a claimed row back, so its retry need not wait for the claim to lapse. */
  async release(id: number): Promise<void> {
    await this.db.update(outboundMessages).set({ sendingUntil: null }).where(eq(outboundMessages.id, id));
  }

  /** Leaves a pending row pending with why it waits (a later attempt sends it and clears the reason). */
  async markWaiting(id: number, reason: string): Promise<void> {
    await this.db.update(outboundMessages).set({ reason, sendingUntil: null }).where(and(eq(outboundMessages.id, id), eq(outboundMessages.status, 'pending')));
  }

  async markNotSent(id: number, status: 'suppressed' | 'failed', reason: string): Promise<void> {
    await this.db.update(outboundMessages).set({ status, reason }).where(and(eq(outboundMessages.id, id), eq(outboundMessages.status, 'pending')));
  }

}

/** The folded sender a limit's reason ends with, in parentheses (workers/process-mail.ts writes it). */
function namedSender(reason: string | null): string {
  const text = reason ?? '';
  const open = text.lastIndexOf('(');
  return open >= 0 && text.endsWith(')') ? text.slice(open + 1, -1) : 'unknown sender';
}
