// Reading status mail in the integration tests: the exact subjects the service sends, waiting
// for the n-th mail with a subject (the same subject comes more than once over a ticket's life),
// and what the outbound table holds for one recipient. I/O: IMAP and the database via the harness.
import type { ParsedMessage } from '../../src/inbound/types.ts';
import type { Harness } from './harness.ts';

/** `[ClientTrack Issues Tracking] Issue Utah_RW-<n> <tail>`, as outbound/templates.ts builds it. */
export function subjectOf(ticketNumber: number, tail: string): string {
  return `[ClientTrack Issues Tracking] Issue Utah_RW-${ticketNumber} ${tail}`;
}

export const TAILS = {
  submitted: 'has been submitted',
  newTicketAdmin: 'has been submitted and is not yet assigned',
  assigned: 'has been assigned',
  newNote: 'New Note',
  fixed: 'has been fixed',
  verified: 'has been verified',
  closed: 'has been closed',
  notFixed: 'is not fixed',
  reopened: 'has been reopened',
  escalated: 'has been escalated',
  reminderVerify: 'needs your verification',
  reminderStale: 'has had no update',
  waiting: 'is waiting for your response',
  reminderWaiting: 'is still waiting for your response',
  autoClosed: 'has been closed automatically',
  refused: 'Your command was not carried out',
} as const;

/** A mail's text part with line wrapping undone, for matching what it says. */
export function words(m: ParsedMessage): string {
  return m.text.replace(/\s+/g, ' ');
}

/** Mail in the user's INBOX with exactly this subject, oldest first. */
export async function mailWithSubject(h: Harness, user: string, subject: string): Promise<ParsedMessage[]> {
  return (await h.mailbox(user)).filter((m) => m.subject === subject);
}

/** Waits for the `n`-th mail (1-based) with exactly this subject in the user's INBOX. */
export async function waitForNth(h: Harness, user: string, subject: string, n = 1, timeoutMs = 15_000): Promise<ParsedMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await mailWithSubject(h, user, subject);
    if (found.length >= n) return found[n - 1]!;
    if (Date.now() > deadline) {
      const has = (await h.mailbox(user)).map((m) => m.subject).join(' | ');
      throw new Error(`${user} has ${found.length} mail(s) "${subject}", expected ${n} within ${timeoutMs} ms; has: ${has}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Every status mail the service planned for `recipient` (sent or not), oldest first. */
export async function outboundTo(h: Harness, recipient: string): Promise<{ template: string; status: string; subject: string | null }[]> {
  return h.service.database.sql<{ template: string; status: string; subject: string | null }[]>`
    select template, status, subject from outbound_messages where recipient = ${recipient.toLowerCase()} order by id`;
}

/** Waits until no status mail is pending (planned but not yet sent), so mailbox counts are final. */
export async function waitForOutboxDrained(h: Harness, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await h.service.database.sql<{ pending: number; unrelayed: number }[]>`
      select (select count(*)::int from outbound_messages where status = 'pending') as pending,
             (select count(*)::int from outbox where relayed_at is null) as unrelayed`;
    if (row!.pending === 0 && row!.unrelayed === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox not drained within ${timeoutMs} ms: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until `count()` has not changed for `quietMs` (mail still arriving, a loop still going); returns its last value. */
export async function waitUntilQuiet(count: () => Promise<number>, quietMs: number, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await count();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await count();
    if (now !== last) { last = now; since = Date.now(); } else if (Date.now() - since >= quietMs) return now;
  }
  throw new Error(`still changing after ${timeoutMs} ms (last count ${last})`);
}
