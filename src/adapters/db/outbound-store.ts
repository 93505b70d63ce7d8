// Status mail in PostgreSQL: relays outbox events into one outbound_messages row per recipient
// (unique per event and recipient, Message-ID chosen up front), and loads what one send needs.
// I/O: database; who gets what is decided by the pure notification plan passed in.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { newMessageId } from '../../outbound/headers.ts';
import type { PlannedNotification } from '../../outbound/notify-plan.ts';
import type { Participant, ParticipantRole, TicketEvent, TicketState } from '../../tickets/types.ts';
import { isRetryable } from '../../errors.ts';
import type { Db, Tx } from './client.ts';
import { translateDbError } from './errors.ts';
import { findPersonById } from './people.ts';
import { inboundMessages, noteAttachments, notes, outbox, outboundMessages, participants, people, tickets } from './schema.ts';
import { TicketStore } from './ticket-store.ts';

export type OutboundRow = typeof outboundMessages.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

/** One relay pass: how many events it took, and the outbound rows they made. */
export interface RelayBatch { events: number; ids: number[] }

export type PlanFn = (input: {
  event: TicketEvent; ticket: TicketState | null; participants: Participant[]; actorEmail: string | null; internal: boolean; payload: Record<string, unknown>;
}) => PlannedNotification[];

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
      const events = await tx.select().from(outbox).where(isNull(outbox.relayedAt)).orderBy(asc(outbox.id)).limit(limit).for('update', { skipLocked: true });
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
          });
        }
      }
      // Every recipient is a person (created when new, as upsertPerson would with no name).
      const recipients = [...new Set(rows.map((r) => r.recipient.trim().toLowerCase()))];
      if (recipients.length) await tx.insert(people).values(recipients.map((email) => ({ email, name: '' }))).onConflictDoNothing();
      const ids = rows.length ? (await tx.insert(outboundMessages).values(rows).onConflictDoNothing().returning({ id: outboundMessages.id })).map((r) => r.id) : [];
      await tx.update(outbox).set({ relayedAt: new Date() }).where(inArray(outbox.id, events.map((e) => e.id)));
      return { events: events.length, ids };
    });
  }

  /** What the plan needs to know about each outbox event, by event id; none for an event whose ticket is gone. */
  private async planInputs(tx: Tx, events: OutboxRow[]): Promise<Map<number, Parameters<PlanFn>[0]>> {
    const ticketIds = [...new Set(events.map((e) => e.ticketId).filter((id): id is number => id !== null))];
    const ticketRows = ticketIds.length ? await tx.select().from(tickets).where(inArray(tickets.id, ticketIds)) : [];
    const ticketById = new Map(ticketRows.map((t) => [t.id, t]));
    const byTicket = new Map<number, Participant[]>();
    if (ticketIds.length) {
      const rows = await tx
        .select({ ticketId: participants.ticketId, personId: people.id, email: people.email, name: people.name, role: participants.role, notify: participants.notify, vouched: participants.vouched })
        .from(participants).innerJoin(people, eq(people.id, participants.personId))
        .where(inArray(participants.ticketId, ticketIds)).orderBy(asc(participants.createdAt));
      for (const { ticketId, ...r } of rows) byTicket.set(ticketId, [...(byTicket.get(ticketId) ?? []), { ...r, role: r.role as ParticipantRole }]);
    }
    const personIds = [...new Set([...ticketRows.map((t) => t.assigneeId), ...events.map((e) => e.actorId)].filter((id): id is number => id !== null))];
    const personById = new Map((personIds.length ? await tx.select().from(people).where(inArray(people.id, personIds)) : []).map((p) => [p.id, p]));
    const noteIds = [...new Set(events.map((e) => e.noteId).filter((id): id is number => id !== null))];
    const internalById = new Map((noteIds.length ? await tx.select({ id: notes.id, internal: notes.internal }).from(notes).where(inArray(notes.id, noteIds)) : []).map((n) => [n.id, n.internal]));
    const out = new Map<number, Parameters<PlanFn>[0]>();
    for (const e of events) {
      const ticket = e.ticketId === null ? null : ticketById.get(e.ticketId);
      if (ticket === undefined) continue;
      const assignee = ticket?.assigneeId ? personById.get(ticket.assigneeId) ?? null : null;
      out.set(e.id, {
        event: e.event as TicketEvent,
        ticket: ticket ? TicketStore.toState(ticket, assignee?.email ?? null) : null,
        participants: ticket ? byTicket.get(ticket.id) ?? [] : [],
        actorEmail: e.actorId ? personById.get(e.actorId)?.email ?? null : null,
        internal: e.noteId ? internalById.get(e.noteId) ?? false : false,
        payload: (e.payload ?? {}) as Record<string, unknown>,
      });
    }
    return out;
  }

  /** Pending rows older than `olderThanMs` (their send job may have been lost). */
  async stalePending(olderThanMs: number, limit = 500): Promise<number[]> {
    const rows = await this.db.select({ id: outboundMessages.id }).from(outboundMessages)
      .where(and(eq(outboundMessages.status, 'pending'), lt(outboundMessages.createdAt, new Date(Date.now() - olderThanMs))))
      .orderBy(asc(outboundMessages.id)).limit(limit);
    return rows.map((r) => r.id);
  }

  async load(id: number) {
    const [row] = await this.db.select().from(outboundMessages).where(eq(outboundMessages.id, id));
    if (!row) return null;
    const [event] = row.outboxId ? await this.db.select().from(outbox).where(eq(outbox.id, row.outboxId)) : [];
    const ticket = row.ticketId ? await this.tickets.byId(row.ticketId) : null;
    const [recipient] = await this.db.select().from(people).where(eq(people.email, row.recipient));
    const actor = event?.actorId ? await findPersonById(this.db, event.actorId) : null;
    const assignee = ticket?.assigneeId ? await findPersonById(this.db, ticket.assigneeId) : null;
    const [note] = event?.noteId ? await this.db.select().from(notes).where(eq(notes.id, event.noteId)) : [];
    const files = note ? await this.db.select().from(noteAttachments).where(eq(noteAttachments.noteId, note.id)).orderBy(asc(noteAttachments.id)) : [];
    const threadIds = ticket ? await this.threadIds(ticket.id) : [];
    const [trigger] = note?.inboundMessageId
      ? await this.db.select({ messageId: inboundMessages.messageId }).from(inboundMessages).where(eq(inboundMessages.id, note.inboundMessageId))
      : [];
    // Without a note of its own the mail answers the request itself.
    return { row, event: event ?? null, ticket, recipient: recipient ?? null, actor, assignee, note: note ?? null, files, threadIds, triggerMessageId: trigger?.messageId ?? threadIds[0] ?? null };
  }

  /** The Message-IDs of the ticket's first inbound message, for References. */
  private async threadIds(ticketId: number): Promise<string[]> {
    const rows = await this.db.select({ messageId: inboundMessages.messageId }).from(inboundMessages)
      .where(and(eq(inboundMessages.ticketId, ticketId), sql`${inboundMessages.messageId} is not null`)).orderBy(asc(inboundMessages.id)).limit(1);
    return rows.map((r) => r.messageId!);
  }

  /**
   * Records that the mail went out. Called after SMTP accepted it, so a passing database problem
   * is retried here (the update is idempotent) rather than by the job, which would send again.
   */
  async markSent(id: number, subject: string, retryDelaysMs: number[] = [200, 500, 1000, 2000, 4000, 8000]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.db.update(outboundMessages).set({ status: 'sent', subject, sentAt: new Date(), reason: null }).where(eq(outboundMessages.id, id));
        return;
      } catch (caught) {
        const err = translateDbError(caught);
        if (!isRetryable(err) || attempt >= retryDelaysMs.length) throw err;
        await new Promise((r) => setTimeout(r, retryDelaysMs[attempt]));
      }
    }
  }

  async markNotSent(id: number, status: 'suppressed' | 'failed', reason: string): Promise<void> {
    await this.db.update(outboundMessages).set({ status, reason }).where(and(eq(outboundMessages.id, id), eq(outboundMessages.status, 'pending')));
  }

}
