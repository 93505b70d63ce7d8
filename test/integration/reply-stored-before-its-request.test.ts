// A reply can reach the database before the request it answers: mail appended over several IMAP
// connections gets its UIDs in whatever order the server finished, so the reply may be stored
// (lower id) and picked up before its request, or before its request is stored at all. The reply
// waits a short, bounded while for that request and is then filed on its ticket; a reply to mail
// the help desk never saw still becomes its own ticket once the wait is over.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail, type ProcessMailDeps } from '../../src/workers/process-mail.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const ALICE = 'alice@example.test';

interface Mail { subject: string; text: string; messageId: string; inReplyTo?: string }

describe('a reply stored before the request it answers', () => {
  let h: Harness;
  let inbound: InboundStore;
  let tickets: TicketStore;
  let uid = 900_000;
  const newId = () => `${randomBytes(6).toString('hex')}@client.example.test`;
  const store = async (m: Mail) => (await inbound.store({
    mailbox: 'INBOX', uidValidity: 1, uid: ++uid,
    raw: Buffer.from([
      `From: Alice <${ALICE}>`, `To: ${h.helpdesk}`, `Subject: ${m.subject}`, `Message-ID: <${m.messageId}>`,
      ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
      `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', m.text, '',
    ].join('\r\n')),
  })).id;
  /** The worker's dependencies; `applied` hears of each message's first trip through `tickets.apply`, however it ended. */
  const deps = (over: Partial<ProcessMailDeps> = {}, applied?: (inboundId: number) => void): ProcessMailDeps => {
    const watched = new Proxy(tickets, {
      get: (t, p) => (p !== 'apply' ? (Reflect.get(t, p, t) as unknown) : async (...a: Parameters<TicketStore['apply']>) => {
        try {
          return await t.apply(...a);
        } finally {
          applied?.(a[1]!);
        }
      }),
    });
    return {
      db: h.service.database.db, inbound, tickets: watched, settings: pipelineSettings(h.stack.config, []),
      assessIntake: null, maxAttachmentBytes: 1 << 20, log: pino({ level: 'silent' }), afterChange: async () => {}, ...over,
    };
  };
  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => h.service.database.sql.unsafe(text, params as never[]) as unknown as Promise<T[]>;
  const ticketOf = async (inboundId: number) => (await q<{ ticket_id: number | null }>('select ticket_id from inbound_messages where id = $1', [inboundId]))[0]!.ticket_id;
  const ticketsTitled = async (...subjects: string[]) =>
    (await q<{ n: number }>('select count(*)::int as n from tickets where original_subject = any($1)', [subjects]))[0]!.n;
  /** Resolves once `id` has been through `tickets.apply` once. */
  const firstApply = () => {
    const seen = new Set<number>();
    const waiters = new Map<number, () => void>();
    return {
      hear: (id: number) => { seen.add(id); waiters.get(id)?.(); },
      of: (id: number) => (seen.has(id) ? Promise.resolve() : new Promise<void>((r) => waiters.set(id, r))),
    };
  };

  beforeAll(async () => {
    h = await startHarness({ users: [ALICE], service: { fetch: false } });
    inbound = new InboundStore(h.service.database.db);
    tickets = new TicketStore(h.service.database.db, h.stack.config.TICKET_PREFIX);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('files the reply on its request when the reply was stored first and is processed first', async () => {
    const requestId = newId();
    // The reply got the lower id: its connection's APPEND finished first.
    const reply = await store({ subject: 'Re: Caseload export is empty', inReplyTo: requestId, messageId: newId(), text: 'It is empty for client BBBB222222 as well.' });
    const request = await store({ subject: 'Caseload export is empty', messageId: requestId, text: 'The caseload export for client AAAA111111 is an empty file since this morning.' });
    const heard = firstApply();
    const d = deps({}, heard.hear);
    // The reply is decided and offered to the store before the request is looked at at all.
    const replyDone = processMail(d, reply);
    await heard.of(reply);
    const requestDone = processMail(d, request);
    expect(await Promise.all([requestDone, replyDone])).toEqual(['created', 'appended']);
    expect(await ticketOf(reply)).toBe(await ticketOf(request));
    expect(await ticketsTitled('Caseload export is empty', 'Re: Caseload export is empty')).toBe(1);
    // Waiting is not failing: no attempt recorded beyond the one that filed it.
    expect((await q<{ attempts: number }>('select attempts from inbound_messages where id = $1', [reply]))[0]!.attempts).toBe(1);
  });

  it('files the reply on its request when the request is stored only after the reply was decided', async () => {
    const requestId = newId();
    const reply = await store({ subject: 'Re: Intake page times out', inReplyTo: requestId, messageId: newId(), text: 'It timed out again at noon.' });
    const heard = firstApply();
    const d = deps({}, heard.hear);
    const replyDone = processMail(d, reply);
    await heard.of(reply);
    const request = await store({ subject: 'Intake page times out', messageId: requestId, text: 'The intake page for client CCCC333333 times out when I press Save.' });
    expect(await processMail(d, request)).toBe('created');
    expect(await replyDone).toBe('appended');
    expect(await ticketOf(reply)).toBe(await ticketOf(request));
    expect(await ticketsTitled('Intake page times out', 'Re: Intake page times out')).toBe(1);
  });

  it('files a reply to mail it never saw as its own ticket once the wait is over', async () => {
    const reply = await store({ subject: 'Re: Reports tab is blank', inReplyTo: newId(), messageId: newId(), text: 'The Reports tab is blank for client DDDD444444 since Monday.' });
    const started = Date.now();
    expect(await processMail(deps({ awaitReferencedMs: 600 }), reply)).toBe('created');
    const took = Date.now() - started;
    // It waited for the request (not filed at once) but not for long.
    expect(took).toBeGreaterThanOrEqual(600);
    expect(took).toBeLessThan(5_000);
  });

  it('files a reply as its own ticket once the wait is over when the stored request it answers is not processed', async () => {
    const requestId = newId();
    const reply = await store({ subject: 'Re: Services tab shows an error', inReplyTo: requestId, messageId: newId(), text: 'The Services tab shows an error for client EEEE555555.' });
    const request = await store({ subject: 'Services tab shows an error', messageId: requestId, text: 'The Services tab shows an error for client EEEE555555 since Friday.' });
    const started = Date.now();
    expect(await processMail(deps({ awaitReferencedMs: 600 }), reply)).toBe('created');
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    // The request, processed later, waits for nothing: it is filed as its own ticket.
    expect(await processMail(deps(), request)).toBe('created');
    expect(await ticketsTitled('Services tab shows an error', 'Re: Services tab shows an error')).toBe(2);
  });
});
