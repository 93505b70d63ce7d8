// Ticket lists for the web: "My Submitted Issues" (tickets a person submitted or follows) and the
// admin queue (every ticket), with filters, search by ticket number, summary words, client ID or
// submitter, counts per status, and paging. I/O: database reads only; indexes in schema.ts.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Priority, TicketStatus, TicketType } from '../../tickets/types.ts';
import { searchedTicket } from '../../tickets/reference.ts';
import type { Db } from './client.ts';
import { outboundMessages, participants, people, tickets } from './schema.ts';

export interface TicketListFilter {
  /** Only tickets this person submitted or was added to as interested ("My Submitted Issues"). */
  personId?: number;
  statuses?: TicketStatus[];
  priority?: Priority;
  route?: string;
  topic?: string;
  /** An assignee's person id, or 'none' for unassigned tickets. */
  assignee?: number | 'none';
  urgent?: boolean;
  /** A ticket's number (Utah_RW-12, RW-12, 12 or #12), words of the summary, or a client ID. */
  search?: string;
  /** Also match the submitter's address or name (the admin queue). */
  searchSubmitter?: boolean;
}

export interface TicketListRow {
  id: number;
  ref: string;
  createdAt: Date;
  updatedAt: Date;
  type: TicketType;
  summary: string;
  status: TicketStatus;
  priority: Priority;
  route: string | null;
  topic: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  submitterName: string;
  submitterEmail: string;
}

export interface TicketListPage {
  rows: TicketListRow[];
  total: number;
  page: number;
  pageCount: number;
}

/**
 * Newest first (a person's own list) or the queue order: open tickets before closed ones (closed
 * tickets pile up and would bury them), and within each urgent first, then oldest first.
 */
export type TicketOrder = 'newest' | 'queue';

function searchCondition(filter: TicketListFilter): SQL | undefined {
  const q = filter.search?.trim().slice(0, 200);
  if (!q) return undefined;
  const words = sql`to_tsvector('simple', ${tickets.summary}) @@ plainto_tsquery('simple', ${q})`;
  const clientId = sql`${tickets.clientIds} @> jsonb_build_array(upper(${q}))`;
  const ors: SQL[] = [words, clientId];
  // The ticket with the number typed, as a number (`180`, `#180`) or as the end of its reference
  // (`RW-180`, `Utah_RW-180`); the summaries that name it are found by their words too.
  const named = searchedTicket(q);
  if (named) {
    const number = eq(tickets.number, named.number);
    ors.unshift(named.refEnd === null ? number : and(number, sql`right(lower(${tickets.ref}), ${named.refEnd.length}) = lower(${named.refEnd})`)!);
  }
  if (filter.searchSubmitter) {
    const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    ors.push(sql`${tickets.submitterId} in (select ${people.id} from ${people} where ${people.email} like ${like} or lower(${people.name}) like ${like})`);
  }
  return or(...ors);
}

function whereOf(filter: TicketListFilter, withStatus: boolean): SQL | undefined {
  return and(
    filter.personId !== undefined
      ? inArray(tickets.id, sql`(select ${participants.ticketId} from ${participants} where ${participants.personId} = ${filter.personId} and ${participants.role} in ('submitter', 'interested'))`)
      : undefined,
    withStatus && filter.statuses?.length ? inArray(tickets.status, filter.statuses) : undefined,
    filter.priority ? eq(tickets.priority, filter.priority) : undefined,
    filter.urgent ? eq(tickets.priority, 'urgent') : undefined,
    filter.route ? eq(tickets.route, filter.route) : undefined,
    filter.topic ? eq(tickets.topic, filter.topic) : undefined,
    filter.assignee === 'none' ? sql`${tickets.assigneeId} is null` : filter.assignee !== undefined ? eq(tickets.assigneeId, filter.assignee) : undefined,
    searchCondition(filter),
  );
}

/**
 * One page of tickets matching `filter`, with the total; `page` counts from 1 and is clamped.
 * `knownTotal` (e.g. summed from countByStatus) saves counting again.
 */
export async function listTickets(db: Db, filter: TicketListFilter, order: TicketOrder, page: number, perPage: number, knownTotal?: number): Promise<TicketListPage> {
  const where = whereOf(filter, true);
  const total = knownTotal ?? ((await db.select({ total: sql<number>`count(*)::int` }).from(tickets).where(where)) as [{ total: number }])[0].total;
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const assignee = alias(people, 'assignee');
  const orderBy = order === 'newest'
    ? [desc(tickets.createdAt), desc(tickets.id)]
    : [sql`(${tickets.status} = 'closed')`, sql`(${tickets.priority} = 'urgent') desc`, asc(tickets.createdAt), asc(tickets.id)];
  const rows = await db
    .select({
      id: tickets.id, ref: tickets.ref, createdAt: tickets.createdAt, updatedAt: tickets.updatedAt, type: tickets.type, summary: tickets.summary,
      status: tickets.status, priority: tickets.priority, route: tickets.route, topic: tickets.topic,
      assigneeName: assignee.name, assigneeEmail: assignee.email,
      submitterName: people.name, submitterEmail: people.email,
    })
    .from(tickets)
    .innerJoin(people, eq(people.id, tickets.submitterId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .where(where)
    .orderBy(...orderBy)
    .limit(perPage)
    .offset((current - 1) * perPage);
  return {
    rows: rows.map((r) => ({ ...r, type: r.type as TicketType, status: r.status as TicketStatus, priority: r.priority as Priority })),
    total, page: current, pageCount,
  };
}

/** How many tickets of `counts` the filter's status choice covers (all of them when it names none). */
export function totalOf(counts: Partial<Record<TicketStatus, number>>, statuses: TicketStatus[] | undefined): number {
  return Object.entries(counts).filter(([status]) => !statuses?.length || statuses.includes(status as TicketStatus)).reduce((n, [, c]) => n + (c ?? 0), 0);
}

/** How many tickets matching `filter` (its status choice aside) are in each status. */
export async function countByStatus(db: Db, filter: TicketListFilter): Promise<Partial<Record<TicketStatus, number>>> {
  const rows = await db.select({ status: tickets.status, n: sql<number>`count(*)::int` }).from(tickets).where(whereOf(filter, false)).groupBy(tickets.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The values the admin queue's filters offer: routes and topics in use, and everyone assigned something. */
export async function queueChoices(db: Db): Promise<{ routes: string[]; topics: string[]; assignees: { id: number; name: string; email: string }[] }> {
  const [routes, topics, assignees] = await Promise.all([
    db.selectDistinct({ v: tickets.route }).from(tickets).orderBy(tickets.route),
    db.selectDistinct({ v: tickets.topic }).from(tickets).orderBy(tickets.topic),
    db.select({ id: people.id, name: people.name, email: people.email }).from(people)
      .where(sql`${people.id} in (select distinct ${tickets.assigneeId} from ${tickets} where ${tickets.assigneeId} is not null)`)
      .orderBy(people.email),
  ]);
  return {
    routes: routes.map((r) => r.v).filter((v): v is string => Boolean(v)),
    topics: topics.map((r) => r.v).filter((v): v is string => Boolean(v)),
    assignees,
  };
}

/** People whose status mail bounced (marked undeliverable), newest first. */
export async function listUndeliverable(db: Db, limit = 200): Promise<{ id: number; email: string; name: string; since: Date; reason: string | null }[]> {
  const rows = await db.select({ id: people.id, email: people.email, name: people.name, since: people.undeliverableAt, reason: people.undeliverableReason })
    .from(people).where(sql`${people.undeliverableAt} is not null`).orderBy(desc(people.undeliverableAt)).limit(limit);
  return rows.map((r) => ({ ...r, since: r.since! }));
}

/** Status mail the mail limits kept back, newest first, for the admin mail page (never its text). */
export async function listHeldByLimits(db: Db, limit = 200): Promise<{ id: number; ref: string | null; recipient: string; template: string; reason: string; at: Date }[]> {
  const rows = await db.select({
    id: outboundMessages.id, ref: tickets.ref, recipient: outboundMessages.recipient, template: outboundMessages.template, reason: outboundMessages.reason, at: outboundMessages.createdAt,
  }).from(outboundMessages).leftJoin(tickets, eq(tickets.id, outboundMessages.ticketId))
    .where(sql`${outboundMessages.reason} like 'held by limit:%'`).orderBy(desc(outboundMessages.id)).limit(limit);
  return rows.map((r) => ({ ...r, reason: r.reason ?? '' }));
}
