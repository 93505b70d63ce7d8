// A sender check that a DNS lookup failing for now (SERVFAIL of a DKIM key or of the DMARC record)
// left failing does not decide the message: it goes back to the queue as a failed attempt
// (SENDER_AUTH_DNS), so a passing blip at the sender's provider costs nobody their answer or an
// admin their command. Past SENDER_CHECK_RETRIES attempts the message is decided as not checked
// (as from a domain with no DMARC record: the person's signed reply address still proves them),
// not as forged, and filed rather than held as TOO_MANY_ATTEMPTS; on its job's last attempt
// (JOB_ATTEMPTS set below the bound) it is decided so at once, so its job is never set aside.
// Neither checking off, nor a temporary error our own receiving server wrote in its
// Authentication-Results header (it reads the same every time), nor what the web pages store is
// ever retried for it. On the real database
// and Redis, the DNS answers being the test's own; the queue's retries are calls made again.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependencyOf } from '../../src/adapters/availability.ts';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../src/adapters/db/outbound-store.ts';
import { upsertPerson } from '../../src/adapters/db/people.ts';
import { inboundMessages, tickets } from '../../src/adapters/db/schema.ts';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { senderVerifier } from '../../src/adapters/mail-auth/verify-sender.ts';
import { MailCounters } from '../../src/adapters/queue/mail-counters.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { isRetryable } from '../../src/errors.ts';
import { WEB_MAILBOX } from '../../src/inbound/web-mailbox.ts';
import { planNotifications } from '../../src/outbound/notify-plan.ts';
import { brakeLimitsOf, loadIntakeAssessor, pipelineSettings } from '../../src/stage-settings.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { MAX_ATTEMPTS, processMail, SENDER_CHECK_RETRIES, type ProcessMailDeps } from '../../src/workers/process-mail.ts';
import { changingResolver, NO_DMARC_DOMAIN, relayedMail, SIGNED_DOMAIN, signedMail } from '../support/dkim.ts';
import { createTestDatabase } from '../support/harness.ts';
import { dropPrefix } from '../support/scratch-redis.ts';

const HELPDESK = 'helpdesk@example.test';
const SUMMER = `summer@${SIGNED_DOMAIN}`;
const ALICE = `alice@${SIGNED_DOMAIN}`;
const DAN = `dan@${SIGNED_DOMAIN}`;
const ERIN = `erin@${SIGNED_DOMAIN}`;
const GINA = `gina@${SIGNED_DOMAIN}`;
const HANA = `hana@${SIGNED_DOMAIN}`;
const IDA = `ida@${SIGNED_DOMAIN}`;
const CAROL = `carol@${NO_DMARC_DOMAIN}`;

let uid = 0;
/** A message as our receiving server hands it on, to the help desk unless said otherwise. */
const mail = (m: { from: string; to?: string; cc?: string; subject: string; text: string }): Buffer => relayedMail({ ...m, to: m.to ?? HELPDESK });

describe('a sender check that failed for now', () => {
  const dns = changingResolver();
  const check = senderVerifier({ mode: 'verify', authResultsServer: null, resolver: dns.resolver });
  /** Every log line, as written. */
  const logged: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write(chunk, _enc, done) { logged.push(JSON.parse(String(chunk))); done(); } }));
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  let redis: Redis;
  let config: Config;
  let inbound: InboundStore;
  let store: TicketStore;
  let outbound: OutboundStore;
  let deps: ProcessMailDeps;

  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = openDatabase(scratch.url, { max: 4 });
    const prefix = `t-sender-for-now-${randomBytes(4).toString('hex')}`;
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    config = loadConfig({
      DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix, IMAP_USER: 'u', IMAP_PASSWORD: 'p', HELPDESK_ADDRESS: HELPDESK, SECRET_KEY: randomBytes(32).toString('hex'),
      ADMIN_EMAILS: SUMMER, SENDER_AUTH: 'verify', LOG_LEVEL: 'silent',
    });
    inbound = new InboundStore(database.db);
    store = new TicketStore(database.db, config.TICKET_PREFIX);
    outbound = new OutboundStore(database.db, 'deskmail.example.test', config.TICKET_PREFIX);
    deps = {
      db: database.db, inbound, tickets: store, settings: pipelineSettings(config, []), assessIntake: loadIntakeAssessor(config),
      verifySender: check, brake: { counters: new MailCounters(redis, prefix), limits: brakeLimitsOf(config) },
      maxAttachmentBytes: 1024 * 1024, log, afterChange: async () => {},
    };
  });
  afterAll(async () => {
    dns.setKey('published');
    dns.setDmarc('published');
    if (redis) await dropPrefix(redis, config.QUEUE_PREFIX);
    await database?.close();
    await scratch?.drop();
  });

  const arrives = async (raw: Buffer, mailbox = 'INBOX') => (await inbound.store({ mailbox, uidValidity: 1, uid: ++uid, raw })).id;
  const rowOf = async (id: number) => (await database.db.select({
    status: inboundMessages.status, outcome: inboundMessages.outcome, attempts: inboundMessages.attempts, reason: inboundMessages.reason,
    senderVerdict: inboundMessages.senderVerdict, ticketId: inboundMessages.ticketId,
  }).from(inboundMessages).where(eq(inboundMessages.id, id)))[0]!;
  const ticketOf = async (id: number) => (await database.db.select().from(tickets).where(eq(tickets.id, (await rowOf(id)).ticketId!)))[0]!;
  /** The status mail the outbox holds now, by recipient and template. */
  const statusMail = async () => {
    const made: { to: string; template: string }[] = [];
    for (;;) {
      const batch = await outbound.relay((input) => planNotifications({ ...input, adminEmails: config.ADMIN_EMAILS, supportAddress: config.SUPPORT_ADDRESS }));
      if (batch.events === 0) return made;
      for (const id of batch.ids) {
        const { row } = (await outbound.load(id))!;
        made.push({ to: row.recipient, template: row.template });
      }
    }
  };
  /** Processes the message as the queue does: again after each retryable failure, up to `tries` times; the failures and the outcome. */
  const processUntilDecided = async (id: number, tries: number, using = deps) => {
    const retried: unknown[] = [];
    for (let i = 0; i < tries; i++) {
      try {
        return { retried, outcome: await processMail(using, id) };
      } catch (err) {
        if (!isRetryable(err)) throw err;
        retried.push(err);
      }
    }
    return { retried, outcome: null };
  };

  it('obeys a signed admin command whose first processing met a SERVFAIL for the DKIM key, once the retry finds the key', async () => {
    dns.setKey('published');
    const request = await arrives(mail({ from: CAROL, subject: 'Report totals are wrong', text: 'The monthly report totals do not add up.' }));
    expect(await processMail(deps, request)).toBe('created');
    const ticket = await ticketOf(request);
    await statusMail();
    const to = makeReplyAddress(HELPDESK, { ticketId: ticket.id, personId: (await upsertPerson(database.db, SUMMER)).id }, config.SECRET_KEY, 0, new Date());
    const reply = await arrives(await signedMail(mail({ from: SUMMER, to, subject: `Re: [${config.SYSTEM_NAME} Issues Tracking] Issue ${ticket.ref} has been submitted`, text: '#priority high\n\nLooking at it today.' })));

    // The signing domain's name servers fail for now: the message goes back to the queue, a failed
    // attempt, and nothing of it is decided or kept.
    dns.setKey('unreachable');
    const first = processMail(deps, reply);
    await expect(first).rejects.toMatchObject({ name: 'RetryableError', code: 'SENDER_AUTH_DNS', message: expect.stringContaining('dkim=temperror') });
    // The sender's DNS is no outage of ours: the availability line and its pauses are not touched.
    expect(dependencyOf(await first.catch((e: unknown) => e))).toBeNull();
    expect(await rowOf(reply)).toMatchObject({ status: 'pending', attempts: 1, senderVerdict: null, reason: expect.stringContaining('sender check failed for now') });
    expect((await ticketOf(request)).priority).not.toBe('high');

    // The queue's retry: the key answers again.
    dns.setKey('published');
    expect(await processMail(deps, reply)).toBe('appended');
    const after = await ticketOf(request);
    expect({ priority: after.priority, unverifiedSender: after.unverifiedSender }).toEqual({ priority: 'high', unverifiedSender: null });
    expect((await rowOf(reply)).senderVerdict).toMatchObject({ verified: 'pass' });
  });

  it('files a request whose DKIM key stays unreachable past the bound as not checked, answered, said once in the log, and holds nothing', async () => {
    dns.setKey('unreachable');
    const text = 'Caseload page shows an error since the update.';
    const id = await arrives(await signedMail(mail({ from: `Alice Example <${ALICE}>`, subject: 'Caseload page shows an error', text })));
    const from = logged.length;
    const { retried, outcome } = await processUntilDecided(id, 10, { ...deps, senderCheckRetries: 2 });
    expect(retried.map((e) => (e as { code: string }).code)).toEqual(['SENDER_AUTH_DNS', 'SENDER_AUTH_DNS']);
    expect(outcome).toBe('created');
    expect(await rowOf(id)).toMatchObject({ status: 'processed', outcome: 'created', senderVerdict: null });
    expect((await ticketOf(id)).unverifiedSender).toBeNull();
    expect((await statusMail()).filter((m) => m.to === ALICE)).toEqual([{ to: ALICE, template: 'submitted' }]);

    const lines = logged.slice(from);
    const decidedWith = lines.filter((l) => String(l.msg).startsWith('sender check still failing for now'));
    expect(decidedWith).toHaveLength(1);
    expect(decidedWith[0]).toMatchObject({ level: 40, attempts: 2, senderReason: expect.stringContaining('dkim=temperror') });
    expect(JSON.stringify(lines)).not.toContain(text);
    expect(JSON.stringify(lines)).not.toContain(config.SECRET_KEY);
  });

  it('files a request whose DMARC record stays unreachable once its default retries are spent, well before it could be held as TOO_MANY_ATTEMPTS', async () => {
    dns.setKey('published');
    dns.setDmarc('unreachable');
    const id = await arrives(await signedMail(mail({ from: DAN, subject: 'Printer queue is stuck', text: 'Nothing prints since noon.' })));
    const { retried, outcome } = await processUntilDecided(id, MAX_ATTEMPTS + 1);
    dns.setDmarc('published');
    expect(outcome).toBe('created');
    expect(retried.map((e) => (e as { code: string }).code)).toEqual(Array(SENDER_CHECK_RETRIES).fill('SENDER_AUTH_DNS'));
    expect(SENDER_CHECK_RETRIES).toBeLessThan(MAX_ATTEMPTS);
    expect(await rowOf(id)).toMatchObject({ status: 'processed', senderVerdict: null });
    expect((await ticketOf(id)).unverifiedSender).toBeNull();
    expect((await statusMail()).filter((m) => m.to === DAN)).toEqual([{ to: DAN, template: 'submitted' }]);
  });

  it('obeys an admin command through their signed reply address when the DKIM key stays unreachable past the bound: not checked is not forged', async () => {
    dns.setKey('published');
    const request = await arrives(mail({ from: CAROL, subject: 'Export stops halfway', text: 'The CSV export stops at row 500.' }));
    expect(await processMail(deps, request)).toBe('created');
    const ticket = await ticketOf(request);
    await statusMail();
    const to = makeReplyAddress(HELPDESK, { ticketId: ticket.id, personId: (await upsertPerson(database.db, SUMMER)).id }, config.SECRET_KEY, 0, new Date());
    const reply = await arrives(await signedMail(mail({ from: SUMMER, to, subject: `Re: [${config.SYSTEM_NAME} Issues Tracking] Issue ${ticket.ref} has been submitted`, text: '#priority high\n\nOn it.' })));
    dns.setKey('unreachable');
    const { retried, outcome } = await processUntilDecided(reply, 10, { ...deps, senderCheckRetries: 1 });
    dns.setKey('published');
    expect(retried).toHaveLength(1);
    expect(outcome).toBe('appended');
    expect((await ticketOf(request)).priority).toBe('high');
    expect((await rowOf(reply)).senderVerdict).toBeNull();
  });

  it('decides a request whose DMARC record cannot be looked up now as not checked on its job\'s last attempt, whatever the bound', async () => {
    dns.setDmarc('unreachable');
    const id = await arrives(await signedMail(mail({ from: `Hana <${HANA}>`, subject: 'Intake form will not submit', text: 'The intake form spins and never submits.' })));
    const outcome = await processMail(deps, id, { lastAttempt: true });
    dns.setDmarc('published');
    expect(outcome).toBe('created');
    expect(await rowOf(id)).toMatchObject({ status: 'processed', senderVerdict: null });
    expect((await ticketOf(id)).unverifiedSender).toBeNull();
    expect((await statusMail()).filter((m) => m.to === HANA)).toEqual([{ to: HANA, template: 'submitted' }]);
  });

  it('retries nothing for a temporary error our own receiving server wrote in its header, and keeps it as not checked', async () => {
    const fromHeader = senderVerifier({ mode: 'verify', authResultsServer: 'mx.desk.example.test', resolver: dns.resolver });
    const raw = Buffer.concat([
      Buffer.from(`Authentication-Results: mx.desk.example.test; dkim=temperror header.d=${SIGNED_DOMAIN}; dmarc=temperror header.from=${SIGNED_DOMAIN}\r\n`),
      mail({ from: IDA, subject: 'Bed list is empty', text: 'The bed list shows no beds since this morning.' }),
    ]);
    const id = await arrives(raw);
    expect(await processMail({ ...deps, verifySender: fromHeader }, id)).toBe('created');
    expect(await rowOf(id)).toMatchObject({ status: 'processed', attempts: 1, senderVerdict: { verified: 'none', reason: expect.stringContaining('could not be checked (dmarc=temperror') } });
    expect((await ticketOf(id)).unverifiedSender).toBeNull();
    expect((await statusMail()).filter((m) => m.to === IDA)).toEqual([{ to: IDA, template: 'submitted' }]);
  });

  it('retries nothing for a check that is off', async () => {
    dns.setKey('unreachable');
    const off = senderVerifier({ mode: 'off', authResultsServer: null, resolver: dns.resolver });
    const id = await arrives(await signedMail(mail({ from: ERIN, subject: 'Password reset link expired', text: 'The link says it expired.' })));
    expect(await processMail({ ...deps, verifySender: off }, id)).toBe('created');
    expect((await ticketOf(id)).unverifiedSender).toBeNull();
  });

  it('retries nothing for what the web pages stored, though the person\'s domain cannot be checked now', async () => {
    dns.setKey('unreachable');
    dns.setDmarc('unreachable');
    const id = await arrives(mail({ from: GINA, subject: 'Caseload page is empty', text: 'Written on the request form.' }), WEB_MAILBOX);
    expect(await processMail(deps, id)).toBe('created');
    dns.setDmarc('published');
    expect((await ticketOf(id)).unverifiedSender).toBeNull();
    expect(await statusMail()).toEqual(expect.arrayContaining([{ to: GINA, template: 'submitted' }]));
  });
});
