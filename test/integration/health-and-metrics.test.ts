// /healthz and /metrics of a running worker on the real stack, and `deskmail status`: counts
// and latencies after a request, the fetch holder, 503 with the reason when IMAP or Redis is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startOperationsServer, type OperationsServer } from '../../src/operations/ops-server.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { runDeskmail } from '../support/cli.ts';

const ALICE = 'alice@example.test';

function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('health and metrics', () => {
  let h: Harness;
  let ops: OperationsServer;
  const get = async (path: string, port = ops.port) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, text: await res.text() };
  };
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE] });
    ops = await startOperationsServer({
      service: h.service, redisUrl: h.stack.config.REDIS_URL, databaseUrl: h.stack.config.DATABASE_URL, prefix: h.stack.config.QUEUE_PREFIX, mailbox: 'INBOX',
      // Longer than the harness's 5 s poll, so an idle fetcher is not called stale.
      pollMs: 5000, port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }), maxFetchAgeMs: 8000, heartbeatMs: 500,
    });
  });
  afterAll(async () => {
    await ops?.close();
    await h?.stop();
  });

  it('counts a request by kind and outcome and times it from delivery to ticket to status mail', async () => {
    await h.send(ALICE, { subject: 'Programs tab is blank', text: 'The Programs tab shows a blank page since this morning.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject));
    await h.settle();
    const { status, text } = await get('/metrics');
    expect(status).toBe(200);
    expect(metricValue(text, 'deskmail_inbound_messages', { kind: 'new', status: 'processed', outcome: 'created' })).toBe(1);
    expect(metricValue(text, 'deskmail_delivery_to_ticket_seconds_count', { outcome: 'created' })).toBe(1);
    expect(metricValue(text, 'deskmail_ticket_to_sent_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'deskmail_queue_jobs', { queue: 'process-mail', state: 'waiting' })).toBe(0);
    expect(metricValue(text, 'deskmail_quarantined_messages')).toBe(0);
    expect(metricValue(text, 'deskmail_fetch_lease_holder', { holder: h.service.id })).toBe(1);
    expect(metricValue(text, 'deskmail_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('is healthy while the stores answer and the fetcher fetches', async () => {
    const { status, text } = await get('/healthz');
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ status: 'ok', checks: { postgres: 'ok', redis: 'ok', imap: 'connected' } });
  });

  it('prints the same for a person with deskmail status', async () => {
    const out = await runDeskmail(h.stack.config, ['status']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`fetcher: ${h.service.id} (connected), mailbox INBOX, last successful fetch`);
    expect(out.stdout).toMatch(/process-mail: 0 waiting, 0 active/);
    expect(out.stdout).toContain('new / processed / created: 1');
    const json = JSON.parse((await runDeskmail(h.stack.config, ['status', '--json'])).stdout);
    expect(json.quarantined).toBe(0);
    expect(json.fetch.holder).toBe(h.service.id);
  });

  it('says 503 with the reason when Redis does not answer', async () => {
    const blind = await startOperationsServer({
      service: h.service, redisUrl: 'redis://127.0.0.1:1', databaseUrl: h.stack.config.DATABASE_URL, prefix: h.stack.config.QUEUE_PREFIX, mailbox: 'INBOX',
      pollMs: 5000, port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }),
    });
    try {
      const { status, text } = await get('/healthz', blind.port);
      expect(status).toBe(503);
      const body = JSON.parse(text);
      expect(body.status).toBe('unhealthy');
      expect(body.reasons).toHaveLength(1);
      expect(body.reasons[0]).toMatch(/^redis: /);
    } finally {
      await blind.close();
    }
  });

  it('says 503 naming IMAP when the mail server is gone', async () => {
    await h.stack.mail.stop();
    const deadline = Date.now() + 25_000;
    let last = await get('/healthz');
    while ((last.status === 200 || JSON.parse(last.text).checks.imap !== 'disconnected') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      last = await get('/healthz');
    }
    expect(last.status).toBe(503);
    const body = JSON.parse(last.text);
    expect(body.reasons).toEqual([expect.stringMatching(/^imap: last successful fetch \d+ s ago \(limit 8 s\), connection disconnected(; last error: .+)?$/)]);
    expect(body.checks).toMatchObject({ postgres: 'ok', redis: 'ok', imap: 'disconnected' });
  }, 35_000);
});
