// A mail server's delivery hook: the private Dovecot, set up as a production one would be
// (push_notification with its Lua driver), POSTs to the worker's /mail-arrived on each delivery;
// the notice reaches the fetcher through Redis and the fetcher looks at once. A caller without the
// token is refused and wakes nothing; the route is absent when no token is set.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { freePort } from '../../src/devmail/dovecot.ts';
import { startService, type Service } from '../../src/main.ts';
import { startOperationsServer, type OperationsServer } from '../../src/operations/ops-server.ts';
import { ImapFlow } from 'imapflow';
import { startHarness, type Harness } from '../support/harness.ts';
import { expectEachHandledOnce, requestMail, type Request } from '../support/outage.ts';

const ALICE = 'alice@example.test';
const TOKEN = randomBytes(24).toString('hex');

describe('mail-arrived hook', () => {
  let h: Harness;
  let ops: OperationsServer;
  let port: number;
  const post = (auth: string | null, path = '/mail-arrived', where = port) => fetch(`http://127.0.0.1:${where}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: '{"event":"MessageNew"}',
  });
  /** A worker's operations server, as `deskmail worker` starts it, with or without the hook's token. */
  const opsFor = (service: Service, at: number, pushToken?: string) => startOperationsServer({
    service, redisUrl: h.stack.config.REDIS_URL, databaseUrl: h.stack.config.DATABASE_URL, prefix: h.stack.config.QUEUE_PREFIX, mailbox: 'INBOX',
    pollMs: 5000, port: at, host: '127.0.0.1', log: pino({ level: 'silent' }), pushToken,
  });
  beforeAll(async () => {
    port = await freePort();
    h = await startHarness({
      users: [ALICE],
      env: { MAIL_PUSH_TOKEN: TOKEN },
      mail: { push: { url: `http://127.0.0.1:${port}/mail-arrived`, token: TOKEN, user: 'helpdesk@example.test' } },
    });
    ops = await opsFor(h.service, port, TOKEN);
  });
  afterAll(async () => {
    await ops?.close();
    await h?.stop();
  });

  it('wakes the fetcher on each delivery through the mail server\'s hook', async () => {
    const before = h.service.fetcher!.arrivalNotices;
    await h.send(ALICE, { subject: 'Programs tab is blank', text: 'The Programs tab shows a blank page since this morning.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject));
    await h.settle();
    // One notice: the request's delivery to the help desk; the status mail's to alice is not announced.
    expect(h.service.fetcher!.arrivalNotices).toBe(before + 1);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/deskmail_mail_arrived_notices_total\{result="accepted"\} 1\n/);
  });

  it('never holds a delivery past the hook\'s own one-second timeout: its connection is not kept for reuse', async () => {
    // Dovecot's Lua client kept the worker's connection open between deliveries; a delivery sent on
    // it could wait six seconds for its answer, and the mail server's APPEND (or LMTP) with it.
    const client = new ImapFlow({ host: '127.0.0.1', port: h.stack.mail.imapPort, secure: false, doSTARTTLS: false, auth: { user: h.helpdesk, pass: h.stack.password }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
    await client.connect();
    const tookMs: number[] = [];
    const requests: Request[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        await new Promise((r) => setTimeout(r, 300 + (i % 4) * 150));
        const { raw, messageId } = requestMail(ALICE, h.helpdesk, `Cannot open the case notes (${i})`);
        const began = Date.now();
        await client.append('INBOX', raw);
        tookMs.push(Date.now() - began);
        requests.push({ subject: `Cannot open the case notes (${i})`, messageId });
      }
    } finally {
      await client.logout().catch(() => {});
    }
    expect(Math.max(...tookMs), tookMs.join(' ')).toBeLessThan(2000);
    await expectEachHandledOnce(h, ALICE, requests);
  }, 90_000);

  it('refuses a caller without the token, and that wakes nothing', async () => {
    await h.settle();
    const before = h.service.fetcher!.arrivalNotices;
    expect((await post(null)).status).toBe(401);
    expect((await post(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await post(`Basic ${Buffer.from(`dovecot:${TOKEN.slice(1)}`).toString('base64')}`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/mail-arrived`)).status).toBe(405);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.service.fetcher!.arrivalNotices).toBe(before);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/deskmail_mail_arrived_notices_total\{result="refused"\} 3/);
  });

  it('takes the token as Bearer or as a Basic password, and passes each call on through Redis', async () => {
    const before = h.service.fetcher!.arrivalNotices;
    expect((await post(`Bearer ${TOKEN}`)).status).toBe(202);
    expect((await post(`Basic ${Buffer.from(`dovecot:${TOKEN}`).toString('base64')}`)).status).toBe(202);
    const deadline = Date.now() + 5000;
    while (h.service.fetcher!.arrivalNotices < before + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(h.service.fetcher!.arrivalNotices).toBe(before + 2);
  });

  it('reaches the worker that fetches, whichever worker\'s endpoint the hook calls', async () => {
    const other = await startService(h.stack.config, pino({ level: 'silent' }), { schedule: false });
    const otherOps = await opsFor(other, 0, TOKEN);
    try {
      const standby = Date.now() + 5000;
      while (other.fetcher!.state !== 'standby' && Date.now() < standby) await new Promise((r) => setTimeout(r, 20));
      expect(other.fetcher!.state).toBe('standby');
      const before = h.service.fetcher!.arrivalNotices;
      expect((await post(`Bearer ${TOKEN}`, '/mail-arrived', otherOps.port)).status).toBe(202);
      const deadline = Date.now() + 5000;
      while (h.service.fetcher!.arrivalNotices === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(h.service.fetcher!.arrivalNotices).toBe(before + 1);
      expect(other.fetcher!.arrivalNotices).toBe(0);
    } finally {
      await otherOps.close();
      await other.stop();
    }
  });

  it('has no such route when no token is set', async () => {
    const plain = await opsFor(h.service, 0);
    try {
      expect((await post(`Bearer ${TOKEN}`, '/mail-arrived', plain.port)).status).toBe(405);
      expect((await fetch(`http://127.0.0.1:${plain.port}/mail-arrived`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
