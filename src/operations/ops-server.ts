// The worker's operations endpoint on METRICS_PORT: GET /healthz (200, or 503 with the reasons)
// and GET /metrics (Prometheus text), with the fetcher's heartbeat (fetch-heartbeat.ts) beaten
// afresh before each read of the stores; scrapes share that read, and the counts run on a
// PostgreSQL connection of their own, never on mail processing's. With MAIL_PUSH_TOKEN set it also
// takes POST /mail-arrived, a mail server's delivery hook, and passes it on to the fetcher
// through Redis (adapters/queue/mail-arrived.ts). I/O: HTTP, PostgreSQL, Redis.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../adapters/db/client.ts';
import type { Logger } from '../log.ts';
import { safeError } from '../log.ts';
import type { Service } from '../service.ts';
import { judgeHealth, type FetcherState, type HealthProbes, type HealthVerdict } from './health.ts';
import { ServiceMetrics } from './metrics.ts';
import { announceMailArrived } from '../adapters/queue/mail-arrived.ts';
import { presentsPushToken } from './push-auth.ts';
import { withTimeout } from '../adapters/with-timeout.ts';
import { readOperationsSnapshot } from './snapshot.ts';
import { failFastRedis, startFetchHeartbeat } from './fetch-heartbeat.ts';
import { shareRead } from './shared-read.ts';

export interface OperationsServerOptions {
  service: Service;
  redisUrl: string;
  /** DATABASE_URL: /metrics counts on a connection of its own to it. */
  databaseUrl: string;
  prefix: string;
  mailbox: string;
  pollMs: number;
  port: number;
  host: string;
  log: Logger;
  /** Oldest acceptable successful fetch before /healthz says 503 (default 3 polls + 30 s). */
  maxFetchAgeMs?: number;
  heartbeatMs?: number;
  /** How long one read of the stores answers /metrics (default 5 s). */
  snapshotFreshMs?: number;
  /** MAIL_PUSH_TOKEN: the token POST /mail-arrived must present; empty or absent: no such route. */
  pushToken?: string;
}

/** A hook's body is read and dropped (its sender and subject are not ours to keep); at most this much. */
const HOOK_BODY_LIMIT = 64 * 1024;

export interface OperationsServer {
  port: number;
  metrics: ServiceMetrics;
  health(): Promise<HealthVerdict>;
  close(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 2000;
/**
 * /metrics answers anyone who reaches it, as often as they ask: one read of the stores serves
 * every scrape for this long, and scrapes that come while it runs wait for it rather than start
 * their own.
 */
const SNAPSHOT_FRESH_MS = 5000;

export function fetcherState(service: Service): FetcherState {
  return service.fetcher ? service.fetcher.state : 'off';
}

export async function startOperationsServer(options: OperationsServerOptions): Promise<OperationsServer> {
  const { service, log } = options;
  const startedAt = new Date();
  const maxFetchAgeMs = options.maxFetchAgeMs ?? 3 * options.pollMs + 30_000;
  // Its own connection, failing fast instead of queueing commands while Redis is away (the probe reports it).
  const redis = failFastRedis(options.redisUrl);
  // One read-only connection for the counts: a burst of scrapes, or counts slow on a big table,
  // never take a connection mail processing waits for. Opened at the first scrape.
  const counts = openDatabase(options.databaseUrl, { max: 1, readOnly: true });
  const metrics = new ServiceMetrics();
  metrics.watch(service.database.sql, service.workers);

  const probe = async (what: () => Promise<unknown>): Promise<HealthProbes['postgres']> => {
    try {
      await withTimeout(what(), PROBE_TIMEOUT_MS, 'probe');
      return { ok: true };
    } catch (err) {
      return { ok: false, error: safeError(err).message };
    }
  };
  const health = async (): Promise<HealthVerdict> => {
    const [postgres, redisProbe] = await Promise.all([
      probe(() => service.database.sql`select 1`),
      probe(() => redis.ping()),
    ]);
    const fetcher = service.fetcher;
    return judgeHealth({
      postgres, redis: redisProbe,
      fetcher: { state: fetcherState(service), lastSuccessAt: fetcher?.lastSuccessAt ?? null, startedAt: fetcher?.startedAt ?? startedAt, lastError: fetcher?.lastError ?? null },
      outages: service.availability.reasons(),
    }, new Date(), maxFetchAgeMs);
  };

  const heartbeat = startFetchHeartbeat(service, redis, options.prefix, options.mailbox, options.heartbeatMs);
  const readSnapshot = shareRead(async () => {
    // Bounded: a Redis that keeps the socket open but answers nothing must not hold the scrape.
    await withTimeout(heartbeat.beat(), PROBE_TIMEOUT_MS, 'redis heartbeat').catch(() => {});
    const redisUp = redis.status === 'ready';
    return readOperationsSnapshot({
      sql: counts.sql, redis, prefix: options.prefix, mailbox: options.mailbox,
      // Queue reads go through BullMQ's own connection, which waits for Redis; skip them when it is away.
      queues: redisUp ? [service.queues.processMail, service.queues.sendMail, service.queues.schedule] : [],
      timeoutMs: PROBE_TIMEOUT_MS,
    });
  }, options.snapshotFreshMs ?? SNAPSHOT_FRESH_MS);

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string, close = false) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...(close ? { connection: 'close' } : {}) });
      res.end(body);
    };
    if (path === '/mail-arrived' && options.pushToken) {
      if (req.method !== 'POST') return reply(405, 'text/plain', 'method not allowed: POST\n');
      if (!presentsPushToken(req.headers.authorization, options.pushToken)) {
        metrics.mailArrivedNotices.inc({ result: 'refused' });
        res.setHeader('www-authenticate', 'Bearer');
        return reply(401, 'text/plain', 'unauthorised\n');
      }
      metrics.mailArrivedNotices.inc({ result: 'accepted' });
      let read = 0;
      req.on('data', (chunk: Buffer) => { read += chunk.length; if (read > HOOK_BODY_LIMIT) req.destroy(); });
      // Answered at once, and on a connection closed after the answer: the mail server's delivery
      // waits on it, and Dovecot's Lua client, keeping the connection for its next delivery, could
      // wait six seconds on it (test/integration/mail-arrived-hook.test.ts). Published on the queues'
      // connection, which waits for Redis while it connects (this server's own fails fast). With
      // Redis away, this process's own fetcher, if it fetches, still looks; another's finds the
      // mail through IDLE.
      const wakeOwn = () => { service.fetcher?.mailArrived(); };
      if (service.availability.isDown('redis')) wakeOwn();
      else announceMailArrived(service.queues.connection, options.prefix, options.mailbox).catch(wakeOwn);
      return reply(202, 'application/json', '{"status":"accepted"}\n', true);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') {
      health().then((v) => reply(v.healthy ? 200 : 503, 'application/json', `${JSON.stringify({ status: v.healthy ? 'ok' : 'unhealthy', ...v })}\n`),
        (err) => reply(503, 'application/json', `${JSON.stringify({ status: 'unhealthy', reasons: [safeError(err).message] })}\n`));
      return;
    }
    if (path === '/metrics') {
      (async () => {
        metrics.apply(await readSnapshot(), options.mailbox);
        reply(200, metrics.registry.contentType, await metrics.registry.metrics());
      })().catch((err) => reply(500, 'text/plain', `${safeError(err).message}\n`));
      return;
    }
    reply(404, 'text/plain', `not found: try /healthz or /metrics${options.pushToken ? ' (or POST /mail-arrived)' : ''}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ component: 'operations', port, host: options.host }, 'health and metrics listening');
  return {
    port, metrics, health,
    async close() {
      heartbeat.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
      await counts.close();
    },
  };
}
