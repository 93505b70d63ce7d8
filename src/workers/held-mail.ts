// What an admin does with mail the service could not act on, and with addresses a bounce marked
// undeliverable: the same steps for `deskmail quarantine` / `deskmail people deliverable` and
// for the admin pages. I/O: database (inbound store, people) and the process-mail queue.
import { eq } from 'drizzle-orm';
import type { Queue } from 'bullmq';
import type { Db } from '../adapters/db/client.ts';
import type { InboundStore } from '../adapters/db/inbound-store.ts';
import { people } from '../adapters/db/schema.ts';
import { enqueueOnce, processJobId, type ProcessMailJob } from '../adapters/queue/queues.ts';
import { parseMessage } from '../inbound/parse.ts';
import { isRowId } from '../tickets/row-id.ts';

export interface HeldMessage {
  id: number;
  status: string;
  outcome: string | null;
  reason: string | null;
  attempts: number;
  size: number;
  messageId: string | null;
  from: string | null;
  subject: string | null;
  receivedAt: string;
  /** When its raw bytes were cleared under RAW_MAIL_DAYS (From and Subject went with them), or null while kept. */
  rawClearedAt: string | null;
}

/** One stored message's facts (never its body); null when there is no such message. */
export async function describeHeldMessage(store: InboundStore, id: number): Promise<HeldMessage | null> {
  const row = isRowId(id) ? await store.load(id) : null;
  if (!row) return null;
  const parsed = row.raw ? await parseMessage(row.raw).catch(() => null) : null;
  return {
    id: row.id, status: row.status, outcome: row.outcome, reason: row.reason, attempts: row.attempts, size: row.size,
    messageId: row.messageId, from: parsed?.from?.address ?? null, subject: parsed?.subject ?? null, receivedAt: row.receivedAt.toISOString(),
    rawClearedAt: row.rawClearedAt?.toISOString() ?? null,
  };
}

/**
 * What a retry did: `queued` for processing again; `fetch-again`, for a message the mail server
 * refused to give us (FETCH_REFUSED, no bytes to process): the fetcher asks the server for it
 * again on its next pass and holds it again, saying why, if it still cannot have it; `not-held`.
 */
export type RetryOutcome = 'queued' | 'fetch-again' | 'not-held';

/** Puts a quarantined message back in line for processing, or to be fetched again when it was never downloaded. */
export async function retryHeldMessage(store: InboundStore, processMail: Queue<ProcessMailJob>, id: number): Promise<RetryOutcome> {
  if (!isRowId(id)) return 'not-held';
  if (await store.requestRefetch(id)) return 'fetch-again';
  if (!(await store.release(id))) return 'not-held';
  await enqueueOnce(processMail, 'process', { inboundId: id }, processJobId(id));
  return 'queued';
}

/** Keeps a quarantined message but never processes it; false when it is not in quarantine. */
export async function dropHeldMessage(store: InboundStore, id: number, by: string): Promise<boolean> {
  return isRowId(id) && store.drop(id, `dropped by ${by}`);
}

/**
 * After a bounce marked the address undeliverable: status mail goes to it again. Returns the
 * address, or null when nobody has it (a mistyped address names nobody; it creates nobody).
 */
export async function markDeliverable(db: Db, email: string): Promise<string | null> {
  const [row] = await db.update(people).set({ undeliverableAt: null, undeliverableReason: null })
    .where(eq(people.email, email.trim().toLowerCase())).returning({ email: people.email });
  return row?.email ?? null;
}
