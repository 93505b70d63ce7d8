// Queue names, job payloads and job ids, in one place. I/O: Redis through BullMQ.
// Job ids only dedupe while a job exists; the database's unique keys make a repeat harmless.
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { withTimeout } from '../with-timeout.ts';

export const QUEUES = {
  processMail: 'process-mail',
  sendMail: 'send-mail',
  schedule: 'schedule',
} as const;

export interface ProcessMailJob { inboundId: number }
export interface SendMailJob { outboundId: number }
export interface ScheduleJob { task: 'lifecycle-sweep' | 'digest' | 'recover' | 'limits-summary' | 'mail-retention' }

/**
 * When the schedule fired a job: the time a job scheduler made it for (BullMQ keeps it with the
 * job as `prevMillis`), which a run carried out late still stands for; undefined for a job added by hand.
 */
export function scheduledTimeOf(job: { opts: { prevMillis?: number } }): Date | undefined {
  const at = job.opts.prevMillis;
  return typeof at === 'number' && Number.isFinite(at) && at > 0 ? new Date(at) : undefined;
}

/**
 * Whether the job runs its last attempt: a retryable failure now sets it aside as failed rather than
 * trying again (BullMQ retries while attemptsMade + 1 < attempts). A failed job that is retried
 * without fresh attempts (recovery's enqueueOnce) runs every later try as its last.
 */
export function isLastAttempt(job: { attemptsMade: number; opts: { attempts?: number } }): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** BullMQ refuses bare integers and ':' in job ids. */
export const processJobId = (inboundId: number) => `inbound-${inboundId}`;
export const sendJobId = (outboundId: number) => `outbound-${outboundId}`;

/**
 * Adds a job unless one with this id is waiting or running; a job that failed for good is
 * retried instead, because BullMQ would silently ignore a new job with a failed job's id.
 */
export async function enqueueOnce<T>(queue: Queue<T>, name: string, data: T, jobId: string): Promise<void> {
  const existing = await queue.getJob(jobId);
  if (existing && (await existing.isFailed())) {
    await existing.retry('failed');
    return;
  }
  if (existing && !(await existing.isCompleted())) return; // waiting, delayed or running
  if (existing) await existing.remove(); // finished before; the row says it needs doing again
  await (queue as Queue).add(name, data, { jobId });
}

/** enqueueOnce for many jobs: ids with no job yet go in one addBulk; the rest one by one. */
export async function enqueueManyOnce<T>(queue: Queue<T>, name: string, jobs: { data: T; jobId: string }[]): Promise<void> {
  const existing = await Promise.all(jobs.map((j) => queue.getJob(j.jobId)));
  const fresh = jobs.filter((_, i) => !existing[i]);
  if (fresh.length) await (queue as Queue).addBulk(fresh.map((j) => ({ name, data: j.data, opts: { jobId: j.jobId } })));
  for (const [i, job] of jobs.entries()) if (existing[i]) await enqueueOnce(queue, name, job.data, job.jobId);
}

/** How long a command waits for Redis to connect and answer before it says so and ends. */
export const COMMAND_REDIS_TIMEOUT_MS = 3000;

/**
 * The queues for a command that must end: null when Redis does not answer within a few seconds
 * (the queues' own connection would wait for it for ever), so the command can say so and exit.
 */
export async function queuesForCommand(redisUrl: string, prefix: string, options: { attempts: number }): Promise<Queues | null> {
  return (await redisAnswers(redisUrl)) ? openQueues(redisUrl, prefix, options) : null;
}

/** Whether Redis answers within a few seconds: asked once, never waited for. */
export async function redisAnswers(redisUrl: string): Promise<boolean> {
  const probe = await connectForCommand(redisUrl);
  probe?.disconnect();
  return probe !== null;
}

/**
 * A connection for a command that must end, answering a PING within `timeoutMs`; null (and closed)
 * otherwise. Bounded as a whole: ioredis's connectTimeout covers only the TCP connect, and a Redis
 * that accepts connections but does not answer (stopped, swapping) keeps connect() waiting for its
 * ready check for ever. Commands on it fail at once while Redis is away rather than queue.
 */
export async function connectForCommand(redisUrl: string, timeoutMs = COMMAND_REDIS_TIMEOUT_MS): Promise<Redis | null> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null, connectTimeout: timeoutMs });
  redis.on('error', () => {});
  try {
    await withTimeout(redis.connect().then(() => redis.ping()), timeoutMs, 'redis');
    return redis;
  } catch {
    redis.disconnect();
    return null;
  }
}

export function redisConnection(url: string): Redis {
  // BullMQ workers need maxRetriesPerRequest: null for their blocking commands.
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export interface Queues {
  processMail: Queue<ProcessMailJob>;
  sendMail: Queue<SendMailJob>;
  schedule: Queue<ScheduleJob>;
  connection: Redis;
  prefix: string;
  close(): Promise<void>;
}

const defaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

/**
 * `attempts`: JOB_ATTEMPTS, for every job these queues add (a retried message's too).
 * `onRedisError`: hears every error of the connection and the queues from the start, so a Redis
 * that is away is said by whoever listens (the availability board: one line per outage). Without
 * it they are dropped: the calls that needed Redis fail and say so. An error with no listener at
 * all, BullMQ would print with its stack to the console, once per queue and per reconnect.
 */
export function openQueues(redisUrl: string, prefix: string, options: { attempts: number; onRedisError?: (err: Error) => void }): Queues {
  const onError = options.onRedisError ?? (() => {});
  const connection = redisConnection(redisUrl);
  connection.on('error', onError);
  const opts = { connection: connection as ConnectionOptions, prefix, defaultJobOptions: { ...defaultJobOptions, attempts: options.attempts } };
  const processMail = new Queue<ProcessMailJob>(QUEUES.processMail, opts);
  const sendMail = new Queue<SendMailJob>(QUEUES.sendMail, opts);
  const schedule = new Queue<ScheduleJob>(QUEUES.schedule, { ...opts, defaultJobOptions: { removeOnComplete: true, removeOnFail: 100 } });
  for (const q of [processMail, sendMail, schedule]) q.on('error', onError);
  return {
    processMail, sendMail, schedule, connection, prefix,
    async close() {
      await Promise.all([processMail.close(), sendMail.close(), schedule.close()]);
      connection.disconnect();
    },
  };
}
