// Orders the admins' daily digest: open tickets grouped by priority (urgent first), then
// status, oldest first. Pure.
import type { DigestRow } from './templates.ts';
import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../tickets/types.ts';

export function planDigest(
  rows: { ref: string; summary: string; status: string; priority: string; createdAt: Date }[],
  now: Date,
  publicUrl: string,
): DigestRow[] {
  const rank = (list: readonly string[], v: string) => (list.indexOf(v) < 0 ? list.length : list.indexOf(v));
  return [...rows]
    .sort((a, b) => rank(PRIORITIES, a.priority) - rank(PRIORITIES, b.priority)
      || rank(TICKET_STATUSES, a.status) - rank(TICKET_STATUSES, b.status)
      || a.createdAt.getTime() - b.createdAt.getTime())
    .map((r) => ({
      ref: r.ref, summary: r.summary, status: r.status as TicketStatus, priority: r.priority as Priority,
      ageDays: Math.max(0, Math.floor((now.getTime() - r.createdAt.getTime()) / 86_400_000)),
      url: `${publicUrl}/tickets/${encodeURIComponent(r.ref)}`,
    }));
}
