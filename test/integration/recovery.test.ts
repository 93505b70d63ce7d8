// Nothing lost, nothing doubled: raw mail stored before a crash is processed after restart,
// the same message processed twice at once makes one ticket, the same mail delivered twice
// makes one ticket, a lost send job is sent after recovery, and a new UIDVALIDITY resyncs
// without processing anything again.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../src/adapters/db/outbound-store.ts';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { MAX_STALLS, processMail } from '../../src/workers/process-mail.ts';
import { processJobId, QUEUES, redisConnection } from '../../src/adapters/queue/queues.ts';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { runScheduledTask } from '../../src/workers/schedule.ts';
import { restartService, startHarness, type Harness } from '../support/harness.ts';

const ALICE = 'alice@example.test';

function rawRequest(subject: string, messageId = `${randomBytes(6).toString('hex')}@client.example.test`): Buffer {
  return Buffer.from([
    `From: Alice <${ALICE}>`, 'To: helpdesk@example.test', `Subject: ${subject}`, `Message-ID: <${messageId}>`,
    'Date: Mon, 13 Jan 2025 09:00:00 -0600', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    'The Programs tab shows a blank page for client AAAA111111 since this morning.', '',
  ].join('\r\n'));
}

const count = async (h: Harness, table: string) =>
  (await h.service.database.sql.unsafe(`select count(*)::int as n from ${table}`))[0]!.n as number;

describe('crash safety', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('processes mail that was stored but not processed before a crash, once', async () => {
    const inbound = new InboundStore(h.service.database.db);
    // What the fetcher does before it enqueues; the "crash" means no job was ever added.
    const { id } = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 900001, raw: rawRequest('Stored before the crash') });
    await restartService(h);
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject) && m.inReplyTo.length > 0);
    const row = await new InboundStore(h.service.database.db).load(id);
    expect(row!.status).toBe('processed');
    expect(await count(h, "tickets where original_subject = 'Stored before the crash'")).toBe(1);
  });

  it('makes one ticket when the same stored message is processed twice at once', async () => {
    const db = h.service.database.db;
    const inbound = new InboundStore(db);
    const { id } = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 900002, raw: rawRequest('Processed twice at once') });
    const deps = {
      db, inbound, tickets: new TicketStore(db, h.stack.config.TICKET_PREFIX), settings: pipelineSettings(h.stack.config, []),
      assessIntake: null, maxAttachmentBytes: 1 << 20, log: pino({ level: 'silent' }), afterChange: async () => {},
    };
    const outcomes = await Promise.all([processMail(deps, id), processMail(deps, id), processMail(deps, id)]);
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(await count(h, "tickets where original_subject = 'Processed twice at once'")).toBe(1);
    expect(await count(h, `outbox where ticket_id = (select id from tickets where original_subject = 'Processed twice at once')`)).toBe(2);
  });

  it('makes one ticket when the same mail is delivered twice', async () => {
    const messageId = `${randomBytes(6).toString('hex')}@client.example.test`;
    const raw = rawRequest('Delivered twice', messageId);
    const smtp = h.stack.relay.url;
    const nodemailer = (await import('nodemailer')).default;
    const t = nodemailer.createTransport(smtp);
    await t.sendMail({ envelope: { from: ALICE, to: [h.helpdesk] }, raw });
    await t.sendMail({ envelope: { from: ALICE, to: [h.helpdesk] }, raw });
    const deadline = Date.now() + 15_000;
    let rows: { status: string; outcome: string }[] = [];
    while (Date.now() < deadline) {
      rows = await h.service.database.sql`select status, outcome from inbound_messages where message_id = ${messageId}`;
      if (rows.length === 2 && rows.every((r) => r.status !== 'pending')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows.map((r) => r.outcome).sort()).toEqual(['created', 'ignored:duplicate-message-id']);
    expect(await count(h, "tickets where original_subject = 'Delivered twice'")).toBe(1);
  });

  it('sends status mail whose send job was lost, once, after recovery', async () => {
    await h.settle();
    const before = (await h.mailbox(ALICE)).length;
    // Stop the service so the send job cannot run, make an event, then lose every queued job.
    await h.service.stop();
    const db = (await import('../../src/adapters/db/client.ts')).openDatabase(h.stack.config.DATABASE_URL);
    const tickets = new TicketStore(db.db, h.stack.config.TICKET_PREFIX);
    const [ticket] = await db.sql`select id from tickets order by id limit 1`;
    await tickets.apply({
      kind: 'update', ticketId: ticket!.id, outcome: 'updated', patch: {}, note: { author: null, kind: 'note', body: 'A note whose mail job is lost.', stripped: '', internal: false },
      attachments: [], participantChanges: [], corrections: [], undeliverable: [],
      events: [{ event: 'new_note', actor: { email: 'summer@example.test', name: 'Summer' }, payload: {} }],
    }, null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() });
    const outbound = new OutboundStore(db.db, 'deskmail.example.test', h.stack.config.TICKET_PREFIX);
    const { ids } = await outbound.relay(() => [{ to: ALICE, role: 'submitter', template: 'new_note' }]);
    expect(ids).toHaveLength(1);
    await db.sql`update outbound_messages set created_at = now() - interval '10 minutes' where id = ${ids[0]!}`;
    await db.close();
    await restartService(h); // its start-up recovery finds the pending row
    await h.waitForMail(ALICE, (m) => m.subject.endsWith('New Note'));
    await runScheduledTask(h.service.scheduleDeps, 'recover', new Date());
    await new Promise((r) => setTimeout(r, 1000));
    const notes = (await h.mailbox(ALICE)).filter((m) => m.subject.endsWith('New Note'));
    expect(notes.map((m) => m.subject)).toHaveLength(1);
    expect((await h.mailbox(ALICE)).length).toBe(before + 1);
  });

  it('resyncs after a UIDVALIDITY change without processing any message again', async () => {
    const tickets = await count(h, 'tickets');
    const inboundRows = await count(h, 'inbound_messages');
    // Wait until every handled message is flagged on the server, then pretend the mailbox was rebuilt.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await count(h, "inbound_messages where mailbox_done_at is null and status <> 'pending' and uid < 900000")) > 0) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.service.stop();
    const { openDatabase } = await import('../../src/adapters/db/client.ts');
    const db = openDatabase(h.stack.config.DATABASE_URL);
    await db.sql`update mailbox_cursors set uid_validity = uid_validity + 1000`;
    await db.close();
    await restartService(h);
    await h.send(ALICE, { subject: 'After the resync', text: 'The Reports tab shows an error when I run the APR since Monday.' });
    await h.waitForTicket('Utah_RW-' + String(tickets + 1), (t) => t.originalSubject === 'After the resync');
    expect(await count(h, 'tickets')).toBe(tickets + 1);
    expect(await count(h, 'inbound_messages')).toBe(inboundRows + 1);
  });
});

describe('mail that brings workers down', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE], service: { fetch: false } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it(`is held for an admin once ${MAX_STALLS} workers stopped while processing it, not handed to the next one forever`, async () => {
    let inbound = new InboundStore(h.service.database.db);
    const { id } = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 910001, raw: rawRequest('Mail that stops workers') });
    const { QUEUE_PREFIX: prefix, REDIS_URL: redisUrl } = h.stack.config;
    // Workers that each take the job and die with it (its lock no longer renewed); the next one's
    // stall check takes it back. The service itself is down meanwhile.
    await h.service.stop();
    const queue = new Queue(QUEUES.processMail, { prefix, connection: redisConnection(redisUrl) as ConnectionOptions });
    const jobState = async () => (await queue.getJob(processJobId(id)))!;
    try {
      await queue.add('process', { inboundId: id }, { jobId: processJobId(id) });
      for (let round = 1; round <= MAX_STALLS; round++) {
        let taken!: () => void;
        const takenNow = new Promise<void>((r) => { taken = r; });
        const doomed = new Worker(QUEUES.processMail, async () => { taken(); await new Promise(() => {}); },
          { prefix, connection: redisConnection(redisUrl) as ConnectionOptions, lockDuration: 1000, stalledInterval: 300, maxStalledCount: 10 });
        await takenNow;
        await doomed.close(true);
      }
      expect((await jobState()).stalledCounter).toBe(MAX_STALLS - 1);
      // The service starts again; its stall check takes the job back from the last dead worker.
      await restartService(h, { fetch: false });
      inbound = new InboundStore(h.service.database.db);
      const deadline = Date.now() + 20_000;
      let row = await inbound.load(id);
      while (row!.status === 'pending' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        row = await inbound.load(id);
      }
      expect(row).toMatchObject({ status: 'quarantined', outcome: 'quarantined:WORKER_STOPPED' });
      expect(await count(h, "tickets where original_subject = 'Mail that stops workers'")).toBe(0);
    } finally {
      await queue.close();
    }
    // A message whose workers stopped fewer times is processed as usual: the test can fail.
    expect(await processMail({
      db: h.service.database.db, inbound, tickets: new TicketStore(h.service.database.db, h.stack.config.TICKET_PREFIX), settings: pipelineSettings(h.stack.config, []),
      assessIntake: null, maxAttachmentBytes: 1 << 20, log: pino({ level: 'silent' }), afterChange: async () => {},
    }, (await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 910002, raw: rawRequest('Mail that stops workers, once') })).id, { stalls: MAX_STALLS - 1 })).toBe('created');
  }, 90_000);
});
