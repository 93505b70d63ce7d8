// Wires config, adapters and workers into the running service: the mailbox fetcher, the
// process-mail and send-mail workers, the outbox relay and the scheduled jobs. Handles
// graceful shutdown (SIGTERM/SIGINT close workers, queues, IMAP and the database).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, Worker, type ConnectionOptions } from 'bullmq';
import type { Config } from './config.ts';
import { type Logger, safeError } from './log.ts';
import { openDatabase, type Database, type Db } from './adapters/db/client.ts';
import { InboundStore } from './adapters/db/inbound-store.ts';
import { OutboundStore } from './adapters/db/outbound-store.ts';
import { TicketStore } from './adapters/db/ticket-store.ts';
import { Mailbox } from './adapters/imap/mailbox.ts';
import { enqueueManyOnce, enqueueOnce, isLastAttempt, openQueues, processJobId, QUEUES, redisConnection, scheduledTimeOf, sendJobId, type ProcessMailJob, type Queues, type ScheduleJob, type SendMailJob } from './adapters/queue/queues.ts';
import { AcceptedMail } from './adapters/queue/accepted-mail.ts';
import { MailCounters } from './adapters/queue/mail-counters.ts';
import { brakeLimitsOf } from './stage-settings.ts';
import { SmtpSender } from './adapters/smtp/sender.ts';
import { namingOf, stagesOnThisThread, type AssessIntake } from './inbound/pipeline.ts';
import { planNotifications } from './outbound/notify-plan.ts';
import { MailFetcher } from './workers/fetch-mail.ts';
import { answerTooLarge } from './workers/too-large-mail.ts';
import { processMail } from './workers/process-mail.ts';
import { startPipelinePool } from './workers/pipeline-threads.ts';
import { senderVerifier, type DNSResolver } from './adapters/mail-auth/verify-sender.ts';
import { loadMailTemplates } from './workers/mail-templates.ts';
import { CLAIMED_ELSEWHERE, SEND_CLAIM_MS, sendMail } from './workers/send-mail.ts';
import { catchUpDigest, runScheduledTask, type ScheduleDeps } from './workers/schedule.ts';
import { findStaff } from './adapters/db/people.ts';
import { DEFAULT_RULES_PATH, loadIntakeAssessor, loadIntakeAssessorModelsOnDemand, loadIntakeRules, pipelineSettings } from './stage-settings.ts';
import { describeMissingItem } from './intake/missing-info.ts';
import type { IntakeRules } from './intake/rules.ts';
import { watchDeadLetters } from './operations/dead-letter.ts';
import { pgRefreshTokenStore } from './adapters/oauth2/refresh-token-store.ts';
import { OAuth2TokenSource, type OAuth2Settings } from './adapters/oauth2/token-source.ts';
import { FetchLease } from './adapters/queue/fetch-lease.ts';
import { listenForMailArrived } from './adapters/queue/mail-arrived.ts';
import { readUpkeep, upkeepWarning } from './adapters/db/upkeep.ts';
import { Redis } from 'ioredis';
import { Availability, dependencyOf, type Dependency } from './adapters/availability.ts';
import { translateDbError } from './adapters/db/errors.ts';

export { pipelineSettings };

/** A socket that could not connect or was cut, or ioredis saying its connection is gone. */
function isConnectionError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && /^E[A-Z]+$/.test(code)) || /Connection is closed|connect E[A-Z]+/.test(err.message);
}

/** Outbox events per relay transaction. */
const RELAY_BATCH = 100;

/** After Redis came back: how long to wait before queueing again the rows whose jobs it lost. */
const REQUEUE_GRACE_MS = 2000;

export type { Service } from './service.ts';
import type { Service } from './service.ts';

export interface StartOptions {
  /** Run the mailbox fetcher (default true). */
  fetch?: boolean;
  /** Register the repeatable scheduled jobs (default true). */
  schedule?: boolean;
  now?: () => Date;
  assessIntake?: AssessIntake | null;
  /** DNS lookups for the sender check (tests give their own records); the system resolver when absent. */
  mailAuthResolver?: DNSResolver;
}

/**
 * How long a worker keeps the admins it read (ADMIN_EMAILS and the people marked admin): someone
 * `deskmail people admin` or `unadmin` changes is treated so by a running worker within this long.
 */
export const STAFF_FRESH_MS = 5_000;

/** What the scheduled tasks need, and the pieces the service shares with them. */
export interface ScheduleWiring {
  deps: ScheduleDeps;
  database: Database;
  queues: Queues;
  naming: ReturnType<typeof namingOf>;
  inbound: InboundStore;
  tickets: TicketStore;
  outbound: OutboundStore;
  loadStaff: () => Promise<{ admins: string[]; staff: { email: string; name: string }[] }>;
  adminEmails: () => Promise<string[]>;
  relay(): Promise<number>;
  /** Lets a running relay finish; relays asked for later do nothing. */
  drainRelay(): Promise<void>;
  /**
   * Which servers are away, said in one line per change: Redis from the queues' first connect
   * on (so a process started while it is away says so once, not a stack trace per retry).
   */
  availability: Availability;
  /** Closes the queues and the database (for users that start no workers, such as the CLI). */
  close(): Promise<void>;
}

/**
 * The database, stores and queues, and the relay from the outbox into the send queue: all a
 * scheduled task needs. Starts no worker: whoever runs the send-mail worker sends what it queues.
 */
export function buildScheduleDeps(config: Config, log: Logger): ScheduleWiring {
  const database = openDatabase(config.DATABASE_URL, { max: config.DATABASE_CONNECTIONS });
  const { db } = database;
  // Outages: one line when a server goes away, one when it is back.
  const availability = new Availability({ log });
  const queues = openQueues(config.REDIS_URL, config.QUEUE_PREFIX, { attempts: config.JOB_ATTEMPTS, onRedisError: (err) => { availability.down('redis', err); } });
  // Redis: its connection says when it goes and comes back.
  queues.connection.on('ready', () => { availability.up('redis'); });
  const naming = namingOf(pipelineSettings(config, []));
  const inbound = new InboundStore(db);
  const tickets = new TicketStore(db, config.TICKET_PREFIX);
  const outbound = new OutboundStore(db, naming.host, config.TICKET_PREFIX);

  // Admins and their names change rarely; read them at most every STAFF_FRESH_MS, not per message.
  let staffCache: { at: number; admins: string[]; staff: { email: string; name: string }[] } | null = null;
  const loadStaff = async () => {
    if (staffCache && Date.now() - staffCache.at < STAFF_FRESH_MS) return staffCache;
    staffCache = { at: Date.now(), ...(await findStaff(db, config.ADMIN_EMAILS)) };
    return staffCache;
  };
  const adminEmails = async () => (await loadStaff()).admins;

  const relayOnce = async (): Promise<number> => {
    const admins = await adminEmails();
    let total = 0;
    // Until a batch is not full: a batch whose events mail nobody is not the end of the outbox,
    // but one with room to spare is (an event committed after it began has asked for a relay of
    // its own, which runs after this one; rows another relay holds are that relay's to finish).
    for (;;) {
      const { events, ids } = await outbound.relay((input) => planNotifications({ ...input, adminEmails: admins, supportAddress: config.SUPPORT_ADDRESS }), RELAY_BATCH);
      if (ids.length > 0) await queues.sendMail.addBulk(ids.map((id) => ({ name: 'send', data: { outboundId: id }, opts: { jobId: sendJobId(id) } })));
      total += ids.length;
      if (events < RELAY_BATCH) break;
    }
    return total;
  };
  // One relay at a time per process. Requests that arrive while one runs are coalesced into
  // a single further pass, which picks up every event committed before it starts.
  let relaying: Promise<number> | null = null;
  let again: Promise<number> | null = null;
  let stopping = false;
  const relay = (): Promise<number> => {
    if (stopping) return Promise.resolve(0); // what is left is relayed by the next start's recovery
    if (!relaying) {
      relaying = relayOnce().finally(() => { relaying = null; });
      return relaying;
    }
    again ??= relaying.catch(() => 0).then(() => { again = null; return relay(); });
    return again;
  };

  // The intake rules word a waiting ticket's reminder (what it still lacks), read when one is first due.
  let intakeRules: IntakeRules | null = null;
  // An item the rules no longer know is not asked for by its key (describeMissingItem answers with the key).
  const askFor = (item: string): string | null => {
    const asked = describeMissingItem(item, intakeRules ??= loadIntakeRules(DEFAULT_RULES_PATH, { withModel: false }));
    return asked === item ? null : asked;
  };

  const deps: ScheduleDeps = {
    db, tickets, inbound, outbound, config, log, relay, adminEmails, askFor,
    enqueueInbound: (id) => enqueueOnce(queues.processMail, 'process', { inboundId: id }, processJobId(id)),
    enqueueOutbound: (id) => enqueueOnce(queues.sendMail, 'send', { outboundId: id }, sendJobId(id)),
  };
  const drainRelay = async () => {
    stopping = true;
    await Promise.all([relaying, again].map((p) => p?.catch(() => 0)));
  };
  return {
    deps, database, queues, naming, inbound, tickets, outbound, loadStaff, adminEmails, relay, drainRelay, availability,
    async close() {
      availability.stop();
      await drainRelay();
      await queues.close();
      await database.close();
    },
  };
}

/**
 * The mailbox's OAuth2 token source (when IMAP_AUTH or SMTP_AUTH is oauth2) and the SMTP sender
 * that logs in as SMTP_AUTH and SMTP_ALLOW_PLAINTEXT say: the worker's status mail and the web's
 * sign-in mail alike. One token source for both logins: Microsoft 365 and Google grant IMAP and
 * SMTP in one token.
 */
export function mailLogins(config: Config, db: Db, log: Logger): { tokens: OAuth2TokenSource | undefined; sender: SmtpSender } {
  const oauth2: OAuth2Settings = {
    tokenUrl: config.OAUTH2_TOKEN_URL, clientId: config.OAUTH2_CLIENT_ID, clientSecret: config.OAUTH2_CLIENT_SECRET, refreshToken: config.OAUTH2_REFRESH_TOKEN, scope: config.OAUTH2_SCOPE,
  };
  // A rotated refresh token is kept (sealed) in PostgreSQL, so neither a restart nor another process
  // (each worker, and `deskmail web`, has its own token source) offers the spent one.
  const tokens = config.IMAP_AUTH === 'oauth2' || config.SMTP_AUTH === 'oauth2'
    ? new OAuth2TokenSource(oauth2, Date.now, pgRefreshTokenStore(db, oauth2, config.SECRET_KEY, log))
    : undefined;
  return { tokens, sender: new SmtpSender(config.SMTP_URL, { tokens: config.SMTP_AUTH === 'oauth2' ? tokens : undefined, allowPlaintext: config.SMTP_ALLOW_PLAINTEXT }) };
}

export async function startService(config: Config, log: Logger, options: StartOptions = {}): Promise<Service> {
  const wiring = buildScheduleDeps(config, log);
  const { deps: scheduleDeps, database, queues, naming, inbound, tickets, outbound, loadStaff, relay, availability } = wiring;
  const { db } = database;
  const { tokens, sender } = mailLogins(config, db, log);
  // The mail limits (outbound/loop-brake.ts): judged per message in process-mail, the global cap in send-mail.
  const counters = new MailCounters(queues.connection, config.QUEUE_PREFIX);
  const brake = { counters, limits: brakeLimitsOf(config) };
  // Which status mails SMTP accepted, kept beside PostgreSQL so a mail is never sent twice when its row could not be marked.
  const accepted = new AcceptedMail(queues.connection, config.QUEUE_PREFIX);
  // With the shipped intake rules, parsing and reading each message runs on its own thread(s).
  // They start first: each reads the sources and the intake rules with the trained models (about
  // a second), while this thread reads the rules for replies beside them, not before them; the
  // models only if the fallback ever reads a request here (they are the threads' work otherwise,
  // the assessments a decision asks for later included).
  // The fallback reads `assessIntake` only when a message is prepared, which is after it is set.
  const pipelinePool = config.PIPELINE_THREADS > 0 && options.assessIntake === undefined
    ? startPipelinePool(config.PIPELINE_THREADS, { intake: { MACCH_ADDRESS: config.MACCH_ADDRESS, NMIS_ADDRESS: config.NMIS_ADDRESS } },
      { log, fallback: { prepare: (...args) => stagesOnThisThread(assessIntake).prepare(...args), assessRequest: (...args) => stagesOnThisThread(assessIntake).assessRequest(...args) } })
    : null;
  let assessIntake: AssessIntake | null;
  try {
    assessIntake = options.assessIntake !== undefined ? options.assessIntake : pipelinePool ? loadIntakeAssessorModelsOnDemand(config) : loadIntakeAssessor(config);
  } catch (err) {
    await pipelinePool?.close();
    throw err;
  }
  const templates = await loadMailTemplates();
  const verifySender = senderVerifier({ mode: config.SENDER_AUTH, authResultsServer: config.AUTH_RESULTS_SERVER || null, resolver: options.mailAuthResolver });

  let fetcher: MailFetcher | null = null;
  let leaseRedis: Redis | null = null;
  let arrivals: { close(): void } | null = null;
  const workerId = `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const settingsNow = async () => pipelineSettings(config, (await loadStaff()).staff);
  const connection = () => {
    const redis = redisConnection(config.REDIS_URL);
    redis.on('error', (err: Error) => { availability.down('redis', err); });
    return redis as ConnectionOptions;
  };
  // A job whose worker died is taken up by another within 10 s: its lock lapses after 5 s and
  // every worker looks for lapsed locks every 2.5 s (BullMQ's defaults: 30 s each).
  const workerOpts = { prefix: config.QUEUE_PREFIX, lockDuration: 5000, stalledInterval: 2500, maxStalledCount: 5 };
  // Outages (the board the queues report Redis to): the workers that need a server pause while it
  // is away instead of spending every job's attempts, and resume when it answers again.
  availability.setProbe('smtp', () => sender.verify());
  availability.setProbe('postgresql', () => database.sql`select 1`);

  const processWorker = new Worker<ProcessMailJob>(QUEUES.processMail, async (job) => {
    const outcome = await processMail({
      db, inbound, tickets, settings: await settingsNow(), assessIntake, verifySender, brake, stages: pipelinePool?.stages,
      maxAttachmentBytes: config.MAX_ATTACHMENT_MB * 1024 * 1024, log,
      afterChange: async () => {
        // Not awaited: processing never waits for mail planning; the recover task relays
        // anything a crash leaves behind.
        const began = Date.now();
        relay().catch((err: Error) => {
          const translated = translateDbError(err);
          const dep = dependencyOf(translated);
          if (dep && (availability.down(dep, translated, began) || availability.isDown(dep))) return;
          log.warn({ component: 'relay', err: safeError(err) }, 'relay failed; recovery will retry');
        });
        fetcher?.nudge();
      }, now: options.now,
    }, job.data.inboundId, { stalls: job.stalledCounter, lastAttempt: isLastAttempt(job) });
    return outcome;
  }, { ...workerOpts, connection: connection(), concurrency: 8 });

  const sendWorker = new Worker<SendMailJob>(QUEUES.sendMail, async (job, token) => {
    const outcome = await sendMail({
      outbound, sender, accepted, outboundCap: { counters, perHour: config.OUTBOUND_MAIL_PER_HOUR }, naming, templates, helpdeskAddress: config.HELPDESK_ADDRESS, supportAddress: config.SUPPORT_ADDRESS, staff: await loadStaff(), secretKey: config.SECRET_KEY, publicUrl: config.PUBLIC_URL, mailLinkDays: config.MAIL_LINK_DAYS, log, now: options.now,
    }, job.data.outboundId);
    if (outcome === CLAIMED_ELSEWHERE) {
      // Another run is sending it: look again once its claim would have lapsed (a no-op if it was sent).
      await job.moveToDelayed(Date.now() + SEND_CLAIM_MS + 1000, token);
      throw new DelayedError();
    }
    if (outcome !== 'held') return outcome;
    // Over the hour's cap: the same job waits for the next hour (the row stays pending meanwhile).
    await job.moveToDelayed(Math.ceil((Date.now() + 1) / 3_600_000) * 3_600_000 + 1000, token);
    throw new DelayedError();
  }, { ...workerOpts, connection: connection(), concurrency: 8 });

  const scheduleWorker = new Worker<ScheduleJob>(QUEUES.schedule, async (job) => runScheduledTask(scheduleDeps, job.data.task, options.now?.() ?? new Date(), { scheduledAt: scheduledTimeOf(job) }),
    { ...workerOpts, connection: connection(), concurrency: 1 });

  for (const w of [processWorker, sendWorker, scheduleWorker]) {
    w.on('failed', (job, err) => {
      // A job that failed because a server is away is said once, by the availability line.
      const translated = translateDbError(err);
      const dep = dependencyOf(translated);
      const fields = { component: 'queue', queue: w.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: safeError(err) };
      if (dep && (availability.down(dep, translated, job?.processedOn) || availability.isDown(dep))) log.debug(fields, 'job failed while a server is away');
      else log.warn(fields, 'job failed');
    });
    w.on('error', (err) => {
      // A worker's own connection to Redis failing is the Redis outage, said once.
      if (isConnectionError(err)) availability.down('redis', err);
      // A job that was running when Redis lost its data: its row is queued again from the database.
      else if (/^Missing key for job/.test(err.message)) log.debug({ component: 'queue', queue: w.name, err: safeError(err) }, 'job lost with redis data');
      // Its lock is gone (Redis lost its data, or the job stalled): the job is taken up again, by
      // the queue's stall check or from the database, and the store never applies a message twice.
      else if (/^could not renew lock for job/.test(err.message)) log.warn({ component: 'queue', queue: w.name, err: safeError(err) }, 'job lock lost; the job will be taken up again');
      else log.error({ component: 'queue', queue: w.name, err: safeError(err) }, 'worker error');
    });
    w.on('completed', (job, result) => {
      // A send that began before an outage was declared says nothing of the server now.
      if (w === sendWorker && result === 'sent') availability.up('smtp', job.processedOn ?? Date.now());
    });
  }
  const needs: [Worker, Dependency[]][] = [[processWorker as Worker, ['postgresql']], [sendWorker as Worker, ['smtp', 'postgresql']]];
  const pauseOrResume = () => {
    for (const [w, deps] of needs) {
      const away = deps.some((d) => availability.isDown(d));
      if (away && !w.isPaused()) w.pause(true).catch(() => {});
      else if (!away && w.isPaused()) w.resume();
    }
  };
  for (const dep of ['smtp', 'postgresql'] as const) {
    availability.onDown(dep, pauseOrResume);
    availability.onUp(dep, pauseOrResume);
  }
  // Redis keeps nothing on disk here, so a restart loses every queued job and the job schedulers:
  // once it answers again (the queues' connection tells the board), put the schedulers back and
  // rebuild the queues from PostgreSQL, where every message was stored first.
  let rebuilding: NodeJS.Timeout | null = null;
  availability.onUp('redis', () => {
    if (rebuilding) return;
    // A moment's grace, so a job that was running when Redis went finishes before its row is queued again.
    rebuilding = setTimeout(() => {
      rebuilding = null;
      (async () => {
        if (options.schedule !== false) await startSchedule();
        const done = await runScheduledTask(scheduleDeps, 'recover', new Date(), { staleOutboundMs: REQUEUE_GRACE_MS });
        log.info({ component: 'main', recovered: done }, 'queues rebuilt from the database after redis came back');
      })().catch((err: unknown) => log.warn({ component: 'main', err: safeError(err) }, 'could not rebuild the queues yet; the recover task retries'));
    }, REQUEUE_GRACE_MS);
    rebuilding.unref();
  });

  const deadLetters = watchDeadLetters({
    workers: [processWorker, sendWorker, scheduleWorker] as Worker[], redis: queues.connection, prefix: config.QUEUE_PREFIX,
    db, sql: database.sql, tickets, relay, log,
  });

  async function registerSchedulers(): Promise<void> {
    // Job schedulers are stored in Redis once, so several workers share one schedule.
    await queues.schedule.upsertJobScheduler('lifecycle-sweep', { every: 15 * 60_000 }, { name: 'lifecycle-sweep', data: { task: 'lifecycle-sweep' } });
    await queues.schedule.upsertJobScheduler('digest', { pattern: `0 ${config.DIGEST_HOUR} * * *`, tz: 'UTC' }, { name: 'digest', data: { task: 'digest' } });
    await queues.schedule.upsertJobScheduler('limits-summary', { every: 15 * 60_000 }, { name: 'limits-summary', data: { task: 'limits-summary' } });
    await queues.schedule.upsertJobScheduler('recover', { every: 5 * 60_000 }, { name: 'recover', data: { task: 'recover' } });
    // Hourly: each run clears what came due since the last, a few hundred rows per statement.
    await queues.schedule.upsertJobScheduler('mail-retention', { every: 60 * 60_000 }, { name: 'mail-retention', data: { task: 'mail-retention' } });
  }
  // Setting the schedulers up again drops a repetition that fell due while no worker ran (BullMQ
  // moves the scheduler on to its next time): today's digest, if so missed, is queued here instead.
  async function startSchedule(): Promise<void> {
    await registerSchedulers();
    await catchUpDigest(scheduleDeps, options.now?.() ?? new Date());
  }
  if (options.schedule !== false) await startSchedule();
  // Whatever a crash left behind: stored but unprocessed mail, unrelayed events, unsent mail.
  await runScheduledTask(scheduleDeps, 'recover', new Date());
  // Said once: tables that autovacuum does not look after slow every message as they grow.
  const upkeep = upkeepWarning(await readUpkeep(database.sql).catch(() => ({ server: true, tablesOff: [] })));
  if (upkeep) log.warn({ component: 'main' }, upkeep);

  if (options.fetch !== false) {
    const mailbox = new Mailbox({
      host: config.IMAP_HOST, port: config.IMAP_PORT, user: config.IMAP_USER, password: config.IMAP_PASSWORD, tls: config.IMAP_TLS, allowPlaintext: config.IMAP_ALLOW_PLAINTEXT, maxMessageBytes: config.MAX_MESSAGE_MB * 1024 * 1024,
      tokens: config.IMAP_AUTH === 'oauth2' ? tokens : undefined,
      mailbox: config.IMAP_MAILBOX, afterProcessing: config.IMAP_AFTER_PROCESSING, processedMailbox: config.IMAP_PROCESSED_MAILBOX, checkEveryMs: config.IMAP_CHECK_MS,
    }, log);
    // Its own connection, failing fast while Redis is away (the queues' connection waits instead).
    leaseRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 1000 });
    leaseRedis.on('error', () => {}); // the fetcher stands by and says so
    const lease = new FetchLease(leaseRedis, config.QUEUE_PREFIX, config.IMAP_MAILBOX, workerId);
    fetcher = new MailFetcher({ lease, mailbox, inbound, availability, enqueue: (ids) => enqueueManyOnce(queues.processMail, 'process', ids.map((id) => ({ data: { inboundId: id }, jobId: processJobId(id) }))),
      waitingToProcess: () => queues.processMail.getWaitingCount(), pollMs: config.IMAP_POLL_SECONDS * 1000, maxMessageBytes: config.MAX_MESSAGE_MB * 1024 * 1024, log,
      answerTooLarge: (message) => answerTooLarge({ db, tickets, settings: settingsNow, verifySender, brake, now: options.now,
        // Not awaited, as after processing: the recover task relays what a failure leaves behind.
        afterChange: async () => { relay().catch((err: Error) => log.warn({ component: 'relay', err: safeError(err) }, 'relay failed; recovery will retry')); },
      }, message),
    });
    fetcher.start();
    // A mail server's delivery hook, passed on by whichever worker's endpoint it reached.
    const listening = fetcher;
    if (config.MAIL_PUSH_TOKEN) arrivals = listenForMailArrived(config.REDIS_URL, config.QUEUE_PREFIX, config.IMAP_MAILBOX, () => listening.mailArrived());
  }
  log.info({ component: 'main', mailbox: config.IMAP_MAILBOX }, 'deskmail worker started');

  return {
    id: workerId, database, queues, fetcher, relay, scheduleDeps, loadStaff, availability, sender,
    workers: { processMail: processWorker as Worker, sendMail: sendWorker as Worker, schedule: scheduleWorker as Worker },
    async stop() {
      availability.stop();
      if (rebuilding) clearTimeout(rebuilding);
      arrivals?.close();
      await fetcher?.stop();
      leaseRedis?.disconnect();
      await Promise.all([processWorker.close(), sendWorker.close(), scheduleWorker.close()]);
      await pipelinePool?.close();
      await deadLetters.stop();
      // A relay still running needs the queues and the database; let it finish first.
      await wiring.drainRelay();
      sender.close();
      await queues.close();
      await database.close();
      log.info({ component: 'main' }, 'deskmail worker stopped');
    },
  };
}
