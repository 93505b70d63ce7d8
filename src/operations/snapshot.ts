// Reads what an operator watches, from PostgreSQL and Redis: messages by kind and outcome,
// status mail not sent and why, the quarantine, queue depths and their oldest job, and who
// fetches the mailbox. Shared by /metrics and `deskmail status`. I/O: the database and Redis;
// every read is bounded by a timeout so a dead store yields an error entry, never a hang.
import type postgres from 'postgres';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { safeError } from '../log.ts';
import { withTimeout } from '../adapters/with-timeout.ts';

export interface FetchHeartbeat {
  holder: string;
  state: string;
  lastSuccessAt: string | null;
  at: string;
}

export interface QueueSnapshot {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  oldestWaitingSeconds: number | null;
}

export interface OperationsSnapshot {
  messages: { kind: string; status: string; outcome: string; count: number }[];
  /** Status mail not sent, by status (failed | suppressed) and reason class. */
  notSent: { status: string; reason: string; count: number }[];
  /** null: PostgreSQL could not be read (unknown, never 0, so an alert on it does not clear). */
  quarantined: number | null;
  /** Mail held back by the limits: status mail recorded or waiting, new requests held in quarantine; null as above. */
  heldBackByLimit: number | null;
  queues: QueueSnapshot[];
  fetch: FetchHeartbeat | null;
  errors: string[];
}

export const heartbeatKey = (prefix: string, mailbox: string) => `${prefix}:ops:fetch:${mailbox}`;

export interface SnapshotSources {
  sql: postgres.Sql;
  queues: Queue[];
  /** null: Redis did not answer (the caller says so); the fetcher is then not read. */
  redis: Redis | null;
  prefix: string;
  mailbox: string;
  timeoutMs?: number;
}

export async function readOperationsSnapshot(src: SnapshotSources): Promise<OperationsSnapshot> {
  const timeout = src.timeoutMs ?? 3000;
  const errors: string[] = [];
  const guard = async <T>(what: string, fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(run(), timeout, what);
    } catch (err) {
      errors.push(`${what}: ${safeError(err).message}`);
      return fallback;
    }
  };
  const [db, queues, fetch] = await Promise.all([
    // In one transaction whose statements the server itself stops at the timeout: a scrape that
    // gives up never leaves a count running on a connection that mail processing needs.
    guard('postgresql', null, () => src.sql.begin(async (sql) => {
      await sql.unsafe(`set local statement_timeout = ${Math.max(1, Math.floor(timeout))}`);
      const messages = await sql<{ kind: string; status: string; outcome: string; count: number }[]>`
        select coalesce(kind, 'unknown') as kind, status, coalesce(split_part(outcome, ':', 1), 'none') as outcome, count(*)::int as count
        from inbound_messages group by 1, 2, 3 order by 1, 2, 3`;
      // Reasons are free text (SMTP answers); a few classes keep the label set small.
      const notSent = await sql<{ status: string; reason: string; count: number }[]>`
        select status, case
          when reason like 'held by limit:%' then 'held_by_limit'
          when reason like 'recipient undeliverable%' then 'undeliverable'
          when reason like 'ticket or recipient missing%' then 'missing_recipient'
          when reason like 'the ticket moved on%' then 'no_longer_due'
          else 'rejected' end as reason, count(*)::int as count
        from outbound_messages where status in ('failed', 'suppressed') group by 1, 2 order by 1, 2`;
      // Held back by a limit: mail recorded but not sent, mail waiting for the next hour's cap,
      // and new requests held in quarantine over their sender's hourly cap.
      const [held] = await sql<{ count: number }[]>`
        select ((select count(*) from outbound_messages where reason like 'held by limit:%')
          + (select count(*) from inbound_messages where status = 'quarantined' and outcome = 'quarantined:NEW_REQUEST_LIMIT'))::int as count`;
      return { messages: [...messages], notSent: [...notSent], held: held?.count ?? 0 };
    })),
    guard('redis queues', [] as QueueSnapshot[], () => Promise.all(src.queues.map(readQueue))),
    src.redis ? guard('redis', null, async () => {
      const raw = await src.redis!.get(heartbeatKey(src.prefix, src.mailbox));
      return raw ? (JSON.parse(raw) as FetchHeartbeat) : null;
    }) : null,
  ]);
  const quarantined = db ? db.messages.filter((m) => m.status === 'quarantined').reduce((n, m) => n + m.count, 0) : null;
  const heldBackByLimit = db ? db.held : null;
  return { messages: db?.messages ?? [], notSent: db?.notSent ?? [], quarantined, heldBackByLimit, queues, fetch, errors };
}

async function readQueue(queue: Queue): Promise<QueueSnapshot> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
  // Oldest first: BullMQ lists waiting jobs newest first unless asked ascending.
  const [oldest] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
  return {
    queue: queue.name,
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    oldestWaitingSeconds: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : null,
  };
}
