// Who is signed in on the web, and how they got there: a personal link (from a status mail or the
// sign-in form) asks "Sign in as ...?" and its form signs the person in; the session cookie then
// names them with their sign-in epoch, and bumping the epoch (`deskmail people signout EMAIL`)
// ends every link and session they hold. I/O: the session cookie and the database (through the
// people adapter).
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findTicketByRef, ticketParticipants } from '../adapters/db/ticket-page.ts';
import { findWebPersonById, type WebPerson } from '../adapters/db/web-people.ts';
import { makeSignInToken, readSignInToken } from '../tickets/sign-in-link.ts';
import type { WebDeps } from './deps.ts';
import { maskAddress } from './masked-address.ts';
import { keptOf, showError } from './pages.ts';
import { maySeeTicket, rolesOnTicket, type Viewer } from './ticket-roles.ts';

export type { Viewer };

export type SignInRefusal = { kind: 'refused'; reason: 'invalid' | 'expired' | 'revoked' | 'other_ticket' };

/** What a personal link would do: sign in this person (and open this ticket), or nothing and why. */
export type SignInLinkCheck = { kind: 'valid'; person: WebPerson; ticketId: number | null } | SignInRefusal;

export type SignInResult = { kind: 'signed_in'; viewer: Viewer; ticketId: number | null } | SignInRefusal;

function nowOf(deps: WebDeps): Date {
  return deps.now?.() ?? new Date();
}

async function viewerOf(deps: WebDeps, person: WebPerson): Promise<Viewer> {
  const admins = (await deps.loadStaff()).admins;
  return { personId: person.id, email: person.email, name: person.name, isAdmin: person.isAdmin || admins.includes(person.email) };
}

/**
 * The session's person, or null (no session, the person is gone, their sign-ins were revoked, or
 * SESSION_DAYS have passed since they signed in). The limit counts from the sign-in, not from the
 * last request: the cookie is sent anew whenever the session changes (each form's notice), so its
 * own expiry would slide for as long as someone kept using it.
 */
export async function loadViewer(deps: WebDeps, request: FastifyRequest): Promise<Viewer | null> {
  const personId = request.session.get('personId');
  const epoch = request.session.get('epoch');
  const sid = request.session.get('sid');
  if (typeof personId !== 'number' || typeof epoch !== 'number') return null;
  // A session signed out of is over on the server too: a copy of its cookie no longer works.
  if (typeof sid !== 'string' || (await deps.redis.exists(endedKey(deps, sid))) === 1) {
    request.session.regenerate();
    return null;
  }
  const signedInAt = request.session.get('signedInAt');
  if (typeof signedInAt !== 'number' || nowOf(deps).getTime() - signedInAt > deps.config.SESSION_DAYS * 86_400_000) {
    request.session.regenerate();
    return null;
  }
  const person = await findWebPersonById(deps.db, personId);
  if (!person || person.signInEpoch !== epoch) {
    request.session.regenerate();
    return null;
  }
  return viewerOf(deps, person);
}

/**
 * The ticket a link is checked against when the address names no ticket: no link is made for it, so
 * a genuine link for another ticket is refused as that, exactly as where the ticket exists, and a
 * ticket number's existence cannot be learnt from the answer.
 */
export const NO_SUCH_TICKET = -1;

/**
 * Whether a link is genuine, in time, not revoked, and (when `ticketId` is given) made for that
 * ticket. Reads only: it signs nobody in, so a GET may ask it. `expired` is only said of a genuine
 * link made for this ticket: a genuine old link for another one is refused as that, so where an
 * expired link leads back to (answerSignInLink) tells nothing of other tickets.
 */
export async function checkSignInLink(deps: WebDeps, token: string, ticketId?: number): Promise<SignInLinkCheck> {
  const check = readSignInToken(token, deps.config.SECRET_KEY, nowOf(deps));
  if (check.kind === 'invalid') return { kind: 'refused', reason: 'invalid' };
  const { claim } = check;
  if (ticketId !== undefined && claim.ticketId !== ticketId) return { kind: 'refused', reason: 'other_ticket' };
  if (check.kind === 'expired') return { kind: 'refused', reason: 'expired' };
  const person = await findWebPersonById(deps.db, claim.personId);
  if (!person || person.signInEpoch !== claim.epoch) return { kind: 'refused', reason: 'revoked' };
  return { kind: 'valid', person, ticketId: claim.ticketId };
}

/**
 * Signs in the person a link names, replacing whoever was signed in here, when the link passes
 * checkSignInLink. Only the answer to the "Sign in as ...?" form (a POST with its CSRF token) calls
 * this: a GET of a link is made by mail scanners before their person clicks, and by whoever a mail
 * was forwarded to. A refused link leaves the session as it was.
 */
export async function signInWithToken(deps: WebDeps, request: FastifyRequest, token: string, ticketId?: number): Promise<SignInResult> {
  const check = await checkSignInLink(deps, token, ticketId);
  if (check.kind !== 'valid') return check;
  const { person } = check;
  // A fresh session: nothing of a previous person's (their CSRF secret, their flash) carries over.
  // regenerate(), not delete(): secure-session ignores anything set after delete() and sends an empty cookie.
  request.session.regenerate();
  request.session.set('personId', person.id);
  request.session.set('epoch', person.signInEpoch);
  request.session.set('signedInAt', nowOf(deps).getTime());
  request.session.set('sid', randomBytes(16).toString('hex'));
  const viewer = await viewerOf(deps, person);
  request.viewer = viewer;
  request.log.info({ personId: person.id, ticketId: check.ticketId }, 'signed in by link');
  return { kind: 'signed_in', viewer, ticketId: check.ticketId };
}

/** Where a personal link leads once its person is signed in: its ticket, or a path on this site. */
export type SignInPlace = { kind: 'ticket'; ref: string } | { kind: 'path'; next: string };

export function pathOf(place: SignInPlace): string {
  return place.kind === 'ticket' ? `/tickets/${encodeURIComponent(place.ref)}` : place.next;
}

/**
 * Whether the viewer may open the place a link leads to: a ticket they have a role on; a path on
 * this site, whose page decides for itself (as /sign-in?next= does for someone signed in).
 */
async function mayOpen(deps: WebDeps, viewer: Viewer, place: SignInPlace): Promise<boolean> {
  if (place.kind === 'path') return true;
  const ticket = await findTicketByRef(deps.db, place.ref);
  return ticket !== null && maySeeTicket(rolesOnTicket(viewer, await ticketParticipants(deps.db, ticket.id)));
}

/**
 * The answer to opening a personal link (a GET): it never signs anyone in. The person it names,
 * already signed in here, goes straight on; anyone else is asked "Sign in as j***@agency.example
 * to see Issue X?" (told first who is signed in now, when someone is), and the page's form posts to
 * /sign-in/confirm. A refused link shows the sign-in form with the reason. An expired one (genuine,
 * only too old: a status mail read after MAIL_LINK_DAYS) signs nobody in either, but still leads
 * to its page: straight there for someone signed in who may open it, else through the sign-in
 * form, whose mailed link comes back to it.
 */
export async function answerSignInLink(deps: WebDeps, request: FastifyRequest, reply: FastifyReply, check: SignInLinkCheck, token: string, place: SignInPlace): Promise<FastifyReply> {
  if (check.kind !== 'valid') {
    if (check.reason !== 'expired') return refuseSignIn(deps, reply, check.reason);
    if (request.viewer && (await mayOpen(deps, request.viewer, place))) return reply.redirect(pathOf(place), 303);
    return refuseSignIn(deps, reply, check.reason, pathOf(place));
  }
  if (request.viewer?.personId === check.person.id) return reply.redirect(pathOf(place), 303);
  return reply.page('confirm-sign-in', {
    title: request.viewer ? 'Sign in as someone else?' : 'Sign in?',
    linkFor: maskAddress(check.person.email),
    signedInAs: request.viewer?.email ?? null,
    ticketRef: place.kind === 'ticket' ? place.ref : null,
    next: place.kind === 'path' ? place.next : null,
    token,
  });
}

/** The sign-in form, with why the link did not sign anyone in; `next`, where its new link leads (a path on this site). */
export async function refuseSignIn(deps: WebDeps, reply: FastifyReply, reason: SignInRefusal['reason'], next: string | null = null): Promise<FastifyReply> {
  return reply.code(403).page('sign-in', { title: 'Sign in', next: safeNext(next), minutes: deps.config.SIGN_IN_LINK_MINUTES, error: `${SIGN_IN_REFUSALS[reason]} Ask for a new one below.` });
}

/** A short-lived link that signs the person in (the "send me a sign-in link" form). */
export function makeSignInUrl(deps: WebDeps, person: WebPerson, next: string | null): string {
  const token = makeSignInToken({
    personId: person.id, ticketId: null, epoch: person.signInEpoch,
    expiresAt: new Date(nowOf(deps).getTime() + deps.config.SIGN_IN_LINK_MINUTES * 60_000),
  }, deps.config.SECRET_KEY);
  return `${deps.config.PUBLIC_URL}/sign-in/${token}${next ? `?next=${encodeURIComponent(next)}` : ''}`;
}

const endedKey = (deps: WebDeps, sid: string) => `${deps.config.QUEUE_PREFIX}:web-session-ended:${sid}`;

/** Ends the session here and on the server: its cookie, copied or kept, signs nobody in again. */
export async function signOut(deps: WebDeps, request: FastifyRequest): Promise<void> {
  const sid = request.session.get('sid');
  if (typeof sid === 'string' && /^[a-f0-9]{32}$/.test(sid)) await deps.redis.set(endedKey(deps, sid), '1', 'EX', deps.config.SESSION_DAYS * 86_400);
  request.session.delete();
  request.viewer = null;
}

/** Only a path on this site (`/tickets/X`), never `//other.host` or a full URL: no open redirect. */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.length > 300) return null;
  return value;
}

export const SIGN_IN_REFUSALS: Record<SignInRefusal['reason'], string> = {
  invalid: 'This sign-in link is not valid. It may have been cut short or changed on the way.',
  expired: 'This sign-in link has expired.',
  revoked: 'This sign-in link is no longer valid.',
  other_ticket: 'This sign-in link belongs to another ticket.',
};

/** preHandler: the route needs a signed-in person; a page view goes to sign-in and comes back. */
export async function requireViewer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.viewer) return;
  if (request.method === 'GET') {
    // Back to the page as asked for, its filters too; a path too long for a sign-in link keeps only the path.
    const next = safeNext(request.url) ?? safeNext(request.url.split('?')[0]);
    await reply.redirect(`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`, 303);
    return;
  }
  await showError(reply.code(401), 401, 'Sign in first: your session has ended.', keptOf(request));
}

/** preHandler: staff pages and actions (local administrators). */
export async function requireStaff(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await requireViewer(request, reply);
  if (reply.sent) return;
  if (!isStaff(request.viewer)) {
    await reply.code(403).page('error', { title: 'Not allowed', status: 403, message: 'Only the help desk\'s administrators may open this page.' });
  }
}

export function isStaff(viewer: Viewer | null): boolean {
  return viewer?.isAdmin === true;
}

/** A one-time message for the next page (after a form's redirect). */
export function setFlash(request: FastifyRequest, text: string): void {
  request.session.set('flash', text);
}

export function takeFlash(request: FastifyRequest): string | null {
  const text = request.session.get('flash');
  if (typeof text !== 'string') return null;
  request.session.set('flash', undefined as unknown as string);
  return text;
}
