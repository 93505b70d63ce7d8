// /metrics is unauthenticated and may be scraped by anyone who reaches it, many times at once: the
// scrapes share one read of the stores, kept a few seconds, on a PostgreSQL connection of its own,
// so the connections mail processing uses stay free; and a Redis that keeps the socket open but
// stops answering holds a scrape up no longer than its timeouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import postgres from 'postgres';
import { startOperationsServer, type OperationsServer } from '../../src/operations/ops-server.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SCRAPES = 12;

describe('/metrics scrapes', () => {
  let h: Harness;
  let admin: postgres.Sql;
  const opened: OperationsServer[] = [];
  const silent = pino({ level: 'silent' });
  const ops = async (extra: { redisUrl?: string; snapshotFreshMs?: number } = {}) => {
    const server = await startOperationsServer({
      service: h.service, redisUrl: h.stack.config.REDIS_URL, databaseUrl: h.stack.config.DATABASE_URL, prefix: h.stack.config.QUEUE_PREFIX, mailbox: 'INBOX',
      pollMs: 5000, port: 0, host: '127.0.0.1', log: silent, heartbeatMs: 500, ...extra,
    });
    opened.push(server);
    return server;
  };
  // A scrape as Prometheus makes it, given up after 8 s (its default scrape timeout is 10 s).
  const scrape = async (server: OperationsServer) => {
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, { signal: AbortSignal.timeout(8000) });
    return { status: res.status, text: await res.text(), ms: Date.now() - started };
  };
  // Sessions of this database whose count of inbound messages waits for the table.
  const countsWaiting = async () => (await admin<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock' and query like '%from inbound_messages group by%'`)[0]!.n;
  const lockInboundMessages = async () => {
    const blocker = await admin.reserve();
    await blocker`begin`;
    await blocker`lock table inbound_messages in access exclusive mode`;
    return async () => { await blocker`rollback`; blocker.release(); };
  };

  beforeAll(async () => {
    h = await startHarness({ users: [] });
    admin = postgres(h.stack.config.DATABASE_URL, { max: 3, onnotice: () => {} });
  });
  afterAll(async () => {
    for (const server of opened) await server.close();
    await admin?.end();
    await h?.stop();
  });

  it('share one read of the counts, off the connections mail processing uses, and keep it a few seconds', async () => {
    const server = await ops({ snapshotFreshMs: 5000 });
    const unlock = await lockInboundMessages();
    let answers: Awaited<ReturnType<typeof scrape>>[];
    try {
      const burst = Promise.all(Array.from({ length: SCRAPES }, () => scrape(server)));
      const deadline = Date.now() + 1500;
      while ((await countsWaiting()) === 0 && Date.now() < deadline) await sleep(20);
      await sleep(300);
      expect(await countsWaiting()).toBe(1);
      // Mail processing's connections answer at once meanwhile.
      const asked = Date.now();
      await Promise.race([h.service.database.sql`select 1`, sleep(1500)]);
      expect(Date.now() - asked).toBeLessThan(500);
      await unlock();
      answers = await burst;
    } finally {
      await unlock().catch(() => {});
    }
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(answers.every((a) => /deskmail_metrics_read_errors 0\n/.test(a.text))).toBe(true);
    // Within the few seconds it is kept, a scrape does not read again: with the table locked once
    // more, it is answered at once and nothing waits for the table.
    const relock = await lockInboundMessages();
    try {
      const kept = await scrape(server);
      expect(kept.status).toBe(200);
      expect(kept.ms).toBeLessThan(500);
      expect(await countsWaiting()).toBe(0);
    } finally {
      await relock();
    }
  }, 30_000);

  it('answer within their timeouts when Redis keeps the connection open but stops answering', async () => {
    const redisUrl = new URL(h.stack.config.REDIS_URL);
    const proxy: TcpProxy = await startTcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname);
    try {
      redisUrl.port = String(proxy.port);
      const server = await ops({ redisUrl: redisUrl.toString(), snapshotFreshMs: 0 });
      // Its Redis connection is made in the background: read through it once before the stall.
      const deadline = Date.now() + 5000;
      let before = await scrape(server);
      while (!/deskmail_metrics_read_errors 0\n/.test(before.text) && Date.now() < deadline) before = await sleep(100).then(() => scrape(server));
      expect(before.text).toMatch(/deskmail_metrics_read_errors 0\n/);
      proxy.stall();
      const during = await scrape(server);
      expect(during.status).toBe(200);
      // The heartbeat's write and the read of it back, 2 s each at most.
      expect(during.ms).toBeLessThan(5000);
      expect(during.text).toMatch(/deskmail_metrics_read_errors [1-9]/);
      proxy.resume();
    } finally {
      await proxy.close();
    }
  }, 30_000);
});
