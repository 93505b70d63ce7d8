// A web sign-in lasts SESSION_DAYS from the moment of signing in, however busy the session is
// meanwhile: every form post sends the cookie anew, which must not keep it alive for ever.
import { expect, it } from 'vitest';
import { useWebRig } from './support.ts';

const DAY = 86_400_000;
let clock = Date.now();
const rig = useWebRig({ SESSION_DAYS: '7' }, { now: () => new Date(clock) });

it('ends a session used every few days once seven days have passed since the sign-in', async () => {
  const ticket = await rig.ticket('frank@example.test', 'Frank needs a report');
  const frank = rig.browser();
  expect((await frank.signIn(await rig.link('frank@example.test', ticket.id))).statusCode).toBe(200);
  clock += 3 * DAY;
  expect((await frank.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'Still blank on day three' })).statusCode).toBe(303);
  clock += 3 * DAY;
  expect((await frank.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'Still blank on day six' })).statusCode).toBe(303);
  expect((await frank.get(`/tickets/${ticket.ref}`)).statusCode).toBe(200);
  clock += 2 * DAY; // day eight
  const page = await frank.get(`/tickets/${ticket.ref}`);
  expect(page.statusCode).toBe(303);
  expect(page.headers.location).toMatch(/^\/sign-in/);
});

it('ends a session on the server when its person signs out: a kept copy of the cookie signs nobody in', async () => {
  const ticket = await rig.ticket('gwen@example.test', 'Gwen needs a report');
  const gwen = rig.browser();
  expect((await gwen.signIn(await rig.link('gwen@example.test', ticket.id, new Date(clock + DAY)))).statusCode).toBe(200);
  const kept = gwen.cookie();
  const replay = () => rig.app.inject({ method: 'GET', url: `/tickets/${ticket.ref}`, headers: { cookie: kept } });
  // The copy works while the session lasts: the test can fail.
  expect((await replay()).statusCode).toBe(200);
  expect((await gwen.post('/sign-out', {})).statusCode).toBe(200);
  const after = await replay();
  expect(after.statusCode).toBe(303);
  expect(after.headers.location).toMatch(/^\/sign-in/);
  // Signing in again is a new session, which works.
  const again = rig.browser();
  expect((await again.signIn(await rig.link('gwen@example.test', ticket.id, new Date(clock + DAY)))).statusCode).toBe(200);
});
