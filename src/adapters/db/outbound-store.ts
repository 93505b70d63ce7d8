// Status mail in PostgreSQL: relays outbox events into one outbound_messages row per recipient
// (unique per event and recipient, Message-ID chosen up front), and loads what one send needs.
// I/O: database; who gets what is decided by the pure notification plan passed in.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNotNull, isNull, like, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { newMessageId } from '../../outbound/headers.ts';
import type { LimitedKind } from '../../outbound/loop-brake.ts';
import type { PlannedNotification } from '../../outbound/notify-plan.ts';
import type { Participant, ParticipantRole, TicketEvent, TicketState } from '../../tickets/types.ts';
import { isRetryable } from '../../errors.ts';
import type { Db, Tx } from './client.ts';
import { translateDbError } from './errors.ts';
import { findPersonById } from './people.ts';
import { inboundMessages, noteAttachments, notes, outbox, outboundMessages, participants, people, tickets } from './schema.ts';
import { TicketStore } from './ticket-store.ts';

export type OutboundRow = typeof outboundMessages.$inferSelect;

/** How the reason of mail kept back by a limit starts (the metric and the summary count these). */
export const HELD_BY_LIMIT = 'held by limit: ';
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
            // Held by a limit: recorded with its reason for the admins, never sent.
            ...(p.heldBy ? { status: 'suppressed', reason: `${HELD_BY_LIMIT}${p.heldBy}` } : {}),
          });
        }
      }
      // Every recipient is a person (created when new, as upsertPerson would with no name).
      const recipients = [...new Set(rows.map((r) => r.recipient.trim().toLowerCase()))];
      if (recipients.length) await tx.insert(people).values(recipients.map((email) => ({ email, name: '' }))).onConflictDoNothing();
      const inserted = rows.length ? await tx.insert(outboundMessages).values(rows).onConflictDoNothing().returning({ id: outboundMessages.id, status: outboundMessages.status }) : [];
      const ids = inserted.filter((r) => r.status !== 'suppressed').map((r) => r.id);
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
    // One joined read for the row and what it names, then the rest side by side: a send used to
    // take ten round trips one after another (the backlog benchmark counts statements per message).
    const recipientPerson = alias(people, 'recipient');
    const actorPerson = alias(people, 'actor');
    const assigneePerson = alias(people, 'assignee');
    const [joined] = await this.db
      .select({ row: outboundMessages, event: outbox, ticket: tickets, recipient: recipientPerson, actor: actorPerson, assignee: assigneePerson, note: notes })
      .from(outboundMessages)
      .leftJoin(outbox, eq(outbox.id, outboundMessages.outboxId))
      .leftJoin(tickets, eq(tickets.id, outboundMessages.ticketId))
      .leftJoin(recipientPerson, eq(recipientPerson.email, outboundMessages.recipient))
      .leftJoin(actorPerson, eq(actorPerson.id, outbox.actorId))
      .leftJoin(assigneePerson, eq(assigneePerson.id, tickets.assigneeId))
      .leftJoin(notes, eq(notes.id, outbox.noteId))
      .where(eq(outboundMessages.id, id));
    if (!joined) return null;
    const { row, event, ticket, recipient, actor, assignee, note } = joined;
    const [files, threadIds, trigger, addedBy] = await Promise.all([
      note ? this.db.select().from(noteAttachments).where(eq(noteAttachments.noteId, note.id)).orderBy(asc(noteAttachments.id)) : [],
      ticket ? this.threadIds(ticket.id) : [],
      note?.inboundMessageId
        ? this.db.select({ messageId: inboundMessages.messageId }).from(inboundMessages).where(eq(inboundMessages.id, note.inboundMessageId)).then(([r]) => r)
        : undefined,
      ticket && recipient ? this.addedByOnFirstMail(ticket.id, recipient, row.id) : null,
    ]);
    // Without a note of its own the mail answers the request itself.
    return { row, event, ticket, recipient, actor, assignee, note, files, threadIds, triggerMessageId: trigger?.messageId ?? threadIds[0] ?? null, addedBy };
  }

  /** Who added this person to the ticket, when this is the first mail about it they receive; else null. */
  private async addedByOnFirstMail(ticketId: number, person: { id: number; email: string }, rowId: number): Promise<{ email: string; name: string } | null> {
    const [joined] = await this.db.select({ addedById: participants.addedById }).from(participants)
      .where(and(eq(participants.ticketId, ticketId), eq(participants.personId, person.id), isNotNull(participants.addedById))).limit(1);
    if (!joined?.addedById) return null;
    const [earlier] = await this.db.select({ id: outboundMessages.id }).from(outboundMessages)
      .where(and(eq(outboundMessages.ticketId, ticketId), eq(outboundMessages.recipient, person.email), eq(outboundMessages.status, 'sent'), ne(outboundMessages.id, rowId))).limit(1);
    if (earlier) return null;
    const by = await findPersonById(this.db, joined.addedById);
    return by ? { email: by.email, name: by.name } : null;
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

  /**
   * What the limits held since the last summary to admins (or the last hour): new requests held in
   * quarantine, admin notices kept back and messages too large to read, each with the folded
   * sender its reason names.
   */
  async limitedSinceLastSummary(now: Date): Promise<{ since: Date; items: { sender: string; kind: LimitedKind }[] }> {
    const [last] = await this.db.select({ at: sql<Date | null>`max(${outbox.createdAt})` }).from(outbox).where(eq(outbox.event, 'limits_summary'));
    const hourAgo = new Date(now.getTime() - 3_600_000);
    const since = last?.at && new Date(last.at) > hourAgo ? new Date(last.at) : hourAgo;
    const held = await this.db.select({ reason: inboundMessages.reason }).from(inboundMessages)
      .where(and(eq(inboundMessages.outcome, 'quarantined:NEW_REQUEST_LIMIT'), gt(inboundMessages.processedAt, since)));
    const tooLarge = await this.db.select({ reason: inboundMessages.reason }).from(inboundMessages)
      .where(and(eq(inboundMessages.outcome, 'quarantined:MESSAGE_TOO_LARGE'), gt(inboundMessages.processedAt, since)));
    const notices = await this.db.selectDistinct({ outboxId: outboundMessages.outboxId, reason: outboundMessages.reason }).from(outboundMessages)
      .where(and(eq(outboundMessages.template, 'new_ticket_admin'), like(outboundMessages.reason, `${HELD_BY_LIMIT}admin notices%`), gt(outboundMessages.createdAt, since)));
    return {
      since,
      items: [
        ...held.map((r) => ({ sender: namedSender(r.reason), kind: 'held' as const })),
        ...notices.map((r) => ({ sender: namedSender(r.reason), kind: 'summarised' as const })),
        ...tooLarge.map((r) => ({ sender: namedSender(r.reason), kind: 'too_large' as const })),
      ],
    };
  }

  /** Leaves a pending row pending with why it waits (a later attempt sends it and clears the reason). */
  async markWaiting(id: number, reason: string): Promise<void> {
    await this.db.update(outboundMessages).set({ reason }).where(and(eq(outboundMessages.id, id), eq(outboundMessages.status, 'pending')));
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
