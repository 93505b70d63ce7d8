// Sign-in and sign-out pages: the "send me a sign-in link" form (the same answer whether or not
// the address is known, limited per address and per client), the link it mails, the "Sign in as
// ...?" form every personal link leads to, and sign-out.
// I/O: through the deps (database reads, one mail per request at most).
import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Eta } from 'eta';
import { translateDbError } from '../../adapters/db/errors.ts';
import { findTicketByRef } from '../../adapters/db/ticket-page.ts';
import { findWebPersonByEmail } from '../../adapters/db/web-people.ts';
import { AddressHourlyAllowance } from '../../adapters/queue/rate-limit.ts';
import { LOOP_HEADER, newMessageId } from '../../outbound/headers.ts';
import { safeError } from '../../log.ts';
import { hostOf } from '../../tickets/reference.ts';
import { answerSignInLink, checkSignInLink, makeSignInUrl, NO_SUCH_TICKET, pathOf, refuseSignIn, safeNext, signInWithToken, signOut, type SignInPlace } from '../auth.ts';
import { readForm } from '../forms.ts';
import { TEMPLATES_DIR } from '../pages.ts';

/** Sign-in links one address may get per hour, whoever asks for them. */
export const SIGN_IN_LINKS_PER_HOUR = 3;

const EMAIL = /^[^\s@<>()",;:]{1,64}@[^\s@<>()",;:]{1,255}$/;
// The HTML part escapes what it prints; the text part is plain text, where an escape would show as
// written ("O&#39;Brien"), so it prints values as they are.
const htmlTemplates = new Eta({ views: `${TEMPLATES_DIR}mail`, autoEscape: true, useWith: false, cache: true });
const textTemplates = new Eta({ views: `${TEMPLATES_DIR}mail`, autoEscape: false, autoTrim: false, useWith: false, cache: true });

export default async function signInRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app;
  const { config } = deps;

  app.get('/sign-in', async (request, reply) => {
    const next = safeNext((request.query as { next?: unknown }).next);
    if (request.viewer) return reply.redirect(next ?? '/', 303);
    return reply.page('sign-in', { title: 'Sign in', next, minutes: config.SIGN_IN_LINK_MINUTES });
  });

  // Per client (the route's rate limit) and per address: an address gets a few links an hour
  // whoever asks, so the form cannot flood a mailbox. Past that the answer stays the same (it
  // must not differ for known addresses) and no mail goes out.
  const perAddress = new AddressHourlyAllowance(deps.redis, `${config.QUEUE_PREFIX}:sign-in`, SIGN_IN_LINKS_PER_HOUR);
  app.post('/sign-in', { config: { rateLimit: { max: 10, timeWindow: 3_600_000 } } }, async (request, reply) => {
    const body = (request.body ?? {}) as { email?: unknown; next?: unknown };
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const next = safeNext(body.next);
    if (!EMAIL.test(email)) {
      return reply.code(400).page('sign-in', { title: 'Sign in', next, minutes: config.SIGN_IN_LINK_MINUTES, error: 'Enter your email address, for example name@example.org.', email });
    }
    // The answer is the same for every address and does not wait for the mail, so neither the
    // words nor the time tell whether the address is known here.
    void sendSignInLink(email, next).catch((err: Error) => request.log.warn({ err: safeError(translateDbError(err)) }, 'sign-in mail failed'));
    return reply.page('sign-in-sent', { title: 'Check your mail', email, minutes: config.SIGN_IN_LINK_MINUTES });
  });

  async function sendSignInLink(email: string, next: string | null): Promise<void> {
    if (!(await perAddress.take(email, new Date(), randomInt(1, 2 ** 47)))) {
      app.log.info('sign-in link not sent: the address had its links for this hour');
      return;
    }
    const person = await findWebPersonByEmail(deps.db, email);
    if (!person || person.undeliverableAt) return;
    const data = { systemName: config.SYSTEM_NAME, name: person.name || person.email, url: makeSignInUrl(deps, person, next), minutes: config.SIGN_IN_LINK_MINUTES };
    await deps.sendMail({
      from: `"${config.SYSTEM_NAME} Help Desk" <${config.HELPDESK_ADDRESS}>`,
      to: person.email,
      subject: `[${config.SYSTEM_NAME} Issues Tracking] Your sign-in link`,
      text: textTemplates.render('./sign-in-text', data),
      html: htmlTemplates.render('./sign-in-html', data),
      headers: {
        'Message-ID': `<${newMessageId(hostOf(config.HELPDESK_ADDRESS), randomBytes(9).toString('hex'), new Date())}>`,
        // RFC 3834: an automatic message; nobody should answer it automatically.
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        [LOOP_HEADER]: config.HELPDESK_ADDRESS,
      },
      envelopeFrom: config.HELPDESK_ADDRESS,
    });
    app.log.info({ personId: person.id }, 'sign-in link sent');
  }

  // A GET of the link signs nobody in (mail scanners fetch links before their person clicks): it
  // asks "Sign in as ...?", or goes on when that person is signed in here already.
  app.get('/sign-in/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const next = safeNext((request.query as { next?: unknown }).next) ?? '/';
    return answerSignInLink(deps, request, reply, await checkSignInLink(deps, token), token, { kind: 'path', next });
  });

  // The answer to "Sign in as ...?" (a status mail's link or the sign-in mail's): a form with its
  // CSRF token, so neither a link alone nor another site's form signs anyone in or switches who is
  // signed in. The link's rules are checked again here, and the per-client limit counts here.
  app.post('/sign-in/confirm', { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async (request, reply) => {
    const form = readForm(request);
    const token = form.text('token');
    if (token === '') return refuseSignIn(deps, reply, 'invalid');
    let place: SignInPlace = { kind: 'path', next: safeNext(form.text('next')) ?? '/' };
    let ticketId: number | undefined;
    if (form.text('ticket') !== '') {
      // readForm drops a NUL, which PostgreSQL could not compare.
      const ticket = await findTicketByRef(deps.db, form.text('ticket'));
      if (ticket) place = { kind: 'ticket', ref: ticket.ref };
      ticketId = ticket?.id ?? NO_SUCH_TICKET;
    }
    const result = await signInWithToken(deps, request, token, ticketId);
    // Too old by the time its button was pressed: the new link asked for here leads to the same place.
    if (result.kind === 'refused') return refuseSignIn(deps, reply, result.reason, result.reason === 'expired' ? pathOf(place) : null);
    return reply.redirect(pathOf(place), 303);
  });

  app.post('/sign-out', async (request, reply) => {
    await signOut(deps, request);
    return reply.page('signed-out', { title: 'Signed out' });
  });
}
