// The statements a message costs on the worker's path are built by drizzle once, not per message:
// after a first request and reply, another request (with a person copied in and a file), the relay
// of its events, the send of each status mail, and a reply with a file to one of them build
// nothing but the relay's insert of its batch (whose rows vary), in the transaction that files the
// message as outside it. Building a statement's text took about 1.4 ms of the worker's main thread
// per message. What the prebuilt statements read and write is checked beside: the tickets, people,
// notes, files, events and status mail each message leaves.
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../../src/adapters/db/outbound-store.ts';
import { attachments, inboundMessages, noteAttachments, notes, outbox, outboundMessages, participants, people, tickets } from '../../../src/adapters/db/schema.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import { MailCounters } from '../../../src/adapters/queue/mail-counters.ts';
import { loadConfig } from '../../../src/config.ts';
import { planNotifications } from '../../../src/outbound/notify-plan.ts';
import { brakeLimitsOf, loadIntakeAssessor, pipelineSettings } from '../../../src/stage-settings.ts';
import { processMail, type ProcessMailDeps } from '../../../src/workers/process-mail.ts';
import { SEND_CLAIM_MS } from '../../../src/workers/send-mail.ts';
import { useScratchDatabase } from '../../support/harness.ts';
import { useScratchRedis } from '../../support/scratch-redis.ts';

const HELPDESK = 'helpdesk@example.test';

function mail(m: { from: string; cc?: string; subject: string; text: string; messageId: string; inReplyTo?: string; file: { name: string; content: string } }): Buffer {
  return Buffer.from([
    `From: ${m.from}`, `To: ${HELPDESK}`, ...(m.cc ? [`Cc: ${m.cc}`] : []), `Subject: ${m.subject}`, `Message-ID: <${m.messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '',
    '--b1', 'Content-Type: text/plain; charset=utf-8', '', m.text, '--b1',
    `Content-Type: text/plain; name="${m.file.name}"`, `Content-Disposition: attachment; filename="${m.file.name}"`, '', m.file.content, '--b1--', '',
  ].join('\r\n'));
}

describe('statements on the worker path', () => {
  const scratch = useScratchDatabase({ max: 4 });
  const scratchRedis = useScratchRedis('built-once');
  afterEach(() => { vi.restoreAllMocks(); });

  it('are built once: a request and a reply after the first build only the relay batch', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://unused/x', IMAP_USER: 'u', IMAP_PASSWORD: 'p', HELPDESK_ADDRESS: HELPDESK, SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' });
    const inbound = new InboundStore(scratch.db);
    const store = new TicketStore(scratch.db, config.TICKET_PREFIX);
    const outbound = new OutboundStore(scratch.db, 'example.test', config.TICKET_PREFIX);
    const deps: ProcessMailDeps = {
      db: scratch.db, inbound, tickets: store, settings: pipelineSettings(config, []), assessIntake: loadIntakeAssessor(config),
      brake: { counters: new MailCounters(scratchRedis.redis, scratchRedis.prefix), limits: brakeLimitsOf(config) },
      maxAttachmentBytes: 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
    };
    let uid = 0;
    const built: string[] = [];
    let counting = false;
    const original = PgDialect.prototype.sqlToQuery;
    vi.spyOn(PgDialect.prototype, 'sqlToQuery').mockImplementation(function (this: PgDialect, ...args: Parameters<PgDialect['sqlToQuery']>) {
      const query = original.apply(this, args);
      if (counting) built.push(query.sql.replace(/\s+/g, ' ').slice(0, 100));
      return query;
    });
    /** What `run` made drizzle build. */
    const builds = async <T>(run: () => Promise<T>): Promise<{ value: T; built: string[] }> => {
      built.length = 0;
      const value = await run();
      return { value, built: [...built] };
    };
    /** The relay, and each status mail's load and claim and its "sent" mark as send-mail runs them. */
    const relayAndSend = async () => {
      const relayed = await builds(() => outbound.relay((input) => planNotifications({ ...input, adminEmails: ['admin@example.test'], supportAddress: '' })));
      const sent = await builds(async () => {
        const mails = [];
        for (const id of relayed.value.ids) {
          const loaded = (await outbound.loadAndClaim(id, SEND_CLAIM_MS))!;
          expect(loaded.claimed).toBe(true);
          await outbound.markSent(id, `About ${loaded.ticket?.ref}`);
          mails.push(loaded);
        }
        return mails;
      });
      return { relayed, sent };
    };
    /** A request from `who` copying in a colleague, with a file; then a reply with a file to its status mail. */
    const round = async (who: string) => {
      const requestId = `req-${who}-${randomBytes(4).toString('hex')}@client.example.test`;
      const request = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw: mail({
        from: `${who} <${who}@client.example.test>`, cc: `Colleague <${who}-colleague@client.example.test>`, subject: `Printer of ${who} is jammed`,
        text: 'Hello, the printer on floor 3 jams on every page since this morning. Can someone look at it?', messageId: requestId,
        file: { name: 'photo.txt', content: `jam of ${who}` },
      }) });
      const filed = await builds(() => processMail(deps, request.id));
      const first = await relayAndSend();
      const answered = first.sent.value.find((m) => m.row.recipient === `${who}@client.example.test`)!;
      const reply = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw: mail({
        from: `${who} <${who}@client.example.test>`, subject: `Re: Printer of ${who} is jammed`, text: 'It also shows error E-42 now.',
        messageId: `rep-${who}-${randomBytes(4).toString('hex')}@client.example.test`, inReplyTo: answered.row.messageId,
        file: { name: 'error-log.txt', content: `E-42 for ${who}` },
      }) });
      const appended = await builds(() => processMail(deps, reply.id));
      const second = await relayAndSend();
      return { requestId, request, reply, filed, first, appended, second };
    };

    await round('amy'); // builds every statement the path runs once
    counting = true;
    const { requestId, request, reply, filed, first, appended, second } = await round('ben');
    counting = false;

    expect(filed.value).toBe('created');
    expect(appended.value).toBe('appended');
    expect(filed.built).toEqual([]);
    expect(appended.built).toEqual([]);
    // The relay's people, rows and relayed mark go in one statement whose rows vary with the batch.
    for (const relay of [first.relayed, second.relayed]) expect(relay.built).toEqual([expect.stringMatching(/^with added_people as \(insert into "people"/)]);
    expect([...first.sent.built, ...second.sent.built]).toEqual([]);

    // What they wrote and read: the ticket with its submitter and the person copied in, the
    // request's file on a note and the reply's on its own, the events, the status mail.
    const [{ ticketId }] = await scratch.db.select({ ticketId: inboundMessages.ticketId }).from(inboundMessages).where(eq(inboundMessages.id, request.id)) as [{ ticketId: number }];
    const [ticket] = await scratch.db.select().from(tickets).where(eq(tickets.id, ticketId));
    // Filed by the request (version 0), updated by the reply.
    expect(ticket).toMatchObject({ summary: 'Printer of ben is jammed', closedAt: null, resolution: null, version: 1, submitterId: expect.any(Number) });
    expect(ticket!.updatedAt.getTime()).toBeGreaterThan(ticket!.createdAt.getTime());
    const onTicket = await scratch.db.select({ email: people.email, role: participants.role, addedById: participants.addedById, notify: participants.notify })
      .from(participants).innerJoin(people, eq(people.id, participants.personId)).where(eq(participants.ticketId, ticketId)).orderBy(asc(participants.createdAt), asc(people.email));
    const [ben] = await scratch.db.select().from(people).where(eq(people.email, 'ben@client.example.test'));
    expect(ben).toMatchObject({ nameVerified: false, isAdmin: false });
    expect(onTicket).toHaveLength(2);
    expect(onTicket).toEqual(expect.arrayContaining([
      { email: 'ben@client.example.test', role: 'submitter', addedById: null, notify: true },
      { email: 'ben-colleague@client.example.test', role: 'interested', addedById: ben!.id, notify: true },
    ]));
    const [replyRow] = await scratch.db.select().from(inboundMessages).where(eq(inboundMessages.id, reply.id));
    expect(replyRow).toMatchObject({ status: 'processed', outcome: 'appended', ticketId, attempts: 1, reason: null, kind: expect.any(String), contentFingerprint: expect.any(String) });
    expect(replyRow!.processedAt).toBeInstanceOf(Date);
    const files = await scratch.db.select({ filename: noteAttachments.filename, stored: attachments.inboundMessageId, kind: notes.kind, from: notes.inboundMessageId })
      .from(noteAttachments).innerJoin(notes, eq(notes.id, noteAttachments.noteId)).leftJoin(attachments, eq(attachments.checksum, noteAttachments.checksum))
      .where(eq(notes.ticketId, ticketId)).orderBy(asc(noteAttachments.id));
    expect(files).toEqual([
      { filename: 'photo.txt', stored: request.id, kind: 'system', from: request.id },
      { filename: 'error-log.txt', stored: reply.id, kind: 'note', from: reply.id },
    ]);
    const events = await scratch.db.select({ event: outbox.event, actor: outbox.actorId, payload: outbox.payload, relayed: outbox.relayedAt }).from(outbox).where(eq(outbox.ticketId, ticketId)).orderBy(asc(outbox.id));
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.relayed !== null && typeof e.payload === 'object' && e.payload !== null)).toBe(true);
    const mailed = await scratch.db.select({ to: outboundMessages.recipient, status: outboundMessages.status, sendingUntil: outboundMessages.sendingUntil })
      .from(outboundMessages).where(eq(outboundMessages.ticketId, ticketId));
    expect(mailed.map((m) => m.to)).toEqual(expect.arrayContaining(['ben@client.example.test', 'ben-colleague@client.example.test']));
    expect(mailed.every((m) => m.status === 'sent' && m.sendingUntil !== null)).toBe(true);
    for (const m of second.sent.value) {
      expect(m.threadIds).toEqual([requestId]);
      expect(m.files).toMatchObject([{ filename: 'error-log.txt' }]);
    }
  });
});
