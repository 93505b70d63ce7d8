// Races on real services: messages processed at the same moment, and a scheduled sweep racing
// a reply, end as if they had run one after the other: one ticket per request, no decision
// written over a ticket that changed under it, every outbox event relayed, a mail without a
// Message-ID seen again after a resync filed once, and a database outage retried, not quarantined
// (nor a status mail SMTP accepted recorded as failed).
// Each race is made deterministic by holding `tickets.apply` until every racer has decided.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/client.ts';
import { eq } from 'drizzle-orm';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../src/adapters/db/outbound-store.ts';
import { outboundMessages } from '../../src/adapters/db/schema.ts';
import type { SmtpSender } from '../../src/adapters/smtp/sender.ts';
import { AcceptedMail } from '../../src/adapters/queue/accepted-mail.ts';
import type { MailCounters } from '../../src/adapters/queue/mail-counters.ts';
import { upsertPerson } from '../../src/adapters/db/people.ts';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { RetryableError } from '../../src/errors.ts';
import { namingOf } from '../../src/inbound/pipeline.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { processMail, type ProcessMailDeps } from '../../src/workers/process-mail.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';
import { sendMail } from '../../src/workers/send-mail.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const DAY = 86_400_000;

interface RawMail { from: string; to?: string; subject: string; text: string; messageId?: string | null; inReplyTo?: string; date?: Date }

function raw(m: RawMail, helpdesk: string): Buffer {
  const id = m.messageId === undefined ? `${randomBytes(6).toString('hex')}@client.example.test` : m.messageId;
  return Buffer.from([
    `From: ${m.from}`, `To: ${m.to ?? helpdesk}`, `Subject: ${m.subject}`,
    ...(id ? [`Message-ID: <${id}>`] : []),
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    `Date: ${(m.date ?? new Date()).toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    m.text, '',
  ].join('\r\n'));
}

/**
 * The ticket store with `apply` held until every id in `order` has reached it (so each decided
 * on the same state), then let through one at a time in that order, or all at once when
 * `together`. Later calls (the retries) pass straight through.
 */
function gated(store: TicketStore, order: number[], together = false): TicketStore {
  const arrived = new Set<number>();
  let allArrived!: () => void;
  const everyone = new Promise<void>((r) => { allArrived = r; });
  // settled[i] resolves once the apply of order[i] has finished, however it ended.
  const finish: (() => void)[] = [];
  const settled = order.map(() => new Promise<void>((r) => { finish.push(r); }));
  const apply: TicketStore['apply'] = async (change, inboundId, meta) => {
    if (inboundId === null || !order.includes(inboundId) || arrived.has(inboundId)) return store.apply(change, inboundId, meta);
    const i = order.indexOf(inboundId);
    arrived.add(inboundId);
    if (arrived.size === order.length) allArrived();
    await everyone;
    if (i > 0 && !together) await settled[i - 1];
    try {
      return await store.apply(change, inboundId, meta);
    } finally {
      finish[i]!();
    }
  };
  return new Proxy(store, { get: (t, p) => (p === 'apply' ? apply : (Reflect.get(t, p, t) as unknown)) });
}

describe('concurrent processing ends as if serial', () => {
  let h: Harness;
  let inbound: InboundStore;
  let tickets: TicketStore;
  let uid = 800_000;
  const store = async (m: RawMail, uidValidity = 1) => (await inbound.store({ mailbox: 'INBOX', uidValidity, uid: ++uid, raw: raw(m, h.helpdesk) })).id;
  const deps = (over: Partial<ProcessMailDeps> = {}): ProcessMailDeps => ({
    db: h.service.database.db, inbound, tickets,
    settings: pipelineSettings(h.stack.config, [{ email: SUMMER, name: 'Summer' }]),
    assessIntake: null, maxAttachmentBytes: 1 << 20, log: pino({ level: 'silent' }), afterChange: async () => {}, ...over,
  });
  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => h.service.database.sql.unsafe(text, params as never[]) as unknown as Promise<T[]>;
  const ticketOf = async (inboundId: number) => (await q<{ ticket_id: number | null }>('select ticket_id from inbound_messages where id = $1', [inboundId]))[0]!.ticket_id;
  /** A reply through `who`'s own signed address on ticket `ticketId`, as the status mail's Reply-To offers. */
  const replyAs = async (who: string, ticketId: number, text: string, subject = 'Re: the ticket') => {
    const person = await upsertPerson(h.service.database.db, who);
    const to = makeReplyAddress(h.helpdesk, { ticketId, personId: person.id }, h.stack.config.SECRET_KEY, 0, new Date());
    return store({ from: who, to, subject, text });
  };
  /** Where send-mail records what SMTP accepted: the service's own Redis connection and prefix. */
  const acceptedMail = () => new AcceptedMail(h.service.queues.connection, h.stack.config.QUEUE_PREFIX);
  const newTicket = async (subject: string) => {
    const id = await store({ from: `Alice <${ALICE}>`, subject, text: 'When I open the Enrollment page for client AAAA111111 and click Save, nothing is saved. It started on Monday.' });
    expect(await processMail(deps(), id)).toBe('created');
    return (await ticketOf(id))!;
  };

  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER }, service: { fetch: false } });
    inbound = new InboundStore(h.service.database.db);
    tickets = new TicketStore(h.service.database.db, h.stack.config.TICKET_PREFIX);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('files a quick follow-up on the request it answers when both are processed at the same moment', async () => {
    const requestId = `${randomBytes(6).toString('hex')}@client.example.test`;
    const request = await store({ from: `Alice <${ALICE}>`, subject: 'Reports tab is blank', messageId: requestId, text: 'The Reports tab shows a blank page for client AAAA111111 since this morning.' });
    const followUp = await store({ from: `Alice <${ALICE}>`, subject: 'Re: Reports tab is blank', inReplyTo: requestId, text: 'It happens for the APR as well.' });
    // No deciding again in place: the queue's retry is what decides again here.
    const d = deps({ tickets: gated(tickets, [request, followUp], true), decideAgainWaitsMs: [] });
    const first = await Promise.allSettled([processMail(d, request), processMail(d, followUp)]);
    // The request is filed; the follow-up, decided before the request had a ticket, decides again.
    expect(first[0]).toEqual({ status: 'fulfilled', value: 'created' });
    expect(first[1]).toMatchObject({ status: 'rejected', reason: { code: 'THREAD_CHANGED' } });
    expect(await processMail(d, followUp)).toBe('appended');
    expect(await ticketOf(followUp)).toBe(await ticketOf(request));
    expect((await q("select count(*)::int as n from tickets where original_subject = 'Reports tab is blank'"))[0]!.n).toBe(1);
  });

  it('decides a conflicting follow-up again in place, without a failed attempt, when the request is filed meanwhile', async () => {
    const requestId = `${randomBytes(6).toString('hex')}@client.example.test`;
    const request = await store({ from: `Alice <${ALICE}>`, subject: 'Intake form freezes', messageId: requestId, text: 'The intake form for client DDDD444444 freezes when I press Next.' });
    const followUp = await store({ from: `Alice <${ALICE}>`, subject: 'Re: Intake form freezes', inReplyTo: requestId, text: 'It froze again just now.' });
    const applies: number[] = [];
    const counting = gated(tickets, [followUp, request]);
    const watched = new Proxy(counting, { get: (t, p) => (p === 'apply' ? ((...a: Parameters<TicketStore['apply']>) => { applies.push(a[1]!); return t.apply(...a); }) : (Reflect.get(t, p, t) as unknown)) });
    const d = deps({ tickets: watched, decideAgainWaitsMs: [20, 20, 20] });
    const done = await Promise.allSettled([processMail(d, request), processMail(d, followUp)]);
    expect(done).toEqual([{ status: 'fulfilled', value: 'created' }, { status: 'fulfilled', value: 'appended' }]);
    // The follow-up met the conflict (decided before its request was filed) and decided again.
    expect(applies.filter((id) => id === followUp).length).toBeGreaterThanOrEqual(2);
    expect(await ticketOf(followUp)).toBe(await ticketOf(request));
    expect((await q<{ attempts: number }>('select attempts from inbound_messages where id = $1', [followUp]))[0]!.attempts).toBe(1);
  });

  it('makes the follow-up wait when it reaches the database before the request it answers', async () => {
    const requestId = `${randomBytes(6).toString('hex')}@client.example.test`;
    const request = await store({ from: `Alice <${ALICE}>`, subject: 'Exit date will not save', messageId: requestId, text: 'The exit date for client BBBB222222 does not save when I click Save.' });
    const followUp = await store({ from: `Alice <${ALICE}>`, subject: 'Re: Exit date will not save', inReplyTo: requestId, text: 'Same for client CCCC333333.' });
    const d = deps({ tickets: gated(tickets, [followUp, request]), decideAgainWaitsMs: [] });
    const first = await Promise.allSettled([processMail(d, request), processMail(d, followUp)]);
    expect(first[0]).toEqual({ status: 'fulfilled', value: 'created' });
    expect(first[1]).toMatchObject({ status: 'rejected', reason: { code: 'THREAD_CHANGED' } });
    expect(await processMail(d, followUp)).toBe('appended');
    expect((await q("select count(*)::int as n from tickets where original_subject in ('Exit date will not save', 'Re: Exit date will not save')"))[0]!.n).toBe(1);
  });

  it('opens one follow-up for two late replies to a closed ticket processed at the same moment; the other is a note on it', async () => {
    const ticketId = await newTicket('Household page shows old address');
    await q("update tickets set status = 'closed', resolution = 'verified', closed_at = now() - interval '20 days' where id = $1", [ticketId]);
    const first = await replyAs(ALICE, ticketId, 'The old address is back for client AAAA111111.');
    const second = await replyAs(ALICE, ticketId, 'And for client BBBB222222 too.');
    // Both decide while no follow-up exists; the queue's retry decides the second again.
    const d = deps({ tickets: gated(tickets, [first, second]), decideAgainWaitsMs: [] });
    const done = await Promise.allSettled([processMail(d, first), processMail(d, second)]);
    expect(done[0]).toEqual({ status: 'fulfilled', value: 'created' });
    expect(done[1]).toMatchObject({ status: 'rejected', reason: { code: 'TICKET_CHANGED' } });
    expect(await processMail(d, second)).toBe('appended');
    const followUps = await q<{ id: number }>('select id from tickets where previous_ticket_id = $1', [ticketId]);
    expect(followUps).toHaveLength(1);
    expect(await ticketOf(first)).toBe(followUps[0]!.id);
    expect(await ticketOf(second)).toBe(followUps[0]!.id);
    // Handled once: processed again, it changes nothing.
    expect(await processMail(d, second)).toBe('already-handled:appended');
  });

  it('decides an admin\'s #assign again when the submitter\'s #close landed first, so the ticket stays closed', async () => {
    const ticketId = await newTicket('Caseload page denies access');
    const close = await replyAs(ALICE, ticketId, '#close\nIt works again, thanks.');
    const assign = await replyAs(SUMMER, ticketId, '#assign me');
    const d = deps({ tickets: gated(tickets, [close, assign]), decideAgainWaitsMs: [] });
    const first = await Promise.allSettled([processMail(d, close), processMail(d, assign)]);
    expect(first[0]).toMatchObject({ status: 'fulfilled' });
    expect(first[1]).toMatchObject({ status: 'rejected', reason: { code: 'TICKET_CHANGED' } });
    await processMail(d, assign);
    // As if serial: closed by alice, and summer told that a closed ticket cannot be assigned.
    const [t] = await q<{ status: string; resolution: string | null; assignee_id: number | null; closed_at: Date | null }>(
      'select status, resolution, assignee_id, closed_at from tickets where id = $1', [ticketId]);
    expect(t).toMatchObject({ status: 'closed', resolution: 'closed', assignee_id: null });
    expect(t!.closed_at).not.toBeNull();
    const events = (await q<{ event: string }>('select event from outbox where ticket_id = $1 order by id', [ticketId])).map((e) => e.event);
    expect(events).toContain('closed');
    expect(events).not.toContain('assigned');
    expect(events).toContain('command_refused');
  });

  it('keeps a ticket reopened by #notfixed that a lifecycle sweep had read as due for closing', async () => {
    const ticketId = await newTicket('Services page will not save');
    expect(await processMail(deps(), await replyAs(SUMMER, ticketId, '#assign me\n#fixed\nThe services page saves again.'))).toBe('appended');
    expect((await q<{ status: string }>('select status from tickets where id = $1', [ticketId]))[0]!.status).toBe('fixed_verify_needed');
    // The reply arrives and is filed between the sweep's read and its write.
    const racing = new Proxy(tickets, {
      get: (t, p) => (p !== 'apply' ? (Reflect.get(t, p, t) as unknown) : async (...args: Parameters<TicketStore['apply']>) => {
        const change = args[0];
        if (change.kind === 'update' && change.ticketId === ticketId) {
          expect(await processMail(deps(), await replyAs(ALICE, ticketId, '#notfixed\nIt still does not save for client DDDD444444.'))).toBe('appended');
        }
        return t.apply(...args);
      }),
    });
    const later = new Date(Date.now() + 30 * DAY);
    await runScheduledTask({ ...h.service.scheduleDeps, tickets: racing }, 'lifecycle-sweep', later);
    const [t] = await q<{ status: string; resolution: string | null }>('select status, resolution from tickets where id = $1', [ticketId]);
    expect(t).toEqual({ status: 'assigned', resolution: null });
    const events = (await q<{ event: string }>('select event from outbox where ticket_id = $1 order by id', [ticketId])).map((e) => e.event);
    expect(events).toContain('not_fixed');
    expect(events).not.toContain('auto_closed');
  });

  it('lets mail received before a lifecycle sweep be read first, and acts next time when it is still unread', async () => {
    const ticketId = await newTicket('Exit page will not save');
    expect(await processMail(deps(), await replyAs(SUMMER, ticketId, '#assign me\n#fixed\nThe exit page saves again.'))).toBe('appended');
    const later = new Date(Date.now() + 30 * DAY);
    const eventsOf = async () => (await q<{ event: string }>('select event from outbox where ticket_id = $1 order by id', [ticketId])).map((e) => e.event);
    // Alice's "#verified" waits in a backlog as the sweep begins: it is read before the sweep acts.
    const verified = await replyAs(ALICE, ticketId, '#verified\nWorks now, thank you!');
    setTimeout(() => { processMail(deps(), verified).catch(() => {}); }, 300);
    await runScheduledTask(h.service.scheduleDeps, 'lifecycle-sweep', later, { unreadWaitMs: 10_000 });
    expect((await q<{ status: string; resolution: string | null }>('select status, resolution from tickets where id = $1', [ticketId]))[0])
      .toEqual({ status: 'closed', resolution: 'verified' });
    expect(await eventsOf()).not.toContain('auto_closed');
    // A second ticket, fixed, whose answer is still unread when the wait ends: the sweep leaves it for next time.
    const other = await newTicket('Entry page will not save');
    expect(await processMail(deps(), await replyAs(SUMMER, other, '#assign me\n#fixed\nThe entry page saves again.'))).toBe('appended');
    const answer = await replyAs(ALICE, other, '#notfixed\nIt still does not save for client EEEE555555.');
    expect(await runScheduledTask(h.service.scheduleDeps, 'lifecycle-sweep', later, { unreadWaitMs: 200 })).toMatch(/^deferred: \d+ messages not read yet$/);
    expect((await q<{ status: string }>('select status from tickets where id = $1', [other]))[0]!.status).toBe('fixed_verify_needed');
    expect(await processMail(deps(), answer)).toBe('appended');
    expect((await q<{ status: string }>('select status from tickets where id = $1', [other]))[0]!.status).toBe('assigned');
    // Nothing unread: the sweep acts (a third ticket, fixed and left alone, is closed): the test can fail.
    const third = await newTicket('Income page will not save');
    expect(await processMail(deps(), await replyAs(SUMMER, third, '#assign me\n#fixed\nThe income page saves again.'))).toBe('appended');
    await runScheduledTask(h.service.scheduleDeps, 'lifecycle-sweep', later, { unreadWaitMs: 200 });
    expect((await q<{ status: string; resolution: string | null }>('select status, resolution from tickets where id = $1', [third]))[0])
      .toEqual({ status: 'closed', resolution: 'closed' });
  });

  it('does not wait in a lifecycle sweep for a message stuck unprocessed for over an hour', async () => {
    const stuck = await store({ from: `Alice <${ALICE}>`, subject: 'Stuck for hours', text: 'The Programs tab is blank for client GGGG777777.' });
    await q("update inbound_messages set received_at = now() - interval '2 hours' where id = $1", [stuck]);
    expect(await runScheduledTask(h.service.scheduleDeps, 'lifecycle-sweep', new Date(Date.now() + 30 * DAY), { unreadWaitMs: 200 })).not.toMatch(/^deferred/);
    // Stored a moment ago, the same message is waited for: the test can fail.
    await q('update inbound_messages set received_at = now() where id = $1', [stuck]);
    expect(await runScheduledTask(h.service.scheduleDeps, 'lifecycle-sweep', new Date(Date.now() + 30 * DAY), { unreadWaitMs: 200 })).toMatch(/^deferred/);
    expect(await processMail(deps(), stuck)).toBe('created');
  });

  it('goes on with the rest of a lifecycle sweep when one ticket cannot be changed', async () => {
    const fixed = async (subject: string) => {
      const id = await newTicket(subject);
      expect(await processMail(deps(), await replyAs(SUMMER, id, '#assign me\n#fixed\nIt saves again.'))).toBe('appended');
      return id;
    };
    const [broken, fine] = [await fixed('Housing page will not save'), await fixed('Health page will not save')];
    const failing = new Proxy(tickets, {
      get: (t, p) => (p !== 'apply' ? (Reflect.get(t, p, t) as unknown) : async (...args: Parameters<TicketStore['apply']>) => {
        const change = args[0];
        if (change.kind === 'update' && change.ticketId === broken) throw new Error('a constraint this ticket breaks');
        return t.apply(...args);
      }),
    });
    const said = await runScheduledTask({ ...h.service.scheduleDeps, tickets: failing }, 'lifecycle-sweep', new Date(Date.now() + 30 * DAY), { unreadWaitMs: 200 });
    expect(said).toMatch(/, 1 failed$/);
    const statusOf = async (id: number) => (await q<{ status: string }>('select status from tickets where id = $1', [id]))[0]!.status;
    expect(await statusOf(broken)).toBe('fixed_verify_needed');
    expect(await statusOf(fine)).toBe('closed');
  });

  it('relays every outbox event in one relay call, including events that mail nobody and one whose ticket is gone', async () => {
    const ticketId = await newTicket('Intake form is slow');
    await h.service.relay();
    const sql = h.service.database.sql;
    // 150 events that mail nobody (no actor, no addressee), then one whose ticket no longer exists, then a real one.
    await sql`insert into outbox (ticket_id, event, payload) select ${ticketId}, 'command_refused', '{}'::jsonb from generate_series(1, 150)`;
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`; // lets the row point at a ticket that is not there
      await tx`insert into outbox (ticket_id, event, payload) values (999999, 'new_note', '{}'::jsonb)`;
    });
    const [real] = await sql<{ id: number }[]>`insert into outbox (ticket_id, event, payload) values (${ticketId}, 'bounce_notice', ${JSON.stringify({ to: ALICE })}::jsonb) returning id`;
    await h.service.relay();
    expect((await q('select id from outbox where relayed_at is null'))).toEqual([]);
    expect(await q('select recipient from outbound_messages where outbox_id = $1', [real!.id])).toEqual([{ recipient: ALICE }]);
  });

  it('files a mail without a Message-ID once when it is seen again after a UIDVALIDITY resync', async () => {
    const mail: RawMail = { from: `Alice <${ALICE}>`, subject: 'No message id here', messageId: null, text: 'The Programs tab shows an error for client EEEE555555 since Friday.', date: new Date('2025-01-13T15:00:00Z') };
    const [a, b] = [await store(mail, 10), await store(mail, 11)];
    const outcomes = await Promise.all([processMail(deps(), a), processMail(deps(), b)]);
    expect(outcomes.sort()).toEqual(['created', 'ignored:duplicate-message-id']);
    // And once more later, through the pipeline's own duplicate check.
    expect(await processMail(deps(), await store(mail, 12))).toBe('ignored:duplicate-message-id');
    expect((await q("select count(*)::int as n from tickets where original_subject = 'No message id here'"))[0]!.n).toBe(1);
  });

  it('files two different mails under one Message-ID twice, and one mail delivered twice once, when each pair is processed at the same moment', async () => {
    const reused = `${randomBytes(6).toString('hex')}@client.example.test`;
    const date = new Date('2025-01-14T15:00:00Z');
    const first = await store({ from: `Alice <${ALICE}>`, subject: 'Reused id: enrollment', messageId: reused, date, text: 'The enrollment for client FFFF666666 will not save.' });
    const other = await store({ from: `Alice <${ALICE}>`, subject: 'Reused id: new user', messageId: reused, date, text: 'Please add Marcus Lee to Valley Shelter; he starts Monday.' });
    // Both decided before either is applied: only the store's own look, under the lock, tells them apart.
    const pair = gated(tickets, [first, other], true);
    const different = await Promise.all([first, other].map((id) => processMail(deps({ tickets: pair }), id)));
    expect(different).toEqual(['created', 'created']);
    expect(await ticketOf(first)).not.toBe(await ticketOf(other));

    const mail = raw({ from: `Alice <${ALICE}>`, subject: 'Delivered twice at once', messageId: `${randomBytes(6).toString('hex')}@client.example.test`, date, text: 'The Programs tab shows an error for client GGGG777777.' }, h.helpdesk);
    const delivered = async (hop: string) => (await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw: Buffer.concat([Buffer.from(`Received: from ${hop} by mx.example.test; ${date.toUTCString()}\r\n`), mail]) })).id;
    const copies = [await delivered('relay-a.example.test'), await delivered('relay-b.example.test')];
    const gate = gated(tickets, copies, true);
    const same = await Promise.all(copies.map((id) => processMail(deps({ tickets: gate }), id)));
    expect(same.sort()).toEqual(['created', 'ignored:duplicate-message-id']);
    expect((await q("select count(*)::int as n from tickets where original_subject = 'Delivered twice at once'"))[0]!.n).toBe(1);
  });

  it('never marks a status mail failed when the database fails after SMTP accepted it, nor sends it again', async () => {
    const ticketId = await newTicket('Status mail outlives the database');
    const db = h.service.database.db;
    const outbound = new OutboundStore(db, 'deskmail.example.test', h.stack.config.TICKET_PREFIX);
    // Rows made here are not queued, so the service's own send worker leaves them alone.
    const { ids } = await outbound.relay((input) => (input.ticket?.id === ticketId && input.event === 'submitted' ? [{ to: ALICE, role: 'submitter', template: 'submitted' }] : []));
    expect(ids).toHaveLength(1);
    const down = openDatabase('postgres://postgres@127.0.0.1:1/nowhere', { max: 1 });
    try {
      const sent: string[] = [];
      const failingMark = new Proxy(outbound, {
        get: (t, p) => (p === 'markSent'
          // The driver's own error, as a store without translation would let it out.
          ? async () => { await down.db.update(outboundMessages).set({ status: 'sent' }).where(eq(outboundMessages.id, ids[0]!)); }
          : (Reflect.get(t, p, t) as unknown)),
      });
      const sendDeps = {
        outbound: failingMark, sender: { send: async (m: { to: string }) => { sent.push(m.to); } } as unknown as SmtpSender,
        accepted: acceptedMail(), naming: namingOf(pipelineSettings(h.stack.config, [])), templates: await loadMailTemplates(),
        helpdeskAddress: h.helpdesk, secretKey: h.stack.config.SECRET_KEY, publicUrl: h.stack.config.PUBLIC_URL, log: pino({ level: 'silent' }),
      };
      const err = await sendMail(sendDeps, ids[0]!).catch((e: unknown) => e);
      expect(sent).toEqual([ALICE]);
      expect(err).toMatchObject({ name: 'RetryableError', code: 'DB_UNAVAILABLE' });
      expect(await q('select status from outbound_messages where id = $1', [ids[0]])).toEqual([{ status: 'pending' }]);
      // Its retry, with the database back, only marks the row: the mail is not sent again.
      expect(await sendMail({ ...sendDeps, outbound }, ids[0]!)).toBe('sent');
      expect(sent).toEqual([ALICE]);
      expect(await q('select status from outbound_messages where id = $1', [ids[0]])).toEqual([{ status: 'sent' }]);
      // The store itself retries the idempotent update before it gives up, with the same verdict.
      const unreachable = new OutboundStore(down.db, 'deskmail.example.test', h.stack.config.TICKET_PREFIX);
      await expect(unreachable.markSent(ids[0]!, 'subject', { retryDelaysMs: [10, 10] })).rejects.toMatchObject({ name: 'RetryableError', code: 'DB_UNAVAILABLE' });
    } finally {
      await down.close();
    }
  });

  it('sends a status mail once when two runs of its job overlap, and a failed send gives it back for its retry', async () => {
    const ticketId = await newTicket('Status mail sent by two runs at once');
    const outbound = new OutboundStore(h.service.database.db, 'deskmail.example.test', h.stack.config.TICKET_PREFIX);
    // Rows made here are not queued, so the service's own send worker leaves them alone.
    const { ids } = await outbound.relay((input) => (input.ticket?.id === ticketId && input.event === 'submitted' ? [{ to: ALICE, role: 'submitter', template: 'submitted' }] : []));
    expect(ids).toHaveLength(1);
    const sent: string[] = [];
    let failNext = true;
    const slowSender = {
      send: async (m: { to: string }) => {
        await new Promise((r) => setTimeout(r, 300)); // an SMTP server taking its time
        if (failNext) { failNext = false; throw new RetryableError('SMTP_CONNECT', 'connection refused'); }
        sent.push(m.to);
      },
    } as unknown as SmtpSender;
    const sendDeps = {
      outbound, sender: slowSender, accepted: acceptedMail(), naming: namingOf(pipelineSettings(h.stack.config, [])), templates: await loadMailTemplates(),
      helpdeskAddress: h.helpdesk, secretKey: h.stack.config.SECRET_KEY, publicUrl: h.stack.config.PUBLIC_URL, log: pino({ level: 'silent' }),
    };
    // The first try fails as a passing SMTP outage while a second run overlaps it: that run leaves the mail alone.
    const both = await Promise.allSettled([sendMail(sendDeps, ids[0]!), sendMail(sendDeps, ids[0]!)]);
    // Whichever claimed the row tried SMTP and failed; the other left the mail alone.
    expect(both.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['SMTP_CONNECT']);
    expect(both.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<string>).value)).toEqual(['claimed-elsewhere']);
    // The failed try gave the row back: its retry sends at once, and a run beside it still waits.
    const retries = await Promise.all([sendMail(sendDeps, ids[0]!), sendMail(sendDeps, ids[0]!)]);
    expect(retries.sort()).toEqual(['claimed-elsewhere', 'sent']);
    expect(sent).toEqual([ALICE]);
    expect(await sendMail(sendDeps, ids[0]!)).toBe('sent');
    expect(sent).toEqual([ALICE]);
  });

  it('gives a status mail back when a check before sending fails, so its retry sends it at once', async () => {
    const ticketId = await newTicket('Status mail whose hourly count fails');
    const outbound = new OutboundStore(h.service.database.db, 'deskmail.example.test', h.stack.config.TICKET_PREFIX);
    const { ids } = await outbound.relay((input) => (input.ticket?.id === ticketId && input.event === 'submitted' ? [{ to: ALICE, role: 'submitter', template: 'submitted' }] : []));
    const sent: string[] = [];
    const sendDeps = {
      outbound, sender: { send: async (m: { to: string }) => { sent.push(m.to); } } as unknown as SmtpSender,
      accepted: acceptedMail(), naming: namingOf(pipelineSettings(h.stack.config, [])), templates: await loadMailTemplates(),
      helpdeskAddress: h.helpdesk, secretKey: h.stack.config.SECRET_KEY, publicUrl: h.stack.config.PUBLIC_URL, log: pino({ level: 'silent' }),
    };
    const redisAway = { counters: { takeOutbound: async () => { throw new Error('Connection is closed.'); } } as unknown as MailCounters, perHour: 100 };
    await expect(sendMail({ ...sendDeps, outboundCap: redisAway }, ids[0]!)).rejects.toThrow('Connection is closed');
    expect(await sendMail(sendDeps, ids[0]!)).toBe('sent');
    expect(sent).toEqual([ALICE]);
  });

  it('retries a message when the database cannot be reached, instead of quarantining it', async () => {
    const id = await store({ from: `Alice <${ALICE}>`, subject: 'Database went away', text: 'The Reports tab is blank for client FFFF666666.' });
    const down = openDatabase('postgres://postgres@127.0.0.1:1/nowhere', { max: 1 });
    try {
      const err = await processMail(deps({ tickets: new TicketStore(down.db, h.stack.config.TICKET_PREFIX) }), id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RetryableError);
      expect(err).toMatchObject({ code: 'DB_UNAVAILABLE' });
    } finally {
      await down.close();
    }
    expect(await q('select status, attempts from inbound_messages where id = $1', [id])).toEqual([{ status: 'pending', attempts: 1 }]);
    expect(await processMail(deps(), id)).toBe('created');
  });
});
