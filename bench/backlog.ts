// Benchmark (f), the backlog: N mixed messages appended straight into a private Dovecot mailbox,
// then (a) the ceiling: imapflow fetching the whole mailbox and mailparser parsing every message,
// nothing else; (b) deskmail end to end as `deskmail worker` processes (one, then two) until
// every message has its outcome and every status mail is accepted by the SMTP receiver, with
// the peak RSS of the workers; (c) delivery-to-acknowledgement latency while the worker is idle
// and while new requests stream in. Writes the figures as JSON. I/O: everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import postgres from 'postgres';
import { SMTPServer } from 'smtp-server';
import { freePort, startPrivateMailServer, type PrivateMailServer } from '../src/devmail/dovecot.ts';
import { createTestDatabase } from '../test/support/harness.ts';
import { buildMessage, MIX, noisePool, planBacklog, type PlannedMessage } from './backlog-mix.ts';
import { summariseLatency, type LatencySummary } from './stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HELPDESK = 'helpdesk@example.test';
const PASSWORD = 'bench-password';

export interface BacklogOptions {
  n: number;
  seed: number;
  /** Worker process counts to run end to end, in order (default [1, 2]). */
  workerCounts: number[];
  /** Requests sent one at a time to an idle worker. */
  idleRequests: number;
  /** The stream: this many new requests a second for this many seconds, from this many senders. */
  streamRate: number;
  streamSeconds: number;
  streamSenders: number;
  /** A second idle run with IMAP_CHECK_MS at this value (NOOP while waiting instead of IDLE); 0 skips it. */
  checkMs: number;
  /** A third idle run on a mail server that calls the worker's mail-arrived hook (BENCH_PUSH_IDLE=0 skips it). */
  pushIdle: boolean;
  resultsDir: string;
  progress: boolean;
  /** When set, each worker runs with `node --cpu-prof` and writes its profile here. */
  cpuProfileDir?: string;
}

export function backlogOptionsFromEnv(env = process.env): BacklogOptions {
  return {
    n: Number(env.BENCH_BACKLOG_N ?? 5000),
    seed: Number(env.BENCH_BACKLOG_SEED ?? Math.floor(Math.random() * 1e9)),
    workerCounts: (env.BENCH_BACKLOG_WORKERS ?? '1,2').split(',').map(Number).filter((w) => w > 0),
    idleRequests: Number(env.BENCH_IDLE_N ?? 20),
    streamRate: Number(env.BENCH_STREAM_RATE ?? 30),
    streamSeconds: Number(env.BENCH_STREAM_SECONDS ?? 10),
    streamSenders: Number(env.BENCH_STREAM_SENDERS ?? 50),
    checkMs: Number(env.BENCH_CHECK_MS ?? 100),
    pushIdle: env.BENCH_PUSH_IDLE !== '0',
    resultsDir: env.BENCH_RESULTS_DIR ?? path.join(ROOT, 'bench', 'results'),
    progress: process.stdout.isTTY === true,
    cpuProfileDir: env.BENCH_CPU_PROF || undefined,
  };
}

export interface EndToEndFigure {
  workers: number;
  /** From starting the worker processes to the last outcome and the last status mail accepted. */
  ms: number;
  messagesPerSecond: number;
  /** Ceiling time divided by this time: 1 means as fast as fetch + parse alone. */
  shareOfCeiling: number;
  /**
   * The fetch + parse pass measured just before this run and again just after it, and this run's
   * share of their mean: on a shared machine the ceiling drifts with the hour, and the ceilings
   * on either side of a run say more about its conditions than one taken minutes earlier.
   */
  ceilingAround: { beforeMs: number; afterMs: number; share: number };
  /** From starting the processes to the first raw message stored. */
  startupMs: number;
  outcomes: Record<string, number>;
  statusMailSent: number;
  /** Sum over the worker processes of each one's VmHWM (its own peak resident memory). */
  peakRssSumBytes: number;
  peakRssEachBytes: number[];
  /** The highest sum of the processes' resident memory seen at one time (sampled every 100 ms). */
  peakRssConcurrentBytes: number;
  complete: boolean;
  /**
   * Where the wall time went, from the rows' own timestamps: seconds from starting the processes
   * until 10%, 50%, 90% and all of the messages were stored, had their outcome, had their status
   * mail row, and had it sent.
   */
  timeline: Record<'stored' | 'processed' | 'statusRow' | 'statusSent', number[]>;
  /**
   * CPU seconds (user + system) of each worker process, of its main thread alone (the process less
   * its pipeline threads, GC helpers and libuv pool), and of the PostgreSQL backends serving them.
   */
  cpuSeconds: {
    workers: number[]; workerMainThreads: number[]; workerThreads: ThreadCpu[][]; postgresBackends: number; postgresOther: number;
    /** The private Dovecot (its master and every process under it, ended ones included), Redis (every redis-server), and this process (the SMTP receiver, the polling). */
    mailServer: number; redis: number; harness: number;
  };
  /**
   * What the machine spent on the run: every CPU second above, over its cores, is the least wall
   * time that CPU allows; `bestShare` is the ceiling's time over that, the most this run's CPU
   * cost can reach on this machine however it is scheduled.
   */
  cpuBound: { totalSeconds: number; perMessageMs: number; minWallMs: number; bestShare: number };
  /** Outcomes per worker process (from the workers' logs, in start order), when they log at info. */
  outcomesByWorker: number[];
}

export interface BacklogResult {
  date: string;
  machine: { cpus: number; model: string; node: string; memoryBytes: number };
  load: { start: number[]; end: number[] };
  n: number;
  seed: number;
  mix: typeof MIX;
  counts: { requests: number; replies: number; text: number; attachment: number; big: number; bytes: number };
  append: { ms: number; messagesPerSecond: number };
  ceiling: {
    fetchMs: number; fetchParseMs: number; messagesPerSecond: number; mbPerSecond: number;
    /** CPU seconds of the fetch + parse pass: this process, and the mail server serving it. */
    cpuSeconds: { harness: number; mailServer: number; perMessageMs: number };
  };
  endToEnd: EndToEndFigure[];
  latency: {
    workers: 1;
    idle: LatencySummary & { missing: number; spans: Span[]; deskmail: LatencySummary };
    stream: LatencySummary & { missing: number; rate: number; seconds: number; senders: number; achievedRate: number; spans: Span[]; deskmail: LatencySummary };
    /** Idle again, the worker asking with NOOP every `checkMs` instead of waiting in IDLE (IMAP_CHECK_MS). */
    idleChecked: (LatencySummary & { missing: number; spans: Span[]; deskmail: LatencySummary; checkMs: number }) | null;
    /** Idle again, on a mail server whose delivery hook calls the worker's POST /mail-arrived (MAIL_PUSH_TOKEN). */
    idlePushed?: (LatencySummary & { missing: number; spans: Span[]; deskmail: LatencySummary }) | null;
  } | null;
  totalSeconds: number;
  resultsFile: string;
}

// ---------------------------------------------------------------------------------------------
// The SMTP receiver: accepts everything, remembers when the first mail answering each message
// (In-Reply-To) arrived. Only the header block is looked at.

interface Sink {
  url: string;
  accepted: number;
  lastAt: number;
  reset(): void;
  /** Resolves with the time the first mail answering `messageId` was accepted. */
  ackOf(messageId: string, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const port = await freePort();
  const firstAck = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  const sink: Sink = {
    url: `smtp://127.0.0.1:${port}`,
    accepted: 0,
    lastAt: 0,
    reset() { sink.accepted = 0; sink.lastAt = 0; firstAck.clear(); },
    ackOf(messageId, timeoutMs) {
      const at = firstAck.get(messageId);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { waiters.delete(messageId); reject(new Error(`no acknowledgement of ${messageId} within ${timeoutMs} ms`)); }, timeoutMs);
        waiters.set(messageId, (t) => { clearTimeout(timer); resolve(t); });
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, size: 60 * 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => { if (head.length < 16_384 && !head.includes('\r\n\r\n')) head += chunk.toString('latin1'); });
      stream.on('end', () => {
        const at = Date.now();
        sink.accepted += 1;
        sink.lastAt = at;
        // Bounded input: at most 16 KB of header block plus one chunk.
        const answered = /^in-reply-to:[ \t]*<([^>\r\n]{1,998})>/im.exec(head)?.[1];
        if (answered && !firstAck.has(answered)) {
          firstAck.set(answered, at);
          waiters.get(answered)?.(at);
          waiters.delete(answered);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', () => resolve()); });
  return sink;
}

// ---------------------------------------------------------------------------------------------
// The mailbox

async function connect(mail: PrivateMailServer): Promise<ImapFlow> {
  const client = new ImapFlow({ host: mail.host, port: mail.imapPort, secure: false, doSTARTTLS: false, auth: { user: HELPDESK, pass: PASSWORD }, logger: false, disableAutoIdle: true } as ConstructorParameters<typeof ImapFlow>[0]);
  await client.connect();
  return client;
}

/** Appends the planned messages into INBOX over a few connections; returns the bytes appended. */
async function appendBacklog(mail: PrivateMailServer, plan: PlannedMessage[], seed: number, progress: boolean): Promise<number> {
  const pool = noisePool(MIX.bigBytes[1], seed);
  const clients = await Promise.all(Array.from({ length: 3 }, () => connect(mail)));
  const bar = progress ? new cliProgress.SingleBar({ format: '  appending  [{bar}] {value}/{total} messages, {eta}s left', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(plan.length, 0);
  let next = 0;
  let bytes = 0;
  const date = new Date();
  await Promise.all(clients.map(async (client) => {
    while (next < plan.length) {
      const raw = buildMessage(plan[next++]!, pool, date);
      bytes += raw.length;
      const done = await client.append('INBOX', raw);
      if (!done) throw new Error('APPEND refused');
      bar?.increment();
    }
  }));
  bar?.stop();
  await Promise.all(clients.map((c) => c.logout()));
  return bytes;
}

/** Server-side copies of INBOX into each folder (Dovecot links the maildir files: no new bytes). */
async function copyInto(mail: PrivateMailServer, folders: string[], empty: string[]): Promise<void> {
  const client = await connect(mail);
  for (const folder of [...folders, ...empty]) await client.mailboxCreate(folder);
  const lock = await client.getMailboxLock('INBOX');
  try {
    for (const folder of folders) if (!(await client.messageCopy('1:*', folder))) throw new Error(`COPY to ${folder} refused`);
  } finally {
    lock.release();
  }
  await client.logout();
}

/** (a) fetch alone, then fetch + simpleParser on every message, one connection, one process. */
async function measureCeiling(mail: PrivateMailServer, n: number): Promise<BacklogResult['ceiling']> {
  const fetchOnly = await ceilingPass(mail, n, false);
  const both = await ceilingPass(mail, n, true);
  return {
    fetchMs: fetchOnly.ms, fetchParseMs: both.ms,
    messagesPerSecond: (n / both.ms) * 1000, mbPerSecond: (both.bytes / 1024 / 1024 / both.ms) * 1000,
    cpuSeconds: { harness: both.harness, mailServer: both.mailServer, perMessageMs: ((both.harness + both.mailServer) / n) * 1000 },
  };
}

/** One pass over the whole mailbox on one connection: fetch alone, or fetch + simpleParser on every message. */
async function ceilingPass(mail: PrivateMailServer, n: number, parse: boolean): Promise<{ ms: number; bytes: number; harness: number; mailServer: number }> {
  const dovecot = mailServerPid(mail);
  const started = performance.now();
  const cpuAtStart = { harness: ownCpu(), mailServer: treeCpu(dovecot) };
  const client = await connect(mail);
  const lock = await client.getMailboxLock('INBOX');
  let seen = 0;
  let bytes = 0;
  try {
    for await (const m of client.fetch('1:*', { source: true })) {
      if (!m.source) continue;
      seen += 1;
      bytes += m.source.length;
      if (parse) await simpleParser(m.source);
    }
  } finally {
    lock.release();
  }
  await client.logout();
  if (seen !== n) throw new Error(`ceiling pass saw ${seen} of ${n} messages`);
  return { ms: performance.now() - started, bytes, harness: ownCpu() - cpuAtStart.harness, mailServer: treeCpu(dovecot) - cpuAtStart.mailServer };
}

// ---------------------------------------------------------------------------------------------
// Worker processes

interface Stage { mail: PrivateMailServer; sink: Sink; options: BacklogOptions; logDir: string }

interface Run {
  sql: postgres.Sql;
  workers: ChildProcess[];
  databaseName: string;
  sampleRss(): number;
  /** Notes the CPU time of the run's PostgreSQL backends (they may end before the run does). */
  sampleBackends(): Promise<void>;
  cpu(): EndToEndFigure['cpuSeconds'];
  stop(): Promise<{ hwm: number[] }>;
}

/** CPU seconds (utime + stime) of a process so far, or of one of its threads; 0 once it is gone. */
function cpuOf(pid: number, thread?: number): number {
  try {
    const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of a process with its ended children (utime + stime + cutime + cstime); 0 once it is gone. */
function cpuWithChildren(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** Parent of every process on the machine, by process id. */
function parentsOf(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      parents.set(Number(d), Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]));
    } catch { /* ended meanwhile */ }
  }
  return parents;
}

/**
 * CPU seconds of a process tree so far: each live process with the ended children it reaped. A
 * process that ends is added to its parent's count when reaped, so the sum only grows.
 */
function treeCpu(root: number): number {
  const parents = parentsOf();
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = parents.get(p), hops++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const pid of parents.keys()) if (inTree(pid)) total += cpuWithChildren(pid);
  return total;
}

/** The private Dovecot's master process (0 when it is not running). */
function mailServerPid(mail: PrivateMailServer): number {
  try {
    return Number(readFileSync(path.join(mail.dir, 'run', 'master.pid'), 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/** CPU seconds of every redis-server process so far (the machine's Redis, whichever port). */
function redisCpu(): number {
  let total = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'redis-server') total += cpuOf(Number(d));
    } catch { /* ended meanwhile */ }
  }
  return total;
}

/** This process's CPU seconds so far. */
const ownCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

/** CPU seconds of one thread of a worker process, with its kernel name (a pipeline thread runs as `node`, as the main thread does). */
export interface ThreadCpu { tid: number; name: string; main: boolean; seconds: number }

/** Every thread of a process that used at least 0.1 s of CPU, busiest first. */
function threadsOf(pid: number): ThreadCpu[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number).map((tid) => {
      let name = '';
      try { name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(); } catch { /* ended meanwhile */ }
      return { tid, name, main: tid === pid, seconds: cpuOf(pid, tid) };
    }).filter((t) => t.seconds >= 0.1).sort((a, b) => b.seconds - a.seconds);
  } catch {
    return [];
  }
}

/** PostgreSQL's own processes other than backends (checkpointer, WAL writer, background writer). */
function postgresHelpers(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return /^postgres: \S+: (checkpointer|background writer|walwriter)/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      return false;
    }
  });
}

function vmKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** A fresh database and queue prefix, and `count` worker processes reading `folder`. */
async function startRun(stage: Stage, folder: string, count: number, label: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const database = await createTestDatabase();
  // BENCH_PG_LOG_MS: the server logs every statement of the run's database that takes at least this long.
  if (process.env.BENCH_PG_LOG_MS) {
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`alter database "${new URL(database.url).pathname.slice(1)}" set log_min_duration_statement = ${Number(process.env.BENCH_PG_LOG_MS)}`);
    await admin.end();
  }
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const env = {
    ...process.env,
    DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix,
    IMAP_HOST: stage.mail.host, IMAP_PORT: String(stage.mail.imapPort), IMAP_USER: HELPDESK, IMAP_PASSWORD: PASSWORD, IMAP_TLS: 'false', IMAP_MAILBOX: folder, IMAP_POLL_SECONDS: '5',
    SMTP_URL: stage.sink.url, HELPDESK_ADDRESS: HELPDESK, SECRET_KEY: randomBytes(32).toString('hex'), PUBLIC_URL: 'http://localhost:3000',
    SENDER_AUTH: 'off', METRICS_PORT: '0', WEB_PORT: '', NEW_REQUESTS_PER_SENDER_PER_HOUR: '1000000', ADMIN_NOTICES_PER_HOUR: '1000000', OUTBOUND_MAIL_PER_HOUR: '1000000', LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? 'warn',
    ...extraEnv,
  };
  // BENCH_WORKER_NODE_ARGS: flags for the workers' node (for example --trace-gc; NODE_OPTIONS refuses some).
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const profile = stage.options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(stage.options.cpuProfileDir, label)}`] : [];
  const workers = Array.from({ length: count }, (_, i) => {
    const log = openSync(path.join(stage.logDir, `${label}-worker-${i + 1}.log`), 'a');
    const child = spawn(process.execPath, [...profile, ...nodeArgs, path.join(ROOT, 'bin', 'deskmail.js'), 'worker'], { env, stdio: ['ignore', log, log], cwd: ROOT });
    closeSync(log);
    return child;
  });
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  let peakConcurrent = 0;
  const databaseName = decodeURIComponent(new URL(database.url).pathname.slice(1));
  const backendCpu = new Map<number, number>();
  const helpers = postgresHelpers();
  const helpersAtStart = helpers.reduce((sum, pid) => sum + cpuOf(pid), 0);
  const dovecot = mailServerPid(stage.mail);
  const othersAtStart = { mailServer: treeCpu(dovecot), redis: redisCpu(), harness: ownCpu() };
  return {
    sql, workers, databaseName,
    async sampleBackends() {
      const pids = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${databaseName} and pid <> pg_backend_pid()`;
      for (const { pid } of pids) backendCpu.set(pid, Math.max(backendCpu.get(pid) ?? 0, cpuOf(pid)));
    },
    cpu() {
      return {
        workers: workers.map((w) => (w.pid ? cpuOf(w.pid) : 0)),
        // The main thread's id is the process id.
        workerMainThreads: workers.map((w) => (w.pid ? cpuOf(w.pid, w.pid) : 0)),
        workerThreads: workers.map((w) => (w.pid ? threadsOf(w.pid) : [])),
        postgresBackends: [...backendCpu.values()].reduce((a, b) => a + b, 0),
        postgresOther: helpers.reduce((sum, pid) => sum + cpuOf(pid), 0) - helpersAtStart,
        mailServer: treeCpu(dovecot) - othersAtStart.mailServer,
        redis: redisCpu() - othersAtStart.redis,
        harness: ownCpu() - othersAtStart.harness,
      };
    },
    sampleRss() {
      peakConcurrent = Math.max(peakConcurrent, workers.reduce((sum, w) => sum + (w.pid ? vmKb(w.pid, 'VmRSS') : 0), 0));
      return peakConcurrent;
    },
    async stop() {
      const hwm = workers.map((w) => (w.pid ? vmKb(w.pid, 'VmHWM') : 0));
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        if (w.exitCode !== null) return resolve();
        const kill = setTimeout(() => w.kill('SIGKILL'), 15_000);
        w.once('exit', () => { clearTimeout(kill); resolve(); });
        w.kill('SIGTERM');
      })));
      await sql.end();
      await database.drop();
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
      redis.disconnect();
      return { hwm };
    },
  };
}

interface Progress { stored: number; pending: number; total: number; unrelayed: number; outPending: number; sent: number; lastOutcome: number | null; firstStored: number | null }

async function progressOf(sql: postgres.Sql): Promise<Progress> {
  const [row] = await sql<Progress[]>`select
    (select count(*)::int from inbound_messages) as total,
    (select count(*)::int from inbound_messages where status = 'pending') as pending,
    (select (extract(epoch from max(processed_at)) * 1000)::float8 from inbound_messages) as "lastOutcome",
    (select (extract(epoch from min(received_at)) * 1000)::float8 from inbound_messages) as "firstStored",
    (select count(*)::int from outbox where relayed_at is null) as unrelayed,
    (select count(*)::int from outbound_messages where status = 'pending') as "outPending",
    (select count(*)::int from outbound_messages where status = 'sent') as sent`;
  return { ...row!, stored: row!.total };
}

/** Seconds from `started` until 10%, 50%, 90% and 100% of the rows had each timestamp. */
async function timelineOf(sql: postgres.Sql, started: number): Promise<EndToEndFigure['timeline']> {
  const q = (column: postgres.Helper<string>, table: postgres.Helper<string>) => sql<{ p: number[] }[]>`
    select array[percentile_disc(0.1) within group (order by t), percentile_disc(0.5) within group (order by t),
                 percentile_disc(0.9) within group (order by t), max(t)] as p
    from (select (extract(epoch from ${column}) * 1000 - ${started})::float8 / 1000 as t from ${table} where ${column} is not null) x`;
  const [stored] = await q(sql('received_at'), sql('inbound_messages'));
  const [processed] = await q(sql('processed_at'), sql('inbound_messages'));
  const [statusRow] = await q(sql('created_at'), sql('outbound_messages'));
  const [statusSent] = await q(sql('sent_at'), sql('outbound_messages'));
  const round = (p: number[] | undefined) => (p ?? []).map((t) => Math.round(Number(t) * 10) / 10);
  return { stored: round(stored?.p), processed: round(processed?.p), statusRow: round(statusRow?.p), statusSent: round(statusSent?.p) };
}

/** A run's share of the mean of the ceilings measured on either side of it. */
export function ceilingAroundOf(beforeMs: number, afterMs: number, runMs: number): EndToEndFigure['ceilingAround'] {
  return { beforeMs, afterMs, share: (beforeMs + afterMs) / 2 / runMs };
}

/** The least wall time the run's CPU allows on this machine's cores, and the share of the ceiling that gives at most. */
export function cpuBoundOf(cpu: EndToEndFigure['cpuSeconds'], n: number, ceilingMs: number, cores = os.cpus().length): EndToEndFigure['cpuBound'] {
  const totalSeconds = cpu.workers.reduce((a, b) => a + b, 0) + cpu.postgresBackends + cpu.postgresOther + cpu.mailServer + cpu.redis + cpu.harness;
  // No single thread runs on two cores at once: the busiest main thread bounds it too.
  const minWallMs = Math.max((totalSeconds / cores) * 1000, ...cpu.workerMainThreads.map((s) => s * 1000));
  return { totalSeconds, perMessageMs: (totalSeconds / n) * 1000, minWallMs, bestShare: ceilingMs / minWallMs };
}

/** (b) the backlog in `folder` through `count` worker processes. */
async function runEndToEnd(stage: Stage, folder: string, count: number, ceilingMs: number): Promise<Omit<EndToEndFigure, 'ceilingAround'>> {
  const n = stage.options.n;
  stage.sink.reset();
  const started = Date.now();
  const run = await startRun(stage, folder, count, `backlog-${count}`);
  const bar = stage.options.progress ? new cliProgress.SingleBar({ format: `  ${count} worker${count > 1 ? 's' : ' '} [{bar}] {value}/{total} outcomes, {sent} status mails accepted`, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(n, 0, { sent: 0 });
  const deadline = started + 60_000 + n * 300;
  let last: Progress = await progressOf(run.sql);
  let complete = false;
  const sampler = setInterval(() => run.sampleRss(), 100);
  let sampledBackendsAt = 0;
  try {
    while (Date.now() < deadline) {
      last = await progressOf(run.sql);
      if (Date.now() - sampledBackendsAt > 1000) {
        await run.sampleBackends();
        sampledBackendsAt = Date.now();
      }
      bar?.update(last.total - last.pending, { sent: stage.sink.accepted });
      if (run.workers.some((w) => w.exitCode !== null)) throw new Error(`a worker exited early; see ${stage.logDir}`);
      if (last.total === n && last.pending === 0 && last.unrelayed === 0 && last.outPending === 0 && stage.sink.accepted >= last.sent) {
        complete = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    clearInterval(sampler);
    bar?.stop();
  }
  const outcomes = Object.fromEntries((await run.sql<{ outcome: string; n: number }[]>`
    select coalesce(outcome, status) as outcome, count(*)::int as n from inbound_messages group by 1 order by 2 desc`).map((r) => [r.outcome, r.n]));
  const timeline = await timelineOf(run.sql, started);
  await run.sampleBackends();
  const cpuSeconds = run.cpu();
  const peakConcurrent = run.sampleRss();
  const { hwm } = await run.stop();
  const outcomesByWorker = run.workers.map((_, i) => {
    try {
      return (readFileSync(path.join(stage.logDir, `backlog-${count}-worker-${i + 1}.log`), 'utf8').match(/"msg":"message handled"/g) ?? []).length;
    } catch {
      return 0;
    }
  });
  const ms = Math.max(last.lastOutcome ?? 0, stage.sink.lastAt) - started;
  return {
    timeline, cpuSeconds, outcomesByWorker, cpuBound: cpuBoundOf(cpuSeconds, n, ceilingMs),
    workers: count, ms, messagesPerSecond: (n / ms) * 1000, shareOfCeiling: ceilingMs / ms,
    startupMs: (last.firstStored ?? Number.NaN) - started, outcomes, statusMailSent: stage.sink.accepted,
    peakRssSumBytes: hwm.reduce((a, b) => a + b, 0), peakRssEachBytes: hwm, peakRssConcurrentBytes: peakConcurrent, complete,
  };
}

/** Where one request's time went, from the rows' own timestamps. */
export interface Span { name: string; ms: LatencySummary }

async function spansOf(sql: postgres.Sql, delivered: Map<string, number>): Promise<{ spans: Span[]; deskmail: LatencySummary }> {
  const rows = await sql<{ id: string; stored: number; processed: number; queued: number; sent: number }[]>`
    select i.message_id as id, (extract(epoch from i.received_at) * 1000)::float8 as stored, (extract(epoch from i.processed_at) * 1000)::float8 as processed,
           (extract(epoch from o.created_at) * 1000)::float8 as queued, (extract(epoch from o.sent_at) * 1000)::float8 as sent
    from inbound_messages i join outbound_messages o on o.ticket_id = i.ticket_id and o.template = 'submitted'
    where i.message_id in ${sql([...delivered.keys()])} and o.sent_at is not null`;
  const span = (name: string, f: (r: (typeof rows)[number]) => number): Span => ({ name, ms: summariseLatency(rows.map(f)) });
  return {
    spans: [
      span('delivered -> raw stored (IDLE notice, fetch, store)', (r) => r.stored - delivered.get(r.id)!),
      span('stored -> outcome (queue, parse, intake, transaction)', (r) => r.processed - r.stored),
      span('outcome -> status mail row (relay)', (r) => r.queued - r.processed),
      span('status mail row -> SMTP accepted (queue, render, send)', (r) => r.sent - r.queued),
    ],
    // deskmail's own share: from the raw mail stored to the status mail sent, leaving out the
    // mail server's time before it says a message arrived.
    deskmail: summariseLatency(rows.map((r) => r.sent - r.stored)),
  };
}

/**
 * (c) one worker, an empty folder: requests one at a time, then a stream of them. A variant runs the
 * worker with its own settings (IMAP_CHECK_MS, or the hook's token and port) and, idle-only, skips
 * the stream.
 */
async function runLatency(stage: Stage, folder: string, variant: { label: string; env: Record<string, string>; idleOnly: boolean } = { label: 'latency', env: {}, idleOnly: false }): Promise<Omit<NonNullable<BacklogResult['latency']>, 'idleChecked'>> {
  const { idleRequests, streamRate, streamSeconds, streamSenders } = stage.options;
  stage.sink.reset();
  const run = await startRun(stage, folder, 1, variant.label, variant.env);
  const pool = noisePool(1024, 7);
  const clients = await Promise.all(Array.from({ length: 3 }, () => connect(stage.mail)));
  try {
    // Ready when the fetcher has read the empty folder once (its cursor row exists) and, with a
    // METRICS_PORT, its operations server answers (before then a delivery's notice finds nobody).
    const ready = Date.now() + 60_000;
    const opsPort = Number(variant.env.METRICS_PORT ?? 0);
    const opsAnswers = async () => opsPort === 0 || await fetch(`http://127.0.0.1:${opsPort}/healthz`).then(() => true, () => false);
    while ((await run.sql`select 1 from mailbox_cursors where mailbox = ${folder}`).length === 0 || !(await opsAnswers())) {
      if (Date.now() > ready) throw new Error(`the latency worker did not start; see ${stage.logDir}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const request = (id: string, sender: string, index: number): Buffer => buildMessage({
      index, kind: 'request', size: 'text', sender, messageId: id, inReplyTo: null,
      subject: `Cannot open the case notes of client AAAA${100000 + index} (${id.slice(0, 12)})`, textBytes: 3000, attachmentBytes: 0,
    }, pool, new Date());
    const deliver = async (client: ImapFlow, id: string, sender: string, index: number): Promise<number> => {
      if (!(await client.append(folder, request(id, sender, index)))) throw new Error('APPEND refused');
      return Date.now();
    };
    const measure = async (jobs: Promise<{ delivered: number; id: string }>[]) => {
      const ms: number[] = [];
      const delivered = new Map<string, number>();
      let missing = 0;
      await Promise.all(jobs.map(async (job) => {
        const sent = await job;
        delivered.set(sent.id, sent.delivered);
        try {
          ms.push((await stage.sink.ackOf(sent.id, 30_000)) - sent.delivered);
        } catch {
          missing += 1;
        }
      }));
      return { ms, missing, ...(await spansOf(run.sql, delivered)) };
    };
    // Idle: each request alone, after a pause, so the worker is waiting in IDLE when it lands.
    const idle: Promise<{ delivered: number; id: string }>[] = [];
    for (let i = 0; i < idleRequests; i++) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 400));
      const id = `idle-${i}-${randomBytes(4).toString('hex')}@client.example.test`;
      const delivered = await deliver(clients[0]!, id, `idle${i % 5}@example.test`, i);
      idle.push(Promise.resolve({ delivered, id }));
      await stage.sink.ackOf(id, 30_000).catch(() => 0);
    }
    const idleFigures = await measure(idle);
    const idleSummary = { ...summariseLatency(idleFigures.ms), missing: idleFigures.missing, spans: idleFigures.spans, deskmail: idleFigures.deskmail };
    if (variant.idleOnly) return { workers: 1, idle: idleSummary, stream: { ...summariseLatency([]), missing: 0, rate: 0, seconds: 0, senders: 0, achievedRate: 0, spans: [], deskmail: summariseLatency([]) } };
    // The stream: requests on a fixed schedule from many senders, spread over three connections.
    const total = Math.round(streamRate * streamSeconds);
    const streamStart = Date.now();
    const stream = Array.from({ length: total }, async (_, i) => {
      const due = streamStart + (i * 1000) / streamRate;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const id = `stream-${i}-${randomBytes(4).toString('hex')}@client.example.test`;
      return { delivered: await deliver(clients[i % clients.length]!, id, `sender${String(i % streamSenders).padStart(3, '0')}@example.test`, 1000 + i), id };
    });
    const lastDelivered = Promise.all(stream).then((all) => Math.max(...all.map((s) => s.delivered)));
    const streamFigures = await measure(stream);
    const achievedRate = (total / Math.max(1, (await lastDelivered) - streamStart)) * 1000;
    return {
      workers: 1,
      idle: idleSummary,
      stream: { ...summariseLatency(streamFigures.ms), missing: streamFigures.missing, rate: streamRate, seconds: streamSeconds, senders: streamSenders, achievedRate, spans: streamFigures.spans, deskmail: streamFigures.deskmail },
    };
  } finally {
    await Promise.all(clients.map((c) => c.logout().catch(() => {})));
    await run.stop();
  }
}

// ---------------------------------------------------------------------------------------------

export async function benchBacklog(options: BacklogOptions, say: (s: string) => void = () => {}): Promise<BacklogResult> {
  const started = Date.now();
  const loadStart = os.loadavg();
  const plan = planBacklog(options.n, options.seed);
  const logDir = path.join(os.tmpdir(), `deskmail-backlog-${process.pid}`);
  mkdirSync(logDir, { recursive: true });
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const mail = await startPrivateMailServer({ name: `backlog-${process.pid}` });
  const sink = await startSink();
  try {
    await mail.addUser(HELPDESK, PASSWORD);
    say(`  seed ${options.seed} (BENCH_BACKLOG_SEED replays the same mail); worker logs in ${logDir}`);
    const appendStart = performance.now();
    const bytes = await appendBacklog(mail, plan, options.seed, options.progress);
    const appendMs = performance.now() - appendStart;
    const folders = options.workerCounts.map((w, i) => `Backlog-${i + 1}-${w}`);
    await copyInto(mail, folders, ['Live', 'Live-checked']);
    say('  measuring the ceiling (fetch, then fetch + parse)');
    const ceiling = await measureCeiling(mail, options.n);
    say(`  ceiling: fetch ${Math.round(ceiling.fetchMs)} ms, fetch + parse ${Math.round(ceiling.fetchParseMs)} ms; CPU s ${ceiling.cpuSeconds.harness.toFixed(1)} + mail server ${ceiling.cpuSeconds.mailServer.toFixed(1)}, ${ceiling.cpuSeconds.perMessageMs.toFixed(1)} ms a message`);
    const stage: Stage = { mail, sink, options, logDir };
    const date = new Date().toISOString();
    const resultsFile = path.join(options.resultsDir, `backlog-${date.replace(/[:.]/g, '-')}.json`);
    mkdirSync(options.resultsDir, { recursive: true });
    const endToEnd: EndToEndFigure[] = [];
    let latency: BacklogResult['latency'] = null;
    // Written after every phase, so a run cut short still leaves what it measured.
    const save = (): BacklogResult => {
      const result = summary();
      writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
      return result;
    };
    const summary = (): BacklogResult => ({
      date,
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, memoryBytes: os.totalmem() },
      load: { start: loadStart, end: os.loadavg() },
      n: options.n, seed: options.seed, mix: MIX,
      counts: {
        requests: plan.filter((p) => p.kind === 'request').length, replies: plan.filter((p) => p.kind === 'reply').length,
        text: plan.filter((p) => p.size === 'text').length, attachment: plan.filter((p) => p.size === 'attachment').length, big: plan.filter((p) => p.size === 'big').length, bytes,
      },
      append: { ms: appendMs, messagesPerSecond: (options.n / appendMs) * 1000 },
      ceiling, endToEnd, latency,
      totalSeconds: (Date.now() - started) / 1000,
      // Where it was written, relative to the checkout (machine paths stay out of the results).
      resultsFile: path.relative(ROOT, resultsFile),
    });
    save();
    let ceilingBeforeMs = ceiling.fetchParseMs;
    for (const [i, count] of options.workerCounts.entries()) {
      const figure = await runEndToEnd(stage, folders[i]!, count, ceiling.fetchParseMs);
      const afterMs = (await ceilingPass(mail, options.n, true)).ms;
      endToEnd.push({ ...figure, ceilingAround: ceilingAroundOf(ceilingBeforeMs, afterMs, figure.ms) });
      ceilingBeforeMs = afterMs;
      save();
      const e = endToEnd.at(-1)!;
      say(`  ${count} worker process(es): ${Math.round(e.ms)} ms, complete: ${e.complete}; outcomes by worker ${e.outcomesByWorker.join('/')}`);
      say(`    the ceiling just before and after: ${Math.round(e.ceilingAround.beforeMs)} and ${Math.round(e.ceilingAround.afterMs)} ms; ${e.ceilingAround.share.toFixed(2)} of their mean`);
      say(`    s to 10/50/90/100%: stored ${e.timeline.stored.join(' ')}; processed ${e.timeline.processed.join(' ')}; status row ${e.timeline.statusRow.join(' ')}; sent ${e.timeline.statusSent.join(' ')}`);
      say(`    CPU s: workers ${e.cpuSeconds.workers.map((c) => c.toFixed(1)).join(' + ')} (main threads ${e.cpuSeconds.workerMainThreads.map((c) => c.toFixed(1)).join(' + ')}), PostgreSQL backends ${e.cpuSeconds.postgresBackends.toFixed(1)}, PostgreSQL checkpointer/WAL/bgwriter ${e.cpuSeconds.postgresOther.toFixed(1)}`);
      say(`    CPU s elsewhere: mail server ${e.cpuSeconds.mailServer.toFixed(1)}, Redis ${e.cpuSeconds.redis.toFixed(1)}, this process (receiver) ${e.cpuSeconds.harness.toFixed(1)}; all ${e.cpuBound.totalSeconds.toFixed(1)} s, ${e.cpuBound.perMessageMs.toFixed(1)} ms a message: ${os.cpus().length} cores need at least ${(e.cpuBound.minWallMs / 1000).toFixed(1)} s, at most ${e.cpuBound.bestShare.toFixed(2)} of the ceiling`);
      for (const threads of e.cpuSeconds.workerThreads ?? []) say(`    threads (CPU s): ${threads.map((t) => `${t.main ? 'main' : t.name} ${t.seconds.toFixed(1)}`).join(', ')}`);
    }
    if (options.idleRequests > 0 || options.streamRate * options.streamSeconds > 0) {
      latency = { ...(await runLatency(stage, 'Live')), idleChecked: null };
      save();
      if (options.checkMs > 0 && options.idleRequests > 0) {
        const checked = await runLatency(stage, 'Live-checked', { label: 'latency-checked', env: { IMAP_CHECK_MS: String(options.checkMs) }, idleOnly: true });
        latency.idleChecked = { ...checked.idle, checkMs: options.checkMs };
        save();
      }
      if (options.pushIdle && options.idleRequests > 0) {
        // A mail server of its own that calls the worker's POST /mail-arrived on each new message
        // (Dovecot's push_notification plugin, set up as in README), the worker in IDLE as before.
        const hookPort = await freePort();
        const token = randomBytes(24).toString('hex');
        const pushMail = await startPrivateMailServer({ name: `backlog-push-${process.pid}`, push: { url: `http://127.0.0.1:${hookPort}/mail-arrived`, token, user: HELPDESK } });
        try {
          await pushMail.addUser(HELPDESK, PASSWORD);
          await copyInto(pushMail, [], ['Live-pushed']);
          const pushed = await runLatency({ ...stage, mail: pushMail }, 'Live-pushed', {
            label: 'latency-pushed', env: { MAIL_PUSH_TOKEN: token, METRICS_PORT: String(hookPort), METRICS_HOST: '127.0.0.1' }, idleOnly: true,
          });
          latency.idlePushed = pushed.idle;
        } finally {
          await pushMail.stop();
        }
      }
    }
    return save();
  } finally {
    await sink.stop();
    await mail.stop();
  }
}
