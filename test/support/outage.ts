// For the outage tests: the service's log lines captured as they are written, requests put
// straight into the help-desk mailbox (IMAP APPEND, so they arrive while SMTP is away), and the
// check that every request got exactly one ticket and exactly one "has been submitted" mail.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { startOperationsServer, type OperationsServer } from '../../src/operations/ops-server.ts';
import type { Harness } from './harness.ts';

export interface CapturedLog {
  log: Logger;
  /** Every line so far, parsed. */
  lines(): { level: number; msg: string; [key: string]: unknown }[];
  /** How many lines say exactly this (or match it). */
  count(msg: string | RegExp): number;
}

/** A pino logger at info level whose lines stay in memory (and go nowhere else). */
export function captureLog(): CapturedLog {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level: 'info' }, stream);
  const lines = () => raw.map((l) => JSON.parse(l) as { level: number; msg: string });
  return {
    log, lines,
    count: (msg) => lines().filter((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg))).length,
  };
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Request { subject: string; messageId: string }

/** A plain request from `from`, with `padding` bytes of extra text so a fetch takes a while. */
export function requestMail(from: string, to: string, subject: string, padding = 0): { raw: Buffer; messageId: string } {
  const messageId = `${randomBytes(8).toString('hex')}@client.example.test`;
  const filler = padding > 0 ? `\r\n\r\n${'The log says the same thing again and again on every line. '.repeat(Math.ceil(padding / 60)).replace(/(.{70})/g, '$1\r\n')}` : '';
  const raw = Buffer.from([
    `From: Alice <${from}>`, `To: ${to}`, `Subject: ${subject}`, `Message-ID: <${messageId}>`,
    `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    `The Programs tab shows a blank page for client AAAA111111 since this morning.${filler}`, '',
  ].join('\r\n'));
  return { raw, messageId };
}

/** Puts requests straight into the help desk's INBOX, as an MTA would deliver them. */
export async function appendRequests(h: Harness, from: string, subjects: string[], options: { padding?: number; port?: number } = {}): Promise<Request[]> {
  const client = new ImapFlow({ host: '127.0.0.1', port: options.port ?? h.stack.mail.imapPort, secure: false, doSTARTTLS: false, auth: { user: h.helpdesk, pass: h.stack.password }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
  await client.connect();
  const out: Request[] = [];
  try {
    for (const subject of subjects) {
      const { raw, messageId } = requestMail(from, h.helpdesk, subject, options.padding);
      await client.append('INBOX', raw);
      out.push({ subject, messageId });
    }
  } finally {
    await client.logout().catch(() => {});
  }
  return out;
}

/** Tickets made from these requests so far. */
export async function ticketsFor(h: Harness, requests: Request[]): Promise<number> {
  const [row] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from tickets where original_subject in ${h.service.database.sql(requests.map((r) => r.subject))}`;
  return row!.n;
}

/**
 * Waits until every request has its ticket and its "has been submitted" mail in `user`'s
 * mailbox, then checks that each has exactly one of both (and no mail was delivered twice).
 */
export async function expectEachHandledOnce(h: Harness, user: string, requests: Request[], timeoutMs = 60_000): Promise<void> {
  const submittedFor = async () => {
    const mail = (await h.mailbox(user)).filter((m) => /has been submitted/.test(m.subject));
    return requests.map((r) => mail.filter((m) => m.inReplyTo.includes(r.messageId)).length);
  };
  await waitFor('a submitted mail for every request', async () => (await submittedFor()).every((n) => n >= 1), timeoutMs);
  await h.settle(timeoutMs);
  // Late doubles would show up by now: the queues are empty and the relay delivered.
  await new Promise((r) => setTimeout(r, 500));
  expect(await submittedFor()).toEqual(requests.map(() => 1));
  const sql = h.service.database.sql;
  const rows = await sql<{ subject: string; n: number }[]>`select original_subject as subject, count(*)::int as n from tickets
    where original_subject in ${sql(requests.map((r) => r.subject))} group by original_subject order by original_subject`;
  expect(rows).toEqual([...requests].map((r) => ({ subject: r.subject, n: 1 })).sort((a, b) => a.subject.localeCompare(b.subject)));
}

export interface Healthz {
  ops: OperationsServer;
  /** GET /healthz: its status and the reasons it gives. */
  get(): Promise<{ status: number; body: { reasons: string[] } }>;
}

/** The worker's /healthz on a free port, with a fetch-age limit long enough not to speak first. */
export async function startHealthz(h: Harness, log: Logger, maxFetchAgeMs: number): Promise<Healthz> {
  const ops = await startOperationsServer({
    service: h.service, redisUrl: h.stack.config.REDIS_URL, databaseUrl: h.stack.config.DATABASE_URL, prefix: h.stack.config.QUEUE_PREFIX, mailbox: h.stack.config.IMAP_MAILBOX,
    pollMs: h.stack.config.IMAP_POLL_SECONDS * 1000, port: 0, host: '127.0.0.1', log, maxFetchAgeMs,
  });
  return {
    ops,
    async get() {
      const res = await fetch(`http://127.0.0.1:${ops.port}/healthz`);
      return { status: res.status, body: (await res.json()) as { reasons: string[] } };
    },
  };
}

/** The mail server drops a user's IMAP sessions, as a restart or an idle timeout would (`doveadm kick`). */
export async function kickSessions(h: Harness, user: string): Promise<void> {
  await promisify(execFile)('doveadm', ['-c', `${h.stack.mail.dir}/dovecot.conf`, 'kick', user]);
}
