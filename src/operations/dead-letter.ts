// Jobs that keep failing: a job that failed on its last attempt stays in its queue's failed set
// (the dead-letter state) until someone retries it. Each is announced to the admins once, in one
// `jobs_failed` notice per burst; `deskmail jobs failed` lists them and `deskmail jobs retry`
// runs them again. I/O: Redis (the queues, and a set of jobs already announced), PostgreSQL
// (the outbox event and the rows a retry makes pending again).
import type { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type postgres from 'postgres';
import { type Logger, safeError } from '../log.ts';
import type { FailedJobRow } from '../outbound/templates.ts';
import type { Db } from '../adapters/db/client.ts';
import type { TicketStore } from '../adapters/db/ticket-store.ts';
import type { Queues } from '../adapters/queue/queues.ts';

export const announcedKey = (prefix: string) => `${prefix}:dead-letter:announced`;
const member = (queue: string, jobId: string) => `${queue}/${jobId}`;

export interface FailedJob extends FailedJobRow {
  /** The row the job works on: inbound message, status mail or scheduled task. */
  target: string;
  failedAt: string | null;
}

export interface DeadLetterDeps {
  workers: Worker[];
  redis: Redis;
  prefix: string;
  db: Db;
  sql: postgres.Sql;
  tickets: TicketStore;
  relay: () => Promise<number>;
  log: Logger;
  /** How long failures are gathered into one notice. */
  gatherMs?: number;
}

/** Announces each job that failed on its last attempt to the admins, once. Returns a stop function. */
export function watchDeadLetters(deps: DeadLetterDeps): { stop(): Promise<void> } {
  const log = deps.log.child({ component: 'dead-letter' });
  let gathered: FailedJobRow[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();

  const flush = async () => {
    timer = null;
    const rows = gathered;
    gathered = [];
    if (rows.length === 0) return;
    try {
      const first = rows[0]!;
      await deps.tickets.insertEvents(deps.db, null, [{ event: 'jobs_failed', actor: null, payload: { failedJobs: rows }, dedupeKey: `jobs-failed:${member(first.queue, first.jobId)}:${Date.now()}` }], null);
      log.error({ jobs: rows.map((r) => member(r.queue, r.jobId)) }, 'jobs failed on every attempt and were set aside; admins told');
      await deps.relay().catch(() => 0);
    } catch (err) {
      // The database is away: unmark them so the next failure (or a later retry) announces them.
      await deps.redis.srem(announcedKey(deps.prefix), ...rows.map((r) => member(r.queue, r.jobId))).catch(() => {});
      log.warn({ err: safeError(err) }, 'could not record the failed-jobs notice');
    }
  };

  const onFailed = async (queue: string, job: Job | undefined, err: Error) => {
    if (!job?.id) return;
    // Only a job out of attempts is set aside; an UnrecoverableError already recorded its outcome.
    if (err.name === 'UnrecoverableError' || !(await job.isFailed())) return;
    if (queue === 'send-mail') {
      // The notice itself failing is not announced again: that would loop while SMTP is down.
      const [row] = await deps.sql<{ template: string }[]>`select template from outbound_messages where id = ${Number((job.data as { outboundId: number }).outboundId)}`;
      if (row?.template === 'jobs_failed') return;
    }
    const fresh = await deps.redis.sadd(announcedKey(deps.prefix), member(queue, job.id));
    if (fresh === 0) return;
    gathered.push({ queue, jobId: job.id, attempts: job.attemptsMade, reason: safeError(err).message });
    timer ??= setTimeout(() => { flushing = flushing.then(flush); }, deps.gatherMs ?? 2000);
  };

  for (const worker of deps.workers) {
    worker.on('failed', (job, err) => {
      onFailed(worker.name, job, err).catch((e) => log.warn({ err: safeError(e) }, 'could not check a failed job'));
    });
  }
  return {
    async stop() {
      if (timer) {
        clearTimeout(timer);
        flushing = flushing.then(flush);
      }
      await flushing;
    },
  };
}

function targetOf(queue: string, data: Record<string, unknown>): string {
  if (queue === 'process-mail') return `inbound message ${String(data.inboundId)}`;
  if (queue === 'send-mail') return `status mail ${String(data.outboundId)}`;
  return `task ${String(data.task)}`;
}

const queueList = (queues: Queues): Queue[] => [queues.processMail, queues.sendMail, queues.schedule];

/** Every job in a failed set, oldest failure first. */
export async function listFailedJobs(queues: Queues): Promise<FailedJob[]> {
  const out: FailedJob[] = [];
  for (const queue of queueList(queues)) {
    const jobs = await queue.getJobs(['failed'], 0, -1, true);
    for (const job of jobs) {
      out.push({
        queue: queue.name, jobId: String(job.id), attempts: job.attemptsMade, target: targetOf(queue.name, job.data as Record<string, unknown>),
        reason: safeError(new Error(job.failedReason ?? '')).message, failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      });
    }
  }
  return out.sort((a, b) => (a.failedAt ?? '').localeCompare(b.failedAt ?? ''));
}

/**
 * Runs failed jobs again (all, or those named by job id), with fresh attempts. A status mail
 * recorded as failed becomes pending again so the job sends it; a retried job that fails again is
 * announced again. Returns the jobs retried and the ids not found among the failed ones.
 */
export async function retryFailedJobs(queues: Queues, sql: postgres.Sql, jobIds: string[] = []): Promise<{ retried: FailedJob[]; notFound: string[] }> {
  const failed = await listFailedJobs(queues);
  const wanted = jobIds.length ? failed.filter((j) => jobIds.includes(j.jobId)) : failed;
  const notFound = jobIds.filter((id) => !failed.some((j) => j.jobId === id));
  const byName = new Map(queueList(queues).map((q) => [q.name, q]));
  for (const f of wanted) {
    const job = await byName.get(f.queue)!.getJob(f.jobId);
    if (!job) continue;
    if (f.queue === 'send-mail') {
      await sql`update outbound_messages set status = 'pending', reason = null where id = ${Number((job.data as { outboundId: number }).outboundId)} and status = 'failed'`;
    }
    await queues.connection.srem(announcedKey(queues.prefix), member(f.queue, f.jobId));
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }
  return { retried: wanted, notFound };
}
