// The ticket page's type and priority forms take only the values the page offers (the guide's
// three ticket types; the four priorities), as `#type` and `#priority` by mail do: a form posted
// with anything else is refused with what it may be, and the ticket keeps its value.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mainOf, startWebRig, type WebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test'; // an admin

let rig: WebRig;
beforeAll(async () => { rig = await startWebRig(); }, 60_000);
afterAll(async () => rig?.stop());

it('refuses a type that is not one of the guide\'s, and keeps the ticket\'s', async () => {
  const ticket = await rig.ticket(ALICE, 'How do I add a household member?');
  const alice = rig.browser();
  await alice.signIn(await rig.link(ALICE, ticket.id));
  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'type', value: 'anything<b>' });
  expect(res.statusCode).toBe(400);
  expect(mainOf(res.body)).toContain('The type must be one of issue, question, suggestion.');
  expect((await rig.store.byId(ticket.id))!.type).toBe('issue');
  // One of the guide's is taken, as the page's list sends it.
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'type', value: 'question' })).statusCode).toBe(303);
  expect((await rig.store.byId(ticket.id))!.type).toBe('question');
});

it('refuses a priority that is not one of the four, and keeps the ticket\'s', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit page will not save for client AAAA111111');
  const summer = rig.browser();
  await summer.signIn(await rig.link(SUMMER, ticket.id));
  const res = await summer.post(`/tickets/${ticket.ref}`, { do: 'priority', value: 'critical' });
  expect(res.statusCode).toBe(400);
  expect(mainOf(res.body)).toContain('The priority must be one of urgent, high, normal, low.');
  expect((await rig.store.byId(ticket.id))!.priority).toBe('normal');
});
