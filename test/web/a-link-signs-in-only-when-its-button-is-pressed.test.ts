// Opening a personal link (GET) signs nobody in: a mail scanner (Safe Links, Mimecast, Proofpoint)
// fetches every link before its person clicks, and a forwarded mail or a link pasted in a chat is
// opened by someone else. The link asks "Sign in as j***@example.test to see Issue X?" and only
// the page's form (POST, with its CSRF token) signs in. The same person already signed in goes
// straight on; someone else signed in is told and offered the switch.
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { mainOf, signInFormOf, useWebRig } from './support.ts';

const JUNE = 'june@agency.example';
const KARL = 'karl@agency.example';

const rig = useWebRig();
let junes: { id: number; ref: string };
beforeAll(async () => {
  junes = await rig.ticket(JUNE, 'June cannot open the intake report');
}, 60_000);

/** The person a response's session cookie names, if it sets one (the cookie may hold only a form's CSRF secret). */
function personSetBy(res: LightMyRequestResponse): unknown {
  const set = res.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set : [set ?? '']).find((c) => c.startsWith('deskmail_session='));
  if (!cookie) return undefined;
  const session = rig.app.decodeSecureSession(decodeURIComponent(cookie.split(';')[0]!.slice('deskmail_session='.length)));
  if (!session) throw new Error('a session cookie this server cannot read');
  return session.get('personId');
}

function signInForm(html: string): { action: string; fields: Record<string, string> } {
  const form = signInFormOf(html);
  if (!form) throw new Error('no "Sign in as ...?" form on the page');
  return form;
}

it('a GET of a valid link signs nobody in and asks first, naming the person half-hidden and the ticket', async () => {
  const scanner = rig.browser();
  const res = await scanner.get(await rig.link(JUNE, junes.id));
  // Its cookie, if any, holds only the form's CSRF secret: it names nobody.
  expect(personSetBy(res)).toBeUndefined();
  expect(res.statusCode).toBe(200);
  const main = mainOf(res.body);
  expect(main).toContain(`Sign in as j***@agency.example to see Issue ${junes.ref}?`);
  expect(main).not.toContain(JUNE);
  expect(main).not.toContain('intake report'); // nothing of the ticket before sign-in
  expect(res.headers['cache-control']).toContain('no-store');
  // Nobody is signed in afterwards: the ticket still sends its visitor to sign in.
  const after = await scanner.get(`/tickets/${junes.ref}`);
  expect(after.statusCode).toBe(303);
  expect(after.headers.location).toMatch(/^\/sign-in/);
});

it('the page\'s form signs in and reaches the ticket; without its CSRF token it signs nobody in', async () => {
  const june = rig.browser();
  const asked = await june.get(await rig.link(JUNE, junes.id));
  const { action, fields } = signInForm(asked.body);
  expect(fields.token).toBeDefined();
  const forged = await june.post(action, fields, { csrf: false });
  expect(forged.statusCode).toBe(403);
  expect((await june.get(`/tickets/${junes.ref}`)).statusCode).toBe(303);
  const posted = await june.post(action, fields);
  expect(posted.statusCode).toBe(303);
  expect(posted.headers.location).toBe(`/tickets/${junes.ref}`);
  expect(personSetBy(posted)).toBe(await rig.personId(JUNE));
  const page = await june.get(posted.headers.location as string);
  expect(page.statusCode).toBe(200);
  expect(mainOf(page.body)).toContain('June cannot open the intake report');
});

it('the POST keeps the link\'s rules: an expired link signs nobody in', async () => {
  const june = rig.browser();
  const expired = await rig.link(JUNE, junes.id, new Date(Date.now() - 1000));
  const token = expired.split('?k=')[1]!;
  const posted = await june.post('/sign-in/confirm', { token, ticket: junes.ref });
  expect(posted.statusCode).toBe(403);
  expect(mainOf(posted.body)).toContain('expired');
  expect((await june.get(`/tickets/${junes.ref}`)).statusCode).toBe(303);
});

it('a GET while signed in as the same person goes straight to the ticket', async () => {
  const june = rig.browser();
  await june.signIn(await rig.link(JUNE, junes.id));
  const again = await june.get(await rig.link(JUNE, junes.id));
  expect(again.statusCode).toBe(303);
  expect(again.headers.location).toBe(`/tickets/${junes.ref}`);
});

it('signed in as someone else, the page says so and offers the switch', async () => {
  const karl = rig.browser();
  const karls = await rig.ticket(KARL, 'Karl has a question');
  await karl.signIn(await rig.link(KARL, karls.id));
  const asked = await karl.get(await rig.link(JUNE, junes.id));
  expect(asked.statusCode).toBe(200);
  expect(personSetBy(asked)).not.toBe(await rig.personId(JUNE));
  const main = mainOf(asked.body);
  expect(main).toContain(`You are signed in as <strong>${KARL}</strong>`);
  expect(main).toContain('Switch to j***@agency.example');
  // Still karl until he chooses.
  expect((await karl.get(`/tickets/${karls.ref}`)).statusCode).toBe(200);
  const { action, fields } = signInForm(asked.body);
  const switched = await karl.post(action, fields);
  expect(switched.headers.location).toBe(`/tickets/${junes.ref}`);
  expect((await karl.get(`/tickets/${junes.ref}`)).statusCode).toBe(200);
  expect((await karl.get(`/tickets/${karls.ref}`)).statusCode).toBe(404);
});

it('a GET of a plain sign-in link (from the sign-in form\'s mail) signs nobody in either', async () => {
  const scanner = rig.browser();
  const res = await scanner.get(await rig.signInLink(JUNE, '/my'));
  expect(res.statusCode).toBe(200);
  expect(personSetBy(res)).toBeUndefined();
  expect(mainOf(res.body)).toContain('Sign in as j***@agency.example?');
  const { action, fields } = signInForm(res.body);
  const posted = await scanner.post(action, fields);
  expect(posted.headers.location).toBe('/my');
  expect((await scanner.get('/my')).statusCode).toBe(200);
});
