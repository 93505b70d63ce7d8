// Integration-test harness on real services: a fresh PostgreSQL database per test file, a Redis
// queue prefix per test file (obliterated after), a private Dovecot with one mailbox per user,
// and a real SMTP relay that delivers into it. Helpers send mail as a user, read a user's
// mailbox over IMAP, and reply to a status mail the way a mail client does.
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import postgres from 'postgres';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { ensureDatabaseExists, migrateDatabase, openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { loadTicketView, type TicketView } from '../../src/adapters/db/ticket-view.ts';
import { startLocalStack, type LocalStack } from '../../src/devmail/local-stack.ts';
import type { PrivateMailServerOptions } from '../../src/devmail/dovecot.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { startService, type Service, type StartOptions } from '../../src/main.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
import { useStarted } from './use-started.ts';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A database of its own, migrated; `schema: 'empty'` creates it and applies nothing, and
 * `schema: 'none'` only names it (for tests of the migration itself).
 */
export async function createTestDatabase(baseUrl = BASE_URL, options: { schema?: 'migrated' | 'empty' | 'none' } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `deskmail_test_${randomBytes(5).toString('hex')}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const schema = options.schema ?? 'migrated';
  if (schema === 'migrated') await migrateDatabase(url.toString());
  else if (schema === 'empty') await ensureDatabaseExists(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const admin = new URL(baseUrl);
      admin.pathname = '/postgres';
      const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    },
  };
}

export interface MailOptions {
  subject: string;
  text?: string;
  html?: string;
  to?: string;
  cc?: string[];
  headers?: Record<string, string>;
  inReplyTo?: string;
  references?: string[];
  /** With `cid`, the file is inline in a multipart/related part, as an image pasted into the mail is. */
  attachments?: { filename: string; content: Buffer | string; contentType?: string; cid?: string }[];
  messageId?: string;
  /** The Date header (default: now). */
  date?: Date;
}

export interface Harness {
  stack: LocalStack;
  service: Service;
  helpdesk: string;
  /** Sends mail as `from` through the SMTP relay (to the help desk unless `to` says otherwise). */
  send(from: string, mail: MailOptions): Promise<string>;
  /** Every message in the user's INBOX, parsed, oldest first. */
  mailbox(user: string): Promise<ParsedMessage[]>;
  /** Waits until the user's INBOX holds a message matching `match`; returns it. */
  waitForMail(user: string, match: (m: ParsedMessage) => boolean, timeoutMs?: number): Promise<ParsedMessage>;
  /** Replies to `original` as `from` would in a mail client: Re: subject, threading headers, quoted original below. */
  reply(from: string, original: ParsedMessage, text: string, options?: { cc?: string[]; keepHeaders?: boolean; subject?: string }): Promise<string>;
  ticket(ref: string, full?: boolean): Promise<TicketView | null>;
  /** Waits until nothing is left to do: no pending mail, no unrelayed event, no unsent status mail, then for IMAP delivery. */
  settle(timeoutMs?: number): Promise<void>;
  /** Waits until `check` passes against the ticket (or throws with the last failure). */
  waitForTicket(ref: string, check: (t: TicketView) => boolean, timeoutMs?: number): Promise<TicketView>;
  /** With `imapProxy: true`, the proxy between the service and the private Dovecot; else null. */
  imapProxy: TcpProxy | null;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  users: string[];
  env?: Record<string, string>;
  service?: StartOptions;
  mail?: PrivateMailServerOptions;
  /** Another PostgreSQL server (a private one a test stops and starts) for the test database. */
  postgresUrl?: string;
  /** Another Redis (a private one a test restarts). */
  redisUrl?: string;
  /** The service's logger (a test that reads the log lines gives its own). */
  log?: Logger;
  /**
   * The service reaches the private Dovecot through a TCP proxy the test can sever (`imapProxy`);
   * the harness's own IMAP sessions go to Dovecot directly. Closed last when the harness stops.
   */
  imapProxy?: boolean;
}

export async function startHarness(options: HarnessOptions = { users: [] }): Promise<Harness> {
  const db = await createTestDatabase(options.postgresUrl);
  const prefix = `t${randomBytes(4).toString('hex')}`;
  // Test clients answer a status mail within a second where a person takes minutes, so the loop
  // brake's timing sign is off unless a test turns it on (test/integration/loop-limits.test.ts does).
  const stack = await startLocalStack({ databaseUrl: db.url, redisUrl: options.redisUrl, queuePrefix: prefix, users: options.users, mail: options.mail, env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', LOOP_QUICK_REPLY_SECONDS: '0', ...options.env } });
  const log = options.log ?? pino({ level: stack.config.LOG_LEVEL });
  logs.set(stack, log);
  let service = await startService(stack.config, log, { schedule: false, ...options.service });
  // Only the fetcher connects by IMAP_PORT, and it starts with the service: a fetcher started now
  // (or by restartService) goes through the proxy.
  const imapProxy = options.imapProxy ? await startTcpProxy(stack.mail.imapPort) : null;
  if (imapProxy) stack.config = { ...stack.config, IMAP_PORT: imapProxy.port };
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.relay.port, secure: false, ignoreTLS: true, pool: true } as Parameters<typeof nodemailer.createTransport>[0]);
  const helpdesk = stack.config.HELPDESK_ADDRESS;
  const clients = new Map<string, ImapFlow>();

  const imap = async (user: string): Promise<ImapFlow> => {
    let client = clients.get(user);
    if (!client || !client.usable) {
      client = new ImapFlow({ host: '127.0.0.1', port: stack.mail.imapPort, secure: false, doSTARTTLS: false, auth: { user, pass: stack.password }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
      await client.connect();
      clients.set(user, client);
    }
    return client;
  };

  const harness: Harness = {
    stack,
    get service() { return service; },
    set service(s: Service) { service = s; },
    helpdesk,
    imapProxy,
    async send(from, mail) {
      const messageId = mail.messageId ?? `<${randomBytes(8).toString('hex')}@client.example.test>`;
      await smtp.sendMail({
        from, to: mail.to ?? helpdesk, cc: mail.cc, subject: mail.subject, text: mail.text, html: mail.html,
        headers: mail.headers, inReplyTo: mail.inReplyTo, references: mail.references, attachments: mail.attachments, messageId, date: mail.date,
      });
      return messageId.replace(/[<>]/g, '');
    },
    async mailbox(user) {
      const client = await imap(user);
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.noop();
        const out: ParsedMessage[] = [];
        const box = client.mailbox;
        if (!box || typeof box === 'boolean' || box.exists === 0) return out;
        for await (const m of client.fetch('1:*', { source: true })) if (m.source) out.push(await parseMessage(m.source));
        return out;
      } finally {
        lock.release();
      }
    },
    async waitForMail(user, match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await harness.mailbox(user)).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching mail for ${user} within ${timeoutMs} ms; has: ${(await harness.mailbox(user)).map((m) => m.subject).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    async reply(from, original, text, opts = {}) {
      const quoted = (original.text || '').split('\n').map((l) => `> ${l}`).join('\n');
      const when = (original.date ?? new Date()).toUTCString();
      const body = `${text}\n\nOn ${when}, ${original.from?.name || 'Help Desk'} <${original.from?.address}> wrote:\n${quoted}\n`;
      const replyTo = original.replyTo[0]?.address ?? original.from!.address;
      const keep = opts.keepHeaders !== false;
      return harness.send(from, {
        to: replyTo,
        cc: opts.cc,
        subject: opts.subject ?? `Re: ${original.subject}`,
        text: body,
        inReplyTo: keep && original.messageId ? `<${original.messageId}>` : undefined,
        references: keep ? [...original.references, ...(original.messageId ? [original.messageId] : [])].map((id) => `<${id}>`) : undefined,
      });
    },
    async settle(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [row] = await service.database.sql`select
          (select count(*) from inbound_messages where status = 'pending')::int as inbound,
          (select count(*) from outbox where relayed_at is null)::int as events,
          (select count(*) from outbound_messages where status = 'pending')::int as outbound`;
        if (row!.inbound + row!.events + row!.outbound === 0) break;
        if (Date.now() > deadline) throw new Error(`work still pending after ${timeoutMs} ms: ${JSON.stringify(row)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Sent mail reaches the mailbox through the relay's LMTP hand-off right away; allow for it.
      await new Promise((r) => setTimeout(r, 300));
    },
    async ticket(ref, full = false) {
      return loadTicketView(service.database.db, stack.config.TICKET_PREFIX, ref, { full });
    },
    async waitForTicket(ref, check, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last: TicketView | null = null;
      for (;;) {
        last = await harness.ticket(ref);
        if (last && check(last)) return last;
        if (Date.now() > deadline) throw new Error(`ticket ${ref} did not reach the expected state: ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      for (const c of clients.values()) await c.logout().catch(() => {});
      smtp.close();
      for (const q of [service.queues.processMail, service.queues.sendMail, service.queues.schedule]) await q.obliterate({ force: true }).catch(() => {});
      await service.stop();
      await stack.stop();
      await db.drop();
      await imapProxy?.close();
    },
  };
  return harness;
}

/**
 * A harness for the tests of one describe block (or file): started before them, stopped after
 * them. Call at the top of the block; what it returns stands for the started harness, so a test's
 * own beforeAll, written after this call, finds it running.
 */
export function useHarness(options: HarnessOptions): Harness {
  return useStarted('the harness', () => startHarness(options));
}

/** The logger each harness's service was started with. */
const logs = new WeakMap<LocalStack, Logger>();

/** Restarts the service (same database, mailboxes and queues, same logger), as after a crash or deploy. */
export async function restartService(h: Harness, options: StartOptions = {}): Promise<void> {
  await h.service.stop();
  (h as { service: Service }).service = await startService(h.stack.config, logs.get(h.stack) ?? pino({ level: h.stack.config.LOG_LEVEL }), { schedule: false, ...options });
}

/**
 * A fresh migrated database for one test file, opened before its tests and dropped after them.
 * Call at the top of a describe block; read `.db` inside the tests.
 */
export function useScratchDatabase(options: { max?: number } = {}): { readonly db: Database['db']; readonly sql: Database['sql'] } {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = openDatabase(scratch.url, { max: options.max ?? 2 });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });
  return { get db() { return database!.db; }, get sql() { return database!.sql; } };
}
