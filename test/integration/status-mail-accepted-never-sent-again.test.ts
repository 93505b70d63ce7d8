// A status mail SMTP accepted is never sent again, whatever happens before its row is marked sent:
// the database gone from the moment SMTP said 250 until long after the send's own retries gave up
// (a private PostgreSQL cluster of this test's own, stopped by the SMTP receiver before it answers),
// and the worker killed right after SMTP accepted (its acceptance recorded, its row still pending
// and held), whether its job comes back or the recover task finds the row.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/devmail/dovecot.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../src/adapters/db/outbound-store.ts';
import { AcceptedMail } from '../../src/adapters/queue/accepted-mail.ts';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';
import { SEND_CLAIM_MS } from '../../src/workers/send-mail.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { captureLog, waitFor } from '../support/outage.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-servers.ts';

const ALICE = 'alice@example.test';

interface Receiver {
  url: string;
  /** Every message accepted so far, raw. */
  received: Buffer[];
  /** Copies of the mail with this Message-ID (brackets stripped) accepted so far. */
  copiesOf(messageId: string): number;
  /** Runs `action` once, after the next message is read and before it is answered with 250. */
  beforeNextAccept(action: () => Promise<void>): void;
  stop(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it accepts. */
async function startReceiver(): Promise<Receiver> {
  const port = await freePort();
  const received: Buffer[] = [];
  let hook: (() => Promise<void>) | null = null;
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 500,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        const action = hook;
        hook = null;
        (action ? action() : Promise.resolve()).then(() => callback(), () => callback());
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${port}`, received,
    copiesOf: (messageId) => received.filter((raw) => raw.toString('latin1').includes(`<${messageId}>`)).length,
    beforeNextAccept(action) { hook = action; },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a status mail SMTP accepted is never sent again', () => {
  const captured = captureLog();
  let pg: PrivatePostgres;
  let smtp: Receiver;
  let h: Harness;
  let uid = 500;
  const sql = () => h.service.database.sql;

  /** A new ticket from Alice, made as process-mail makes it; its events are left for a relay. */
  const newTicket = async (subject: string): Promise<number> => {
    const inbound = new InboundStore(h.service.database.db);
    const raw = Buffer.from([
      `From: Alice <${ALICE}>`, `To: ${h.helpdesk}`, `Subject: ${subject}`, `Message-ID: <${randomBytes(6).toString('hex')}@client.example.test>`,
      `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
      'When I open the Enrollment page for client AAAA111111 and click Save, nothing is saved. It started on Monday.', '',
    ].join('\r\n'));
    const { id } = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw });
    expect(await processMail({
      db: h.service.database.db, inbound, tickets: new TicketStore(h.service.database.db, h.stack.config.TICKET_PREFIX),
      settings: pipelineSettings(h.stack.config, []), assessIntake: null, maxAttachmentBytes: 1 << 20, log: pino({ level: 'silent' }), afterChange: async () => {},
    }, id)).toBe('created');
    return (await sql()<{ ticket_id: number }[]>`select ticket_id from inbound_messages where id = ${id}`)[0]!.ticket_id;
  };
  interface Row { id: number; status: string; message_id: string }
  const rowsOf = async (ticketId: number): Promise<Row[]> => [...await sql()<Row[]>`select id, status, message_id from outbound_messages where ticket_id = ${ticketId} order by id`];
  /**
   * What a worker killed right after SMTP's 250 leaves behind: Alice's "submitted" row of a new
   * ticket still pending (made here, not queued, so no send job knows of it), SMTP's acceptance
   * recorded, and the row held for that run's send when `held`.
   */
  const acceptedBeforeCrash = async (subject: string, held: boolean) => {
    const ticketId = await newTicket(subject);
    const outbound = new OutboundStore(h.service.database.db, 'deskmail.example.test', h.stack.config.TICKET_PREFIX);
    const { ids } = await outbound.relay((input) => (input.ticket?.id === ticketId && input.event === 'submitted' ? [{ to: ALICE, role: 'submitter', template: 'submitted' }] : []));
    expect(ids).toHaveLength(1);
    const id = ids[0]!;
    if (held) expect(await outbound.claim(id, SEND_CLAIM_MS)).toBe(true);
    const acceptance = { at: new Date(Date.now() - 60_000), subject: `Accepted before the crash: ${subject}` };
    const [row] = await sql()<{ message_id: string }[]>`select message_id from outbound_messages where id = ${id}`;
    const messageId = row!.message_id;
    await new AcceptedMail(h.service.queues.connection, h.stack.config.QUEUE_PREFIX).record({ id, messageId }, acceptance);
    return { id, ticketId, acceptance };
  };
  const rowOnceDone = async (id: number) => {
    let row: { status: string; subject: string | null; sent_at: string | null } | undefined;
    await waitFor('the row done', async () => {
      [row] = await sql()<{ status: string; subject: string | null; sent_at: string | null }[]>`select status, subject, sent_at from outbound_messages where id = ${id}`;
      return row?.status !== 'pending';
    }, 30_000);
    return { ...row!, sent_at: row!.sent_at === null ? null : new Date(row!.sent_at) };
  };
  /** The most attempts any send job has made so far. */
  const sendAttempts = async () => Math.max(0, ...(await h.service.queues.sendMail.getJobs(['active', 'wait', 'delayed', 'prioritized', 'failed', 'completed'])).map((j) => j.attemptsMade));

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    smtp = await startReceiver();
    h = await startHarness({ users: [ALICE], log: captured.log, postgresUrl: pg.url, env: { SMTP_URL: smtp.url }, service: { fetch: false } });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await smtp?.stop();
    await pg?.destroy();
  });

  it('sends it once when the database is away from SMTP\'s 250 until its job has failed, and marks it sent once it is back', async () => {
    const ticketId = await newTicket('Saved nothing while the database went away');
    // The database goes at the worst moment: SMTP has the mail, the row is not marked sent yet.
    let stopped = false;
    smtp.beforeNextAccept(async () => { await pg.stop(); stopped = true; });
    await h.service.relay();
    await waitFor('the database stopped as SMTP accepted the mail', () => stopped, 30_000);
    // markSent retries for about 16 s before the job gives up; the job is then retried.
    await waitFor('the send job failed', async () => (await sendAttempts()) >= 1, 60_000);
    await pg.start();

    // A retry that sent the mail again would do so once the first run's hold lapsed (3 minutes): wait past that.
    let rows: Row[] = [];
    await waitFor('the row marked sent', async () => {
      rows = await rowsOf(ticketId).catch(() => []);
      return rows.length > 0 && rows.every((r) => r.status !== 'pending');
    }, 240_000);
    expect(rows.map((r) => r.status)).toEqual(['sent']);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.copiesOf(rows[0]!.message_id)).toBe(1);
    expect(await h.service.queues.sendMail.getFailedCount()).toBe(0);
    // The first run gave up on the row but kept it; its retry found SMTP's acceptance and only marked it.
    expect(captured.count('status mail accepted by SMTP but not marked sent; its retry marks it without sending it again')).toBe(1);
    expect(captured.count('status mail accepted by SMTP before; marked sent without sending it again')).toBe(1);
  }, 300_000);

  it('marks a mail SMTP accepted before the worker was killed sent, without sending it, when its job comes back within the hold', async () => {
    const { id, acceptance } = await acceptedBeforeCrash('Killed after the 250, job back at once', true);
    const received = smtp.received.length;
    // The stalled job, taken up again by another worker while the killed run's hold still stands.
    await h.service.scheduleDeps.enqueueOutbound(id);
    expect(await rowOnceDone(id)).toEqual({ status: 'sent', subject: acceptance.subject, sent_at: acceptance.at });
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.length).toBe(received);
  });

  it('marks a mail SMTP accepted before the worker was killed sent, without sending it, when the recover task finds its row', async () => {
    const { id, acceptance } = await acceptedBeforeCrash('Killed after the 250, job lost', false);
    const received = smtp.received.length;
    // The job was lost with the worker (or with Redis' queues): the recover task queues the pending row again.
    await runScheduledTask(h.service.scheduleDeps, 'recover', new Date(), { staleOutboundMs: 0 });
    expect(await rowOnceDone(id)).toEqual({ status: 'sent', subject: acceptance.subject, sent_at: acceptance.at });
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.length).toBe(received);
  });
});
