// The ticket page's type and priority forms take only the values the page offers (the guide's
// three ticket types; the four priorities), as `#type` and `#priority` by mail do: a form posted
// with anything else is refused with what it may be, and the ticket keeps its value.
import { expect, it } from 'vitest';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test'; // an admin

const rig = useWebRig();

/** A new ticket of Alice's whose page `who` signs in to and posts `fields` on: the ticket, the browser and the answer. */
async function postOnNewTicket(who: string, summary: string, fields: Record<string, string>) {
  const ticket = await rig.ticket(ALICE, summary);
  const browser = await rig.signedIn(who, ticket.id);
  return { ticket, browser, res: await browser.post(`/tickets/${ticket.ref}`, fields) };
}

it('refuses a type that is not one of the guide\'s, and keeps the ticket\'s', async () => {
  const { ticket, browser: alice, res } = await postOnNewTicket(ALICE, 'How do I add a household member?', { do: 'type', value: 'anything<b>' });
  expect(res.statusCode).toBe(400);
  expect(mainOf(res.body)).toContain('The type must be one of issue, question, suggestion.');
  expect((await rig.store.byId(ticket.id))!.type).toBe('issue');
  // One of the guide's is taken, as the page's list sends it.
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'type', value: 'question' })).statusCode).toBe(303);
  expect((await rig.store.byId(ticket.id))!.type).toBe('question');
});

it('refuses a priority that is not one of the four, and keeps the ticket\'s', async () => {
  const { ticket, res } = await postOnNewTicket(SUMMER, 'Exit page will not save for client AAAA111111', { do: 'priority', value: 'critical' });
  expect(res.statusCode).toBe(400);
  expect(mainOf(res.body)).toContain('The priority must be one of urgent, high, normal, low.');
  expect((await rig.store.byId(ticket.id))!.priority).toBe('normal');
});
