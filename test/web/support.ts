// A web server on a scratch database for tests that drive it with fastify's inject: tickets
// seeded through the ticket store, a cookie jar per person, CSRF tokens read from the forms.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { findStaff, upsertPerson } from '../../src/adapters/db/people.ts';
import { findWebPersonById } from '../../src/adapters/db/web-people.ts';
import type { OutgoingEmail } from '../../src/adapters/smtp/sender.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { makeSignInToken } from '../../src/tickets/sign-in-link.ts';
import { buildWebServer } from '../../src/web/server.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../src/adapters/db/outbound-store.ts';
import { planNotifications } from '../../src/outbound/notify-plan.ts';
import { buildMailProps } from '../../src/outbound/mail-props.ts';
import type { StatusMailProps } from '../../src/outbound/templates.ts';
import type { TicketEvent } from '../../src/tickets/types.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { createTestDatabase } from '../support/harness.ts';
import { dropPrefix } from '../support/scratch-redis.ts';
import { useStarted } from '../support/use-started.ts';

export interface WebRig {
  app: FastifyInstance;
  config: Config;
  database: Database;
  store: TicketStore;
  /** The Redis the server keeps its drafts, counts and sessions' limits in (under config.QUEUE_PREFIX). */
  redis: Redis;
  mails: OutgoingEmail[];
  /** Creates a ticket submitted by `submitter`, with these interested people; returns id and ref. */
  ticket(submitter: string, summary: string, interested?: string[]): Promise<{ id: number; ref: string }>;
  personId(email: string): Promise<number>;
  /** A status-mail link for `email` on ticket `ticketId`. */
  link(email: string, ticketId: number, expiresAt?: Date): Promise<string>;
  /** A plain sign-in link for `email` (the sign-in form's mail), going on to `next`. */
  signInLink(email: string, next?: string): Promise<string>;
  browser(): Browser;
  /** A browser signed in as `email` through their status-mail link on ticket `ticketId`. */
  signedIn(email: string, ticketId: number): Promise<Browser>;
  /**
   * A reply from `from` through their own signed reply address on ticket `ticketId`, stored and
   * handled as process-mail handles fetched mail; the message's outcome (`appended`, `created`, ...).
   * `cc`: the addresses its Cc header names (a reply-all).
   */
  signedReply(from: string, ticketId: number, body: string, headers?: { cc?: string[] }): Promise<string>;
  /** Relays the outbox as the service does: the status mail made, by recipient and template, with what it shows. */
  relay(): Promise<RelayedMail[]>;
  stop(): Promise<void>;
}

/** One status mail the relay made, and what its template is given to show (its note, its assignee...). */
export interface RelayedMail { to: string; template: string; outboxId: number | null; props: StatusMailProps }

export interface Browser {
  get(url: string): Promise<LightMyRequestResponse>;
  /** Posts a url-encoded form; `csrf: false` leaves the token out. */
  post(url: string, fields: Record<string, string>, options?: { csrf?: boolean }): Promise<LightMyRequestResponse>;
  postMultipart(url: string, form: FormData): Promise<LightMyRequestResponse>;
  /** Follows a link as a browser would (one redirect). */
  open(url: string): Promise<LightMyRequestResponse>;
  /** Opens a personal link and, when it asks "Sign in as ...?", presses its button; the page it lands on. */
  signIn(link: string): Promise<LightMyRequestResponse>;
  csrf(): Promise<string>;
  /** The session cookie as a Cookie header's value ('' before sign-in), for requests made outside the jar. */
  cookie(): string;
}

export interface WebRigOptions {
  /** Where the server logs (silent when absent), for tests of what it logs. */
  log?: Logger;
  /** The server's clock. */
  now?: () => Date;
  /** The outbox relay. */
  relay?: () => Promise<number>;
  /** Runs each time the server reads the staff list (a test's way in between a request's reads and its writes). */
  onLoadStaff?: () => Promise<void>;
  /** The staff list names the admins as their people rows do (by default each is called 'Summer Admin'). */
  staffAsStored?: boolean;
}

export async function startWebRig(env: Record<string, string> = {}, options: WebRigOptions = {}): Promise<WebRig> {
  const db = await createTestDatabase();
  const database = openDatabase(db.url);
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `tw${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: db.url, QUEUE_PREFIX: prefix, IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test',
    SECRET_KEY: randomBytes(32).toString('hex'), ADMIN_EMAILS: 'summer@example.test', LOG_LEVEL: 'silent', ...env,
  });
  const store = new TicketStore(database.db, config.TICKET_PREFIX);
  const mails: OutgoingEmail[] = [];
  // The staff the page and a reply by mail both know (an #assign names one of them).
  const staffList = async () => {
    // `staffAsStored`: the admins with the names their people rows hold, as the service reads them.
    if (options.staffAsStored) return findStaff(database.db, config.ADMIN_EMAILS);
    return { admins: config.ADMIN_EMAILS, staff: config.ADMIN_EMAILS.map((email) => ({ email, name: 'Summer Admin' })) };
  };
  const app = await buildWebServer({
    config, db: database.db, redis, log: options.log ?? pino({ level: 'silent' }), relay: options.relay ?? (async () => 0),
    loadStaff: async () => {
      await options.onLoadStaff?.();
      return staffList();
    },
    sendMail: async (mail) => { mails.push(mail); }, now: options.now,
  });
  const personId = async (email: string) => (await upsertPerson(database.db, email)).id;
  const inbound = new InboundStore(database.db);
  const outbound = new OutboundStore(database.db, 'deskmail.example.test', config.TICKET_PREFIX);
  let replies = 0;
  const rig: WebRig = {
    app, config, database, store, mails, personId, redis,
    async signedReply(from, ticketId, body, headers = {}) {
      const now = new Date();
      const to = makeReplyAddress(config.HELPDESK_ADDRESS, { ticketId, personId: await personId(from) }, config.SECRET_KEY, 0, now);
      const raw = Buffer.from([
        `From: ${from}`, `To: ${to}`, ...(headers.cc?.length ? [`Cc: ${headers.cc.join(', ')}`] : []), `Subject: Re: [${config.SYSTEM_NAME} Issues Tracking] Issue ${(await store.byId(ticketId))!.ref} has been submitted`,
        `Message-ID: <reply-${++replies}-${randomBytes(4).toString('hex')}@client.example.test>`, `Date: ${now.toUTCString()}`,
        'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
      ].join('\r\n'));
      const stored = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 1_000_000 + replies, raw });
      return processMail({
        db: database.db, inbound, tickets: store, settings: pipelineSettings(config, (await staffList()).staff), assessIntake: null,
        maxAttachmentBytes: config.MAX_ATTACHMENT_MB * 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
      }, stored.id);
    },
    async relay() {
      const made: RelayedMail[] = [];
      for (;;) {
        const batch = await outbound.relay((input) => planNotifications({ ...input, adminEmails: config.ADMIN_EMAILS, supportAddress: config.SUPPORT_ADDRESS }));
        if (batch.events === 0) break;
        for (const id of batch.ids) {
          const { row, ticket, event, note, files, actor, assignee, recipient } = (await outbound.load(id))!;
          const props = buildMailProps({
            event: row.template as TicketEvent, systemName: config.SYSTEM_NAME, publicUrl: 'https://deskmail.example.test', replyAddress: '', helpdeskAddress: config.HELPDESK_ADDRESS,
            ticket: { ref: ticket!.ref, summary: ticket!.summary, status: ticket!.status, description: ticket!.description, clientIds: ticket!.clientIds, escalatedAt: ticket!.escalatedAt },
            supportAddress: config.SUPPORT_ADDRESS,
            payload: event?.payload ?? {}, note: note ? { body: note.body, internal: note.internal } : null,
            files: files.map((f) => ({ filename: f.filename, size: f.size, stored: f.checksum !== null })), actor, assignee,
            recipient: { email: row.recipient, name: recipient?.name ?? '' },
          });
          made.push({ to: row.recipient, template: row.template, outboxId: row.outboxId, props });
        }
      }
      return made;
    },
    async ticket(submitter, summary, interested = []) {
      const result = await store.apply({
        kind: 'create',
        ticket: { summary, originalSubject: summary, description: `About: ${summary}`, status: 'new', resolution: null, type: 'issue', priority: 'normal', route: 'ica_helpdesk', topic: 'other', clientIds: [], missingInfo: [], previousTicketId: null },
        submitter: { email: submitter, name: '' },
        participants: interested.map((email) => ({ person: { email, name: '' }, role: 'interested' as const })),
        attachments: [], events: [],
      }, null, { kind: 'new', maxAttachmentBytes: 1 << 20, now: new Date() });
      return { id: result.ticketId!, ref: result.ref! };
    },
    async link(email, ticketId, expiresAt = new Date(Date.now() + 86_400_000)) {
      const person = (await findWebPersonById(database.db, await personId(email)))!;
      const token = makeSignInToken({ personId: person.id, ticketId, epoch: person.signInEpoch, expiresAt }, config.SECRET_KEY);
      return `/tickets/${(await store.byId(ticketId))!.ref}?k=${token}`;
    },
    async signInLink(email, next) {
      const person = (await findWebPersonById(database.db, await personId(email)))!;
      const token = makeSignInToken({ personId: person.id, ticketId: null, epoch: person.signInEpoch, expiresAt: new Date(Date.now() + 600_000) }, config.SECRET_KEY);
      return `/sign-in/${token}${next ? `?next=${encodeURIComponent(next)}` : ''}`;
    },
    browser: () => cookieBrowser(app),
    async signedIn(email, ticketId) {
      const browser = cookieBrowser(app);
      await browser.signIn(await rig.link(email, ticketId));
      return browser;
    },
    async stop() {
      await app.close();
      await dropPrefix(redis, prefix);
      await database.close();
      await db.drop();
    },
  };
  return rig;
}

/**
 * A web rig for the tests of a file (or describe block): started before them, stopped after them,
 * with startWebRig's `env` and `options`. Call at the top; what it returns stands for the started rig.
 */
export function useWebRig(env: Record<string, string> = {}, options: WebRigOptions = {}): WebRig {
  return useStarted('the web rig', () => startWebRig(env, options));
}

function cookieBrowser(app: FastifyInstance): Browser {
  let cookie = '';
  const keep = (res: LightMyRequestResponse) => {
    const set = res.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (first) cookie = first.split(';')[0]!;
    return res;
  };
  const headers = () => (cookie ? { cookie } : {});
  const self: Browser = {
    cookie: () => cookie,
    get: async (url) => keep(await app.inject({ method: 'GET', url, headers: headers() })),
    async csrf() {
      // Any page has one: the sign-in form for a stranger, the sign-out form for a signed-in person.
      let page = await self.get('/sign-in');
      if (page.statusCode === 303) page = await self.get('/no-such-page');
      const m = /name="_csrf" value="([^"]+)"/.exec(page.body);
      if (!m) throw new Error('no CSRF token on the page');
      return m[1]!;
    },
    async post(url, fields, options = {}) {
      const all = options.csrf === false ? fields : { _csrf: await self.csrf(), ...fields };
      return keep(await app.inject({ method: 'POST', url, headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(all).toString() }));
    },
    async postMultipart(url, form) {
      form.set('_csrf', await self.csrf());
      const request = new Request('http://localhost/', { method: 'POST', body: form });
      const payload = Buffer.from(await request.arrayBuffer());
      return keep(await app.inject({ method: 'POST', url, headers: { ...headers(), 'content-type': request.headers.get('content-type')! }, payload }));
    },
    async open(url) {
      const first = await self.get(url);
      const location = first.headers.location;
      return typeof location === 'string' && first.statusCode >= 300 && first.statusCode < 400 ? self.get(location) : first;
    },
    async signIn(link) {
      const asked = await self.get(link);
      const form = signInFormOf(asked.body);
      if (!form) return asked.statusCode >= 300 && asked.statusCode < 400 ? self.get(asked.headers.location as string) : asked;
      const posted = await self.post(form.action, form.fields);
      const location = posted.headers.location;
      return typeof location === 'string' && posted.statusCode === 303 ? self.get(location) : posted;
    },
  };
  return self;
}

/** The action and hidden fields (but the CSRF token) of a page's "Sign in as ...?" form, or null. */
export function signInFormOf(html: string): { action: string; fields: Record<string, string> } | null {
  const form = /<form method="post" action="(\/sign-in\/confirm)"[^>]*>([\s\S]*?)<\/form>/.exec(mainOf(html));
  if (!form) return null;
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (m[1] !== '_csrf') fields[m[1]!] = m[2]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return { action: form[1]!, fields };
}

/** The page's main content, without the layout. */
export function mainOf(html: string): string {
  return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
}
