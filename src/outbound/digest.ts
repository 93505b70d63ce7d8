// Orders the admins' daily digest: open tickets grouped by priority (urgent first), then
// status, oldest first; says which day's digest a run without a schedule stands for, which one a
// starting worker may catch up, and the key that keeps one digest per scheduled day. Pure.
import type { DigestRow } from './templates.ts';
import { withoutPersonalLinks } from '../tickets/personal-links.ts';
import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../tickets/types.ts';

/**
 * The digest's lines. A summary is a mail's subject: it shows without any personal link or signed
 * reply address pasted there (`helpdeskAddress` takes the place of one), as all mail text does.
 */
export function planDigest(
  rows: { ref: string; summary: string; status: string; priority: string; createdAt: Date }[],
  now: Date,
  publicUrl: string,
  helpdeskAddress: string,
): DigestRow[] {
  const rank = (list: readonly string[], v: string) => (list.indexOf(v) < 0 ? list.length : list.indexOf(v));
  return [...rows]
    .sort((a, b) => rank(PRIORITIES, a.priority) - rank(PRIORITIES, b.priority)
      || rank(TICKET_STATUSES, a.status) - rank(TICKET_STATUSES, b.status)
      || a.createdAt.getTime() - b.createdAt.getTime())
    .map((r) => ({
      ref: r.ref, summary: withoutPersonalLinks(r.summary, helpdeskAddress), status: r.status as TicketStatus, priority: r.priority as Priority,
      ageDays: Math.max(0, Math.floor((now.getTime() - r.createdAt.getTime()) / 86_400_000)),
      url: `${publicUrl}/tickets/${encodeURIComponent(r.ref)}`,
    }));
}

/**
 * The scheduled digest a run stands for when no schedule fired it (the command): the latest
 * `digestHour` (UTC) at or before `now`. Such a run sends a digest the schedule missed, and never
 * takes the place of one still to come that day.
 */
export function digestDueAt(now: Date, digestHour: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), digestHour);
  return new Date(today <= now.getTime() ? today : today - 86_400_000);
}

/**
 * Today's scheduled digest once its `digestHour` (UTC) has passed at `now`, else null: the one a
 * worker starting at `now` catches up when no digest went out for it. Never an earlier day's:
 * before the hour, yesterday's digest had its own chance and today's is still to come.
 */
export function todaysDigestDueAt(now: Date, digestHour: number): Date | null {
  const due = digestDueAt(now, digestHour);
  return due.toISOString().slice(0, 10) === now.toISOString().slice(0, 10) ? due : null;
}

/**
 * The outbox key that keeps one digest per scheduled day: the day it was due (UTC), not the day it
 * ran, so a run carried out after midnight is still the day before's.
 */
export function digestKey(due: Date): string {
  return `digest:${due.toISOString().slice(0, 10)}`;
}
