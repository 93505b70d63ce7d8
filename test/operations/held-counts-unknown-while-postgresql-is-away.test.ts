// While PostgreSQL cannot be read, the quarantine and the mail held back by the limits are not
// known: /metrics gives no sample for them (an alert on quarantine > 0 does not clear itself
// during the outage) and `deskmail status` says unknown (null in --json), never 0. The counts
// go through a TCP proxy to the real server, severed for the outage.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { startOperationsServer, type OperationsServer } from '../../src/operations/ops-server.ts';
import { runDeskmail } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/** The sample lines of a metric without labels (none when it gives no sample). */
const samples = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name} `)).map((l) => Number(l.split(' ').at(-1)));

describe('held-back counts while PostgreSQL is away', () => {
  let h: Harness;
  let proxy: TcpProxy;
  let ops: OperationsServer;
  let proxiedUrl: string;
  const scrape = async () => (await fetch(`http://127.0.0.1:${ops.port}/metrics`)).text();
  const status = (args: string[]) => runDeskmail({ ...h.stack.config, DATABASE_URL: proxiedUrl }, ['status', ...args]);

  beforeAll(async () => {
    h = await startHarness({ users: [] });
    const direct = new URL(h.stack.config.DATABASE_URL);
    proxy = await startTcpProxy(Number(direct.port || 5432), direct.hostname);
    direct.port = String(proxy.port);
    proxiedUrl = direct.toString();
    // Two new requests held over their sender's hourly cap: quarantined, and held back by a limit.
    const store = new InboundStore(h.service.database.db);
    for (const uid of [1, 2]) {
      const { id } = await store.store({ mailbox: 'held-counts', uidValidity: 1, uid, raw: Buffer.from(`From: a@example.test\r\nSubject: s${uid}\r\n\r\nbody\r\n`) });
      await store.quarantine(id, 'NEW_REQUEST_LIMIT', 'a test');
    }
    ops = await startOperationsServer({
      service: h.service, redisUrl: h.stack.config.REDIS_URL, databaseUrl: proxiedUrl, prefix: h.stack.config.QUEUE_PREFIX, mailbox: 'INBOX',
      pollMs: 5000, port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }), snapshotFreshMs: 1,
    });
  }, 60_000);
  afterAll(async () => {
    await ops?.close();
    await proxy?.close();
    await h?.stop();
  });

  it('are counted while PostgreSQL answers', async () => {
    const text = await scrape();
    expect(samples(text, 'deskmail_quarantined_messages')).toEqual([2]);
    expect(samples(text, 'deskmail_mail_held_back')).toEqual([2]);
    const json = JSON.parse((await status(['--json'])).stdout);
    expect({ quarantined: json.quarantined, heldBackByLimit: json.heldBackByLimit }).toEqual({ quarantined: 2, heldBackByLimit: 2 });
  }, 40_000);

  it('are unknown, not 0, once it cannot be read', async () => {
    await proxy.sever();
    await new Promise((r) => setTimeout(r, 50)); // past the shared read's freshness
    const text = await scrape();
    expect(samples(text, 'deskmail_metrics_read_errors')[0]).toBeGreaterThanOrEqual(1);
    expect(samples(text, 'deskmail_quarantined_messages')).toEqual([]);
    expect(samples(text, 'deskmail_mail_held_back')).toEqual([]);

    const asJson = await status(['--json']);
    expect(asJson.code).toBe(1);
    const json = JSON.parse(asJson.stdout);
    expect(json.errors.join(' ')).toMatch(/^postgresql: /);
    expect({ quarantined: json.quarantined, heldBackByLimit: json.heldBackByLimit }).toEqual({ quarantined: null, heldBackByLimit: null });

    const readable = await status([]);
    expect(readable.code).toBe(1);
    expect(readable.stdout).toMatch(/^quarantine: unknown$/m);
    expect(readable.stdout).toMatch(/^held back by limits: unknown$/m);
  }, 60_000);

  it('are counted again once it answers again', async () => {
    await proxy.open();
    await new Promise((r) => setTimeout(r, 50));
    const text = await scrape();
    expect(samples(text, 'deskmail_quarantined_messages')).toEqual([2]);
    expect(samples(text, 'deskmail_mail_held_back')).toEqual([2]);
  }, 40_000);
});
