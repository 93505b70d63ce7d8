// The web half: server-rendered pages and forms on fastify, a second way into the same tickets
// (the ticket page behind every status mail, sign-in by personal link). I/O: HTTP, and through
// its deps the database, Redis and SMTP; every ticket decision is made by the same pure code
// as an email reply.
//
// How a route is written (one fastify plugin per file in src/web/routes/, registered below):
// - The person: `request.viewer` is `{ personId, email, name, isAdmin }` or null. Guard a route
//   with `{ preHandler: requireViewer }` (signs in first, then comes back) or `requireStaff`
//   (admins only), both from ./auth.ts. Roles on one ticket come from its participants.
// - A page: `return reply.page('ticket', { title, ...data })` renders templates/web/ticket.eta
//   inside templates/web/layout.eta (header, skip link, nav, main). Eta escapes `<%= %>`; use
//   `<%~ %>` only for HTML we made or cleaned (sanitize-html, ./html.ts). No inline script or
//   style: the Content-Security-Policy forbids both.
// - A form: every POST carries the CSRF token; `reply.page` passes it as `it.csrfToken`, so a form
//   has `<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">`. A POST without it is
//   refused with 403 before the handler runs. Read fields and files with `readForm(request)`
//   (./forms.ts; url-encoded and multipart alike; a file form needs enctype="multipart/form-data").
//   Answer a POST with a 303 redirect to a page, and say what happened with
//   `setFlash(request, text)` (shown once at the top of the next page).
// - Rate limits: every route has a per-client allowance; tighten a route with
//   `config: { rateLimit: { max, timeWindow } }` (kept in Redis under the queue prefix).
// - Data: database queries live in an adapter under src/adapters/db/ (e.g. ticket-page.ts), never
//   in a route; ticket changes go through ./ticket-actions.ts (the same decision as a reply).
import { hkdfSync } from 'node:crypto';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import { Eta } from 'eta';
import { translateDbError } from '../adapters/db/errors.ts';
import { safeError } from '../log.ts';
import { loadViewer, takeFlash, type Viewer } from './auth.ts';
import { csrfTokenOf, MAX_FIELD_BYTES } from './forms.ts';
import { keptOf, showError, TEMPLATES_DIR } from './pages.ts';
import adminRoutes from './routes/admin.ts';
import homeRoutes from './routes/home.ts';
import myIssuesRoutes from './routes/my-issues.ts';
import newRequestRoutes from './routes/new-request.ts';
import signInRoutes from './routes/sign-in.ts';
import ticketRoutes from './routes/tickets.ts';

export type { WebDeps } from './deps.ts';
import type { WebDeps } from './deps.ts';

declare module 'fastify' {
  interface FastifyInstance {
    deps: WebDeps;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
  }
  interface FastifyReply {
    /** Renders templates/web/<name>.eta in the layout, with the viewer, CSRF token and flash message. */
    page(name: string, data: { title: string } & Record<string, unknown>): Promise<FastifyReply>;
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The signed-in person's id and the sign-in epoch they signed in at. */
    personId: number;
    epoch: number;
    signedInAt: number;
    /** This sign-in's own id: signing out records it as ended (web/auth.ts). */
    sid: string;
    flash: string;
  }
}

/** A 32-byte key for the session cookie (libsodium secretbox), derived from SECRET_KEY for this use only. */
function sessionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'deskmail', 'web session cookie v1', 32));
}

export async function buildWebServer(deps: WebDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const https = config.PUBLIC_URL.startsWith('https:');
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'web' }) as unknown as FastifyBaseLogger,
    // Request URLs can carry a sign-in token: our own line below logs the route, never the URL.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
  });
  app.decorate('deps', deps);
  app.decorateRequest('viewer', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        scriptSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 15552000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(secureSession, {
    key: sessionKey(config.SECRET_KEY),
    cookieName: 'deskmail_session',
    expiry: config.SESSION_DAYS * 86_400,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: https, maxAge: config.SESSION_DAYS * 86_400 },
  });
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session', getToken: csrfTokenOf });
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: true,
    // A file over the limit is cut short and named on the page (forms.ts, tooLarge), never a 413
    // that throws away everything else the form said.
    throwFileSizeLimit: false,
    // fields: the request form at its fullest sends 8 fields, 3 for each of 10 more people and a
    // remove box for each of 10 files (48); the rest is room, not a limit anyone should meet. A
    // field cut at fieldSize is seen as cut (forms.ts, cutFieldsOf) and refused, never stored cut.
    // files: a form takes 10 (MAX_FORM_FILES), and more are named and refused by the form itself with
    // the rest of what it said kept; FILES_READ is only the parser's bound. Memory stays bounded by
    // the body's size, which is known and within MAX_MESSAGE_MB before a byte is read (below).
    limits: { fileSize: config.MAX_ATTACHMENT_MB * 1024 * 1024, files: FILES_READ, fields: 80, fieldSize: MAX_FIELD_BYTES },
  });
  await app.register(rateLimit, {
    global: true,
    max: deps.requestsPerMinute ?? 600,
    timeWindow: 60_000,
    redis: deps.redis,
    nameSpace: `${config.QUEUE_PREFIX}:web-rate-limit:`,
  });
  await app.register(fastifyStatic, { root: path.join(TEMPLATES_DIR, 'assets'), prefix: '/assets/', index: false, maxAge: 3_600_000 });
  await app.register(view, {
    engine: { eta: new Eta({ autoEscape: true, useWith: false }) },
    root: TEMPLATES_DIR,
    layout: 'layout.eta',
    production: process.env.NODE_ENV !== 'development',
    defaultContext: { systemName: config.SYSTEM_NAME },
  });

  // Who is asking: the session's person, while their sign-in epoch still holds.
  app.addHook('onRequest', async (request) => {
    request.viewer = await loadViewer(deps, request);
  });
  // Files are read into memory with the form: only for someone signed in, and only up to the size
  // of a mail the help desk would read (MAX_MESSAGE_MB), answered before a byte of the body is read.
  // The size is the declared one, which the HTTP parser holds the body to; a body of unknown length
  // (chunked) is refused, as no browser sends a form that way. Someone whose session has ended may
  // send a form as small as a url-encoded one: it is read only to give its text back, never acted on.
  const uploadLimit = config.MAX_MESSAGE_MB * 1024 * 1024;
  app.addHook('preParsing', async (request, reply, payload) => {
    if (!/^multipart\//i.test(request.headers['content-type'] ?? '')) return payload;
    const declared = request.headers['content-length'];
    const length = declared !== undefined && /^\d{1,15}$/.test(declared) ? Number(declared) : null;
    if (!request.viewer && (length === null || length > SIGNED_OUT_FORM_BYTES)) {
      await reply.code(401).page('error', { title: 'Sign in first', status: 401, message: 'Sign in first: your session has ended.' });
      return payload;
    }
    if (length === null) {
      await showError(reply.code(411), 411, 'The upload did not say its size. Send the form again from the page.');
    } else if (length > uploadLimit) {
      await showError(reply.code(413), 413, `The upload is too large: at most ${config.MAX_MESSAGE_MB} MB in all.`);
    }
    return payload;
  });
  // Every state-changing request carries the CSRF token (checked after the body is parsed).
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return done();
    app.csrfProtection(request, reply, done);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.decorateReply('page', async function page(this: FastifyReply, name: string, data: { title: string } & Record<string, unknown>) {
    const request = this.request;
    this.header('Cache-Control', 'no-store');
    const html = await this.viewAsync(`${name}.eta`, {
      ...data,
      viewer: request.viewer,
      csrfToken: this.generateCsrf(),
      flash: takeFlash(request),
      path: request.url.split('?')[0],
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err: safeError(translateDbError(err)) }, 'web request failed'); // never a failed query's parameters
    else request.log.info({ status, code: err.code, route: request.routeOptions.url }, 'web request refused');
    // A form refused here (an expired session or CSRF token, a failure) is given back to copy, not acted on.
    return showError(reply.code(status), status, errorText(status, err.code, request.viewer !== null), keptOf(request));
  });
  app.setNotFoundHandler(async (_request, reply) => showError(reply.code(404), 404, 'There is no such page.'));

  await app.register(homeRoutes);
  await app.register(signInRoutes);
  await app.register(ticketRoutes);
  await app.register(myIssuesRoutes);
  await app.register(newRequestRoutes);
  await app.register(adminRoutes);
  return app;
}

/** The parser's bound on files in one form: room for a person who chose too many to be told which, not a limit anyone should meet. */
const FILES_READ = 100;
/** How large a form from someone signed out is read (as large as a url-encoded body may be): enough for what they typed. */
const SIGNED_OUT_FORM_BYTES = 1024 * 1024;

function errorText(status: number, code: string | undefined, signedIn: boolean): string {
  if (code?.startsWith('FST_CSRF') && !signedIn) return 'Your session has ended, so this form was not sent. Sign in again, then send it again.';
  if (code?.startsWith('FST_CSRF')) return 'This form has expired or did not come from this site. Go back, reload the page and try again.';
  if (status === 429) return 'Too many requests. Wait a few minutes and try again.';
  if (status === 413 || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT') return 'The upload is too large.';
  if (status === 401 || status === 403) return 'You may not do that here.';
  if (status === 404) return 'There is no such page.';
  if (status < 500) return 'The request could not be understood.';
  return 'Something went wrong on our side. Try again in a moment.';
}
