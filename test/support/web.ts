// The web pages on a test's own stack: the service from the harness plus the web server on a
// free loopback port, and ways in for a test: a browser signed in as a person by a personal
// link, or fastify's inject with that person's session cookie.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Page } from 'playwright-core';
import { pino } from 'pino';
import { findWebPersonByEmail } from '../../src/adapters/db/web-people.ts';
import { upsertPerson } from '../../src/adapters/db/people.ts';
import { makeSignInToken } from '../../src/tickets/sign-in-link.ts';
import { buildWebServer } from '../../src/web/server.ts';
import { startHarness, type Harness } from './harness.ts';

export interface WebHarness extends Harness {
  app: FastifyInstance;
  /** Where the web server listens, e.g. http://127.0.0.1:41234. */
  url: string;
  /** A fresh personal sign-in token for the person with this address (created when unknown). */
  signInToken(email: string): Promise<string>;
  /** Signs the browser page in as this person (through /sign-in/<token> and its "Sign in" button). */
  signIn(page: Page, email: string): Promise<void>;
  /** The session cookie of this person, for inject(). */
  sessionCookie(email: string): Promise<string>;
  /** The CSRF token a page rendered for this session, and the session cookie that goes with it. */
  csrfToken(cookie: string, path?: string): Promise<{ token: string; cookie: string }>;
}

export async function startWebHarness(options: { users: string[]; env?: Record<string, string> }): Promise<WebHarness> {
  const h = await startHarness({ users: options.users, env: options.env });
  const log = pino({ level: h.stack.config.LOG_LEVEL });
  const app = await buildWebServer({
    config: h.stack.config, db: h.service.database.db, redis: h.service.queues.connection, log,
    relay: () => h.service.relay(), loadStaff: () => h.service.loadStaff(), sendMail: async (mail) => {
      const { SmtpSender } = await import('../../src/adapters/smtp/sender.ts');
      const sender = new SmtpSender(h.stack.config.SMTP_URL);
      try { await sender.send(mail); } finally { sender.close(); }
    },
    requestsPerMinute: 100_000,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const stopHarness = h.stop.bind(h);
  const web: WebHarness = Object.assign(h, {
    app,
    url,
    async signInToken(email: string) {
      await upsertPerson(h.service.database.db, email);
      const person = (await findWebPersonByEmail(h.service.database.db, email))!;
      return makeSignInToken({ personId: person.id, ticketId: null, epoch: person.signInEpoch, expiresAt: new Date(Date.now() + 600_000) }, h.stack.config.SECRET_KEY);
    },
    async signIn(page: Page, email: string) {
      // The link asks "Sign in as ...?"; a person presses the button.
      await page.goto(`${url}/sign-in/${await web.signInToken(email)}`);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    },
    async sessionCookie(email: string) {
      const asked = await app.inject({ method: 'GET', url: `/sign-in/${await web.signInToken(email)}` });
      const fields = Object.fromEntries([...asked.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')]));
      const res = await app.inject({
        method: 'POST', url: '/sign-in/confirm', payload: new URLSearchParams(fields).toString(),
        headers: { cookie: sessionCookieOf(asked) ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      });
      const cookie = res.statusCode === 303 ? sessionCookieOf(res) : null;
      if (!cookie) throw new Error(`no session cookie for ${email} (status ${res.statusCode})`);
      return cookie;
    },
    async csrfToken(cookie: string, path = '/my') {
      const res = await app.inject({ method: 'GET', url: path, headers: { cookie } });
      const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
      if (!m) throw new Error(`no CSRF token on ${path} (status ${res.statusCode})`);
      return { token: m[1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'), cookie: sessionCookieOf(res) ?? cookie };
    },
    async stop() {
      await app.close();
      await stopHarness();
    },
  });
  return web;
}

/** The session cookie a response sets, as a Cookie header's value, or null. */
function sessionCookieOf(res: LightMyRequestResponse): string | null {
  const set = res.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set : [set ?? '']).find((c) => c.startsWith('deskmail_session='));
  return cookie ? cookie.split(';')[0]! : null;
}
