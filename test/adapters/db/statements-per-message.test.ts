// The statements one message costs on the worker's path, by shape: a new request (with a person
// copied in), the relay of its events, the send of each status mail, and a reply to one of them.
// Each shape stays within its budget, and what the fewer statements read is still right: the
// threading ids and the "added by" line of a status mail, the ticket a reply is filed on.
import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../../src/adapters/db/outbound-store.ts';
import * as schema from '../../../src/adapters/db/schema.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { Db } from '../../../src/adapters/db/client.ts';
import { loadConfig } from '../../../src/config.ts';
import { planNotifications } from '../../../src/outbound/notify-plan.ts';
import { loadIntakeAssessor, pipelineSettings } from '../../../src/stage-settings.ts';
import { processMail } from '../../../src/workers/process-mail.ts';
import { SEND_CLAIM_MS } from '../../../src/workers/send-mail.ts';
import { createTestDatabase } from '../../support/harness.ts';

const HELPDESK = 'helpdesk@example.test';

function mail(m: { from: string; cc?: string; subject: string; text: string; messageId: string; inReplyTo?: string; file?: { name: string; content: string } }): Buffer {
  const body = m.file
    ? ['Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain; charset=utf-8', '', m.text, '--b1',
      `Content-Type: text/plain; name="${m.file.name}"`, `Content-Disposition: attachment; filename="${m.file.name}"`, '', m.file.content, '--b1--', '']
    : ['Content-Type: text/plain; charset=utf-8', '', m.text, ''];
  return Buffer.from([
    `From: ${m.from}`, `To: ${HELPDESK}`, ...(m.cc ? [`Cc: ${m.cc}`] : []), `Subject: ${m.subject}`, `Message-ID: <${m.messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', ...body,
  ].join('\r\n'));
}

describe('statements per message on the worker path', () => {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: postgres.Sql;
  let db: Db;
  let statements: string[] = [];
  const counted = async <T>(run: () => Promise<T>): Promise<{ value: T; count: number; shapes: string[] }> => {
    statements = [];
    const value = await run();
    return { value, count: statements.length, shapes: statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 90)) };
  };

  beforeAll(async () => {
    scratch = await createTestDatabase();
    sql = postgres(scratch.url, { max: 4, onnotice: () => {}, debug: (_connection, query) => { statements.push(query); } });
    db = drizzle(sql, { schema });
  });
  afterAll(async () => {
    await sql.end({ timeout: 5 });
    await scratch.drop();
  });

  it('keeps each shape within its statements and reads what the mail needs', async () => {
    const config = loadConfig({ DATABASE_URL: scratch.url, IMAP_USER: 'u', IMAP_PASSWORD: 'p', HELPDESK_ADDRESS: HELPDESK, SECRET_KEY: randomBytes(32).toString('hex') });
    const inbound = new InboundStore(db);
    const tickets = new TicketStore(db, config.TICKET_PREFIX);
    const outbound = new OutboundStore(db, 'example.test', config.TICKET_PREFIX);
    const deps = {
      db, inbound, tickets, settings: pipelineSettings(config, []), assessIntake: loadIntakeAssessor(config),
      maxAttachmentBytes: 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
    };
    const relayAndLoad = async () => {
      const relayed = await counted(() => outbound.relay((input) => planNotifications({ ...input, adminEmails: [], supportAddress: '' })));
      const loads = [];
      // A send reads its mail and claims its row in one statement.
      for (const id of relayed.value.ids) loads.push(await counted(() => outbound.loadAndClaim(id, SEND_CLAIM_MS)));
      return { relayed, loads };
    };

    const requestId = `req-${randomBytes(4).toString('hex')}@client.example.test`;
    const stored = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw: mail({
      from: 'Alice <alice@client.example.test>', cc: 'Carol <carol@client.example.test>', subject: 'Printer on floor 3 is jammed',
      text: 'Hello, the printer on floor 3 jams on every page since this morning. Can someone look at it?', messageId: requestId,
    }) });
    const request = await counted(() => processMail(deps, stored.id));
    expect(request.value).toBe('created');
    const first = await relayAndLoad();
    const toCarol = first.loads.find((l) => l.value?.row.recipient === 'carol@client.example.test')!.value!;
    const toAlice = first.loads.find((l) => l.value?.row.recipient === 'alice@client.example.test')!.value!;
    // The mail to the person copied in says who copied them in; the requester's does not.
    expect(toCarol.addedBy).toMatchObject({ email: 'alice@client.example.test' });
    expect(toAlice.addedBy).toBeNull();
    expect(toAlice.threadIds).toEqual([requestId]);
    expect(toAlice.triggerMessageId).toBe(requestId);
    expect(toAlice.files).toEqual([]);
    for (const l of first.loads) await outbound.markSent(l.value!.row.id, 'sent');

    const replyId = `rep-${randomBytes(4).toString('hex')}@client.example.test`;
    const storedReply = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 2, raw: mail({
      from: 'Alice <alice@client.example.test>', subject: 'Re: Printer on floor 3 is jammed', text: 'It also shows error E-42 now.',
      messageId: replyId, inReplyTo: toAlice.row.messageId, file: { name: 'error-log.txt', content: 'E-42 at 09:14' },
    }) });
    const reply = await counted(() => processMail(deps, storedReply.id));
    expect(reply.value).not.toBe('created');
    const [replyRow] = await sql<{ ticket_id: number }[]>`select ticket_id from inbound_messages where id = ${storedReply.id}`;
    expect(replyRow!.ticket_id).toBe(toAlice.ticket!.id);
    const second = await relayAndLoad();
    // A status mail about the reply answers the reply and threads under the request.
    // and carries the reply's file; the person copied in had a mail already, so no "added by" line.
    expect(second.loads.map((l) => l.value!.row.recipient)).toContain('carol@client.example.test');
    for (const l of second.loads) {
      expect(l.value!.threadIds).toEqual([requestId]);
      expect(l.value!.triggerMessageId).toBe(replyId);
      expect(l.value!.files).toMatchObject([{ filename: 'error-log.txt', size: expect.any(Number), checksum: expect.any(String), inline: false }]);
      expect(l.value!.addedBy).toBeNull();
    }

    const figures = {
      request: request.count, reply: reply.count, relayRequest: first.relayed.count, relayReply: second.relayed.count,
      sendLoads: [...first.loads, ...second.loads].map((l) => l.count),
    };
    // Budgets (before this was measured: request 19, reply with a file 18, relay 9-10, send 4-9;
    // then 16, 16 and 7 before the outbox events went in one statement with the message's outcome,
    // and a relay's people, rows and relayed mark in one).
    expect(figures.request).toBeLessThanOrEqual(15);
    expect(figures.reply).toBeLessThanOrEqual(15);
    expect(Math.max(figures.relayRequest, figures.relayReply)).toBeLessThanOrEqual(5);
    expect(figures.sendLoads.every((n) => n === 1)).toBe(true);
    if (process.env.STATEMENTS_SHOW) console.log(JSON.stringify(figures));
    if (process.env.STATEMENTS_SHOW) console.log([request, reply, first.relayed, ...first.loads].map((c) => c.shapes.join('\n')).join('\n---\n'));
  });
});
