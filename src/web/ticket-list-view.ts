// What the ticket lists show (My Submitted Issues, the admin queue): the filters read from the
// address (only known values count; anything else is ignored, never an error), and each row in
// the guide's words. Pure: query values in, plain data out.
import type { TicketListFilter, TicketListPage, TicketListRow } from '../adapters/db/ticket-queries.ts';
import { withoutPersonalLinks } from '../tickets/personal-links.ts';
import { formatDay } from '../tickets/shown-time.ts';
import { STATUS_LABELS } from '../tickets/transitions.ts';
import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../tickets/types.ts';

/** The guide's status filter, in its order. */
export const STATUS_FILTER: { value: TicketStatus; label: string }[] = (['assigned', 'closed', 'fixed_verify_needed', 'new', 'waiting_for_response'] as const)
  .map((value) => ({ value, label: STATUS_LABELS[value] }));

const TYPE_WORDS: Record<string, string> = { issue: 'Issue', question: 'Question', suggestion: 'Suggestion' };

export interface ListQuery {
  statuses: TicketStatus[];
  search: string;
  page: number;
  priority: Priority | null;
  route: string | null;
  topic: string | null;
  assignee: number | 'none' | null;
  urgent: boolean;
}

const many = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
// A NUL has no place in a search, and PostgreSQL text cannot hold one.
const one = (value: unknown): string => many(value)[0]?.replace(/\0/g, '').trim().slice(0, 200) ?? '';

/** The filters in a list page's address; unknown values are dropped. */
export function readListQuery(query: unknown): ListQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  const statuses = [...new Set(many(q.status).filter((s): s is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(s)))];
  const priority = one(q.priority);
  const assignee = one(q.assignee);
  const page = Number(one(q.page));
  return {
    statuses,
    search: one(q.q),
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
    priority: (PRIORITIES as readonly string[]).includes(priority) ? priority as Priority : null,
    route: /^[a-z0-9_-]{1,60}$/.test(one(q.route)) ? one(q.route) : null,
    topic: /^[a-z0-9_-]{1,60}$/.test(one(q.topic)) ? one(q.topic) : null,
    assignee: assignee === 'none' ? 'none' : /^\d{1,9}$/.test(assignee) ? Number(assignee) : null,
    urgent: one(q.urgent) === '1',
  };
}

/** The database filter for a list query (the admin's extra filters only when `staff`). */
export function toFilter(query: ListQuery, staff: boolean): TicketListFilter {
  const filter: TicketListFilter = { statuses: query.statuses, search: query.search || undefined };
  if (!staff) return filter;
  return {
    ...filter,
    priority: query.priority ?? undefined,
    route: query.route ?? undefined,
    topic: query.topic ?? undefined,
    assignee: query.assignee ?? undefined,
    urgent: query.urgent || undefined,
    searchSubmitter: true,
  };
}

/** The address of `page` with the same filters. */
export function pageHref(basePath: string, query: ListQuery, page: number): string {
  const params = new URLSearchParams();
  for (const s of query.statuses) params.append('status', s);
  if (query.search) params.set('q', query.search);
  if (query.priority) params.set('priority', query.priority);
  if (query.route) params.set('route', query.route);
  if (query.topic) params.set('topic', query.topic);
  if (query.assignee !== null) params.set('assignee', String(query.assignee));
  if (query.urgent) params.set('urgent', '1');
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `${basePath}?${text}` : basePath;
}

export interface ListRowView {
  ref: string;
  href: string;
  submittedDay: string;
  submittedIso: string;
  type: string;
  summary: string;
  status: TicketStatus;
  statusLabel: string;
  priority: Priority;
  urgent: boolean;
  assignedTo: string;
  assigneeEmail: string | null;
  submitter: string;
  route: string;
  topic: string;
}

/**
 * A row as the list shows it, in the guide's words. The summary is shown without personal links and
 * signed reply addresses (tickets/personal-links.ts): a subject may carry the submitter's, and others
 * see the row. Its submitted date (mm/dd/yyyy, as the guide's list shows it) is the day in TIME_ZONE.
 */
export function toRowView(row: TicketListRow, shown: { helpdeskAddress: string; timeZone: string }): ListRowView {
  const { helpdeskAddress, timeZone } = shown;
  return {
    ref: row.ref,
    href: `/tickets/${encodeURIComponent(row.ref)}`,
    submittedDay: formatDay(row.createdAt, timeZone),
    submittedIso: row.createdAt.toISOString(),
    type: TYPE_WORDS[row.type] ?? row.type,
    summary: withoutPersonalLinks(row.summary, helpdeskAddress),
    status: row.status,
    statusLabel: STATUS_LABELS[row.status] ?? row.status,
    priority: row.priority,
    urgent: row.priority === 'urgent',
    assignedTo: row.assigneeName || row.assigneeEmail || 'Not Assigned',
    assigneeEmail: row.assigneeEmail,
    submitter: row.submitterName ? `${row.submitterName} (${row.submitterEmail})` : row.submitterEmail,
    route: row.route ?? '',
    topic: row.topic ?? '',
  };
}

/** Paging links for a list page: previous/next and "page N of M". */
export function pagingOf(basePath: string, query: ListQuery, list: TicketListPage): { page: number; pageCount: number; total: number; prev: string | null; next: string | null } {
  return {
    page: list.page, pageCount: list.pageCount, total: list.total,
    prev: list.page > 1 ? pageHref(basePath, query, list.page - 1) : null,
    next: list.page < list.pageCount ? pageHref(basePath, query, list.page + 1) : null,
  };
}
