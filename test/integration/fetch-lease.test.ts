// Several workers on one mailbox: three `deskmail worker` processes share the database, Redis
// and the mailbox; exactly one fetches (the lease holder). The fetcher is killed with SIGKILL
// in the middle of a burst: another takes over within 10 s, every request gets exactly one
// ticket and one "submitted" mail, and the others stop on SIGTERM within 10 s even with the
// mail server gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLease } from '../../src/adapters/queue/fetch-lease.ts';
import { startLocalStack, type LocalStack } from '../../src/devmail/local-stack.ts';
import { createTestDatabase } from '../support/harness.ts';
import { configEnv, runDeskmail } from '../support/cli.ts';
import { dropPrefix } from '../support/scratch-redis.ts';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/deskmail.js');
const ALICE = 'alice@example.test';
const REQUESTS = 30;

interface WorkerProcess { child: ChildProcess; exited: Promise<number | null> }

describe('several workers on one mailbox', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: LocalStack;
  let sql: postgres.Sql;
  let redis: Redis;
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const workers: WorkerProcess[] = [];

  const startWorker = (): WorkerProcess => {
    const child = spawn(process.execPath, [BIN, 'worker'], {
      env: { ...process.env, ...configEnv(stack.config), METRICS_PORT: '0', LOG_LEVEL: 'warn', IMAP_POLL_SECONDS: '2' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    return { child, exited };
  };
  const holderPid = async (): Promise<number | null> => {
    const lease = await readLease(redis, prefix, 'INBOX');
    return lease ? Number(lease.holder.split('-').at(-2)) : null;
  };
  let lastSeen: unknown = null;
  const waitUntil = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last seen ${JSON.stringify(lastSeen)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startLocalStack({ databaseUrl: db.url, queuePrefix: prefix, users: [ALICE], env: { LOG_LEVEL: 'silent' } });
    sql = postgres(db.url, { max: 2, onnotice: () => {} });
    redis = new Redis(stack.config.REDIS_URL);
    for (let i = 0; i < 3; i++) workers.push(startWorker());
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await dropPrefix(redis, prefix);
    await sql.end();
    await stack.stop();
    await db.drop();
  });

  it('names the fetcher in deskmail status, though no worker serves /metrics (METRICS_PORT=0)', async () => {
    const pids = workers.map((w) => w.child.pid!);
    await waitUntil('a worker holds the fetch lease', async () => pids.includes((await holderPid()) ?? -1), 120_000);
    const holder = (await holderPid())!;
    await waitUntil('deskmail status names the fetcher', async () => {
      const out = await runDeskmail(stack.config, ['status', '--json']);
      lastSeen = out.stdout || out.stderr;
      const fetch = (JSON.parse(out.stdout || '{}') as { fetch?: { holder: string } | null }).fetch;
      return fetch?.holder.split('-').at(-2) === String(holder);
    }, 15_000);
  }, 150_000);

  it('hands the fetch over within 10 s when the fetcher is killed, losing and doubling nothing', async () => {
    const pids = workers.map((w) => w.child.pid!);
    // Three processes starting at once on a busy machine take a while.
    await waitUntil('a worker holds the fetch lease', async () => pids.includes((await holderPid()) ?? -1), 120_000);
    const first = (await holderPid())!;

    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.relay.port, secure: false, ignoreTLS: true, pool: true } as Parameters<typeof nodemailer.createTransport>[0]);
    const send = (i: number) => smtp.sendMail({ from: ALICE, to: stack.config.HELPDESK_ADDRESS, subject: `Request ${i}: the intake form fails`, text: `Request number ${i}: the intake form shows an error.` });
    for (let i = 0; i < REQUESTS / 2; i++) await send(i);
    // Kill the fetcher while the first half is being fetched and processed.
    await waitUntil('some mail stored', async () => (await sql`select count(*)::int as n from inbound_messages`)[0]!.n >= 3, 20_000);
    const killedAt = Date.now();
    workers.find((w) => w.child.pid === first)!.child.kill('SIGKILL');
    for (let i = REQUESTS / 2; i < REQUESTS; i++) await send(i);
    smtp.close();

    await waitUntil('another worker holds the lease', async () => {
      const pid = await holderPid();
      return pid !== null && pid !== first;
    }, 10_000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(10_000);

    await waitUntil('every request has its ticket and its mail sent', async () => {
      const [row] = await sql`select
        (select count(*) from inbound_messages where status <> 'pending')::int as done,
        (select count(*) from outbound_messages where template = 'submitted' and status = 'sent')::int as sent,
        (select count(*) from inbound_messages)::int as stored,
        (select json_agg(json_build_object('status', status, 'n', n)) from (select status, count(*)::int as n from outbound_messages group by status) s) as outbound,
        (select last_uid from mailbox_cursors limit 1)::int as cursor`;
      lastSeen = { ...row, waiting: await redis.llen(`${prefix}:process-mail:wait`), active: await redis.llen(`${prefix}:process-mail:active`), sendWait: await redis.llen(`${prefix}:send-mail:wait`), sendActive: await redis.llen(`${prefix}:send-mail:active`) };
      return row!.done === REQUESTS && row!.sent === REQUESTS;
    }, 60_000);
    const [counts] = await sql`select
      (select count(*) from inbound_messages)::int as stored,
      (select count(distinct message_id) from inbound_messages)::int as distinct_ids,
      (select count(*) from tickets)::int as tickets,
      (select count(*) from outbound_messages where template = 'submitted')::int as submitted`;
    expect(counts).toEqual({ stored: REQUESTS, distinct_ids: REQUESTS, tickets: REQUESTS, submitted: REQUESTS });
    // What the SMTP server accepted: one "submitted" mail per request (a resend would reuse its Message-ID).
    const submittedIds = stack.relay.received.filter((m) => m.to.includes(ALICE) && /has been submitted/.test(m.raw.toString('utf8', 0, 4000)))
      .map((m) => /^Message-ID:\s*(\S+)/im.exec(m.raw.toString('utf8', 0, 4000))?.[1]);
    expect(new Set(submittedIds).size).toBe(REQUESTS);
    expect(submittedIds.length).toBeGreaterThanOrEqual(REQUESTS);
    // The cursor was moved by the new holder, with a higher fencing token.
    const [cursor] = await sql`select fence::int as fence from mailbox_cursors`;
    expect(cursor!.fence).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('stops the remaining workers on SIGTERM within 10 s with the mail server gone', async () => {
    await stack.mail.stop();
    const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    expect(alive.length).toBeGreaterThan(0);
    const started = Date.now();
    for (const w of alive) w.child.kill('SIGTERM');
    const codes = await Promise.all(alive.map((w) => w.exited));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(codes).toEqual(alive.map(() => 0));
  }, 20_000);
});
