// The sender check (DKIM, SPF, DMARC) is made once, on the message's first processing, and its
// verdict kept with the message: held over its sender's hourly cap and released by an admin after
// the signing domain took its DKIM key down, or retried after the ticket moved under its first
// decision, the mail is decided as it proved itself on arrival, though a check made now would fail
// it. A check that could not finish because a DNS lookup failed for now is not kept, even once its
// retries are spent and the message decided with it: the release checks again. On the real
// database and Redis, the DNS answers being the test's own.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../src/adapters/db/outbound-store.ts';
import { upsertPerson } from '../../src/adapters/db/people.ts';
import { inboundMessages, participants, people, tickets } from '../../src/adapters/db/schema.ts';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { senderVerifier } from '../../src/adapters/mail-auth/verify-sender.ts';
import { MailCounters } from '../../src/adapters/queue/mail-counters.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { planNotifications } from '../../src/outbound/notify-plan.ts';
import { brakeLimitsOf, loadIntakeAssessor, pipelineSettings } from '../../src/stage-settings.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { processMail, type ProcessMailDeps } from '../../src/workers/process-mail.ts';
import { changingResolver, NO_DMARC_DOMAIN, relayedMail, SIGNED_DOMAIN, signedMail } from '../support/dkim.ts';
import { createTestDatabase } from '../support/harness.ts';
import { dropPrefix } from '../support/scratch-redis.ts';

const HELPDESK = 'helpdesk@example.test';
const SUMMER = `summer@${SIGNED_DOMAIN}`;
const ALICE = `alice@${SIGNED_DOMAIN}`;
const DAN = `dan@${SIGNED_DOMAIN}`;
const BOB = `bob@${NO_DMARC_DOMAIN}`;
const CAROL = `carol@${NO_DMARC_DOMAIN}`;

let uid = 0;
/** A message as our receiving server hands it on, to the help desk unless said otherwise. */
const mail = (m: { from: string; to?: string; cc?: string; subject: string; text: string }): Buffer => relayedMail({ ...m, to: m.to ?? HELPDESK });

describe('the sender verdict a message proved on arrival', () => {
  const dns = changingResolver();
  const check = senderVerifier({ mode: 'verify', authResultsServer: null, resolver: dns.resolver });
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
    const prefix = `t-sender-verdict-${randomBytes(4).toString('hex')}`;
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    config = loadConfig({
      DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix, IMAP_USER: 'u', IMAP_PASSWORD: 'p', HELPDESK_ADDRESS: HELPDESK, SECRET_KEY: randomBytes(32).toString('hex'),
      ADMIN_EMAILS: SUMMER, SENDER_AUTH: 'verify', NEW_REQUESTS_PER_SENDER_PER_HOUR: '1', LOG_LEVEL: 'silent',
    });
    inbound = new InboundStore(database.db);
    store = new TicketStore(database.db, config.TICKET_PREFIX);
    outbound = new OutboundStore(database.db, 'deskmail.example.test', config.TICKET_PREFIX);
    deps = {
      db: database.db, inbound, tickets: store, settings: pipelineSettings(config, []), assessIntake: loadIntakeAssessor(config),
      verifySender: check, brake: { counters: new MailCounters(redis, prefix), limits: brakeLimitsOf(config) },
      maxAttachmentBytes: 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
    };
  });
  afterAll(async () => {
    if (redis) await dropPrefix(redis, config.QUEUE_PREFIX);
    await database?.close();
    await scratch?.drop();
  });

  const arrives = async (raw: Buffer) => (await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw })).id;
  const keptVerdict = async (id: number) => (await database.db.select({ v: inboundMessages.senderVerdict }).from(inboundMessages).where(eq(inboundMessages.id, id)))[0]!.v;
  const ticketOf = async (id: number) => {
    const [row] = await database.db.select({ ticketId: inboundMessages.ticketId }).from(inboundMessages).where(eq(inboundMessages.id, id));
    return (await database.db.select().from(tickets).where(eq(tickets.id, row!.ticketId!)))[0]!;
  };
  const peopleOn = async (ticketId: number) => (await database.db.select({ email: people.email }).from(participants)
    .innerJoin(people, eq(people.id, participants.personId)).where(eq(participants.ticketId, ticketId))).map((p) => p.email).sort();
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
  /** A signed request of `name <from>`'s, copying Bob in, over their hourly cap (their first one this hour goes first): held for an admin. */
  const heldRequest = async (name: string, from: string, subject: string, using = deps) => {
    expect(await processMail(using, await arrives(await signedMail(mail({ from, subject: `Earlier: ${subject}`, text: 'An earlier request this hour.' }))))).toBe('created');
    const id = await arrives(await signedMail(mail({ from: `${name} <${from}>`, cc: BOB, subject, text: `${subject} since this morning.` })));
    expect(await processMail(using, id)).toBe('quarantined:NEW_REQUEST_LIMIT');
    await statusMail();
    return id;
  };

  it('files a request held over the cap and released after the sender\'s DKIM key was taken down as the signed request it was', async () => {
    dns.setKey('published');
    const held = await heldRequest('Alice Example', ALICE, 'Caseload page shows an error');
    expect(await keptVerdict(held)).toEqual({ verified: 'pass', reason: expect.stringContaining(`dmarc=pass`), domain: SIGNED_DOMAIN });

    // Days later the domain has rotated its key and taken the old record down: checked now, the mail fails DMARC.
    dns.setKey('withdrawn');
    const [row] = await database.db.select({ raw: inboundMessages.raw }).from(inboundMessages).where(eq(inboundMessages.id, held));
    expect(await check(row!.raw!)).toMatchObject({ verified: 'fail', reason: expect.stringContaining('dmarc=fail (p=reject') });

    // The admin's `deskmail quarantine retry`.
    expect(await inbound.release(held)).toBe(true);
    expect(await processMail(deps, held)).toBe('created');
    const filed = await ticketOf(held);
    expect({ unverifiedSender: filed.unverifiedSender, summary: filed.summary }).toEqual({ unverifiedSender: null, summary: 'Caseload page shows an error' });
    // Proven as on arrival: answered, the person copied in brought in, the name in its From kept.
    expect(await statusMail()).toEqual(expect.arrayContaining([{ to: ALICE, template: 'submitted' }]));
    expect(await peopleOn(filed.id)).toEqual([ALICE, BOB]);
    const [alice] = await database.db.select({ name: people.name }).from(people).where(eq(people.email, ALICE));
    expect(alice!.name).toBe('Alice Example');
    expect(await keptVerdict(held)).toEqual({ verified: 'pass', reason: expect.stringContaining(`dmarc=pass`), domain: SIGNED_DOMAIN });
  });

  it('obeys an admin\'s command in a signed reply retried after its first decision met a moved ticket, the key taken down meanwhile', async () => {
    dns.setKey('published');
    const request = await arrives(mail({ from: CAROL, subject: 'Report totals are wrong', text: 'The monthly report totals do not add up.' }));
    expect(await processMail(deps, request)).toBe('created');
    const ticket = await ticketOf(request);
    await statusMail();
    const to = makeReplyAddress(HELPDESK, { ticketId: ticket.id, personId: (await upsertPerson(database.db, SUMMER)).id }, config.SECRET_KEY, 0, new Date());
    const reply = await arrives(await signedMail(mail({ from: SUMMER, to, subject: `Re: [${config.SYSTEM_NAME} Issues Tracking] Issue ${ticket.ref} has been submitted`, text: '#priority high\n\nLooking at it today.' })));

    // Someone else changes the ticket between the first decision's read and its write: the message
    // goes back to the queue for a retry (no decision again in place).
    let moves = 1;
    const moving = Object.assign(Object.create(store) as TicketStore, {
      findThread: async (...args: Parameters<TicketStore['findThread']>) => {
        const found = await store.findThread(...args);
        if (moves-- > 0) await database.db.update(tickets).set({ version: ticket.version + 1 }).where(eq(tickets.id, ticket.id));
        return found;
      },
    });
    await expect(processMail({ ...deps, tickets: moving, decideAgainWaitsMs: [] }, reply)).rejects.toMatchObject({ code: 'TICKET_CHANGED' });
    expect(await keptVerdict(reply)).toMatchObject({ verified: 'pass' });

    dns.setKey('withdrawn');
    expect(await processMail(deps, reply)).toBe('appended');
    const after = await ticketOf(request);
    expect({ priority: after.priority, unverifiedSender: after.unverifiedSender }).toEqual({ priority: 'high', unverifiedSender: null });
  });

  it('keeps no verdict from a check decided while its DKIM key lookup still failed for now, and checks again on release', async () => {
    dns.setKey('unreachable');
    // Its retries spent (sender-check-failing-for-now-retried.test.ts): decided with the provisional failure.
    const held = await heldRequest('Dan Example', DAN, 'Printer queue is stuck', { ...deps, senderCheckRetries: 0 });
    expect(await keptVerdict(held)).toBeNull();

    dns.setKey('published');
    expect(await inbound.release(held)).toBe(true);
    expect(await processMail(deps, held)).toBe('created');
    expect((await ticketOf(held)).unverifiedSender).toBeNull();
    expect(await statusMail()).toEqual(expect.arrayContaining([{ to: DAN, template: 'submitted' }]));
    expect(await keptVerdict(held)).toMatchObject({ verified: 'pass' });
  });
});
