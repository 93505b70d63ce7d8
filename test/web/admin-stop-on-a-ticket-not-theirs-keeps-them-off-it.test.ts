// An admin hears of unassigned (and urgent) tickets as an admin, without being on them. Their
// #stop on such a ticket stops that mail and nothing more: the ticket does not become one of
// "their" tickets (My Submitted Issues lists only what a person submitted or was added to), and
// the requester's page does not name them among the ticket's people. Turned back on (the page's
// "Resume my updates", #cc of their own address, the ticket assigned to them), they hear of it
// again, still without joining it.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { participants } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test'; // an admin

const rig = useWebRig();

/** Summer's rows on the ticket: none, as she was never put on it. */
const summersRows = async (ticketId: number) => rig.database.db.select({ role: participants.role }).from(participants)
  .where(and(eq(participants.ticketId, ticketId), eq(participants.personId, await rig.personId(SUMMER))));

/** Whether Alice's note on the ticket now mails Summer. */
async function noteReachesSummer(ticketId: number, text: string): Promise<boolean> {
  expect(await rig.signedReply(ALICE, ticketId, text)).toBe('appended');
  return (await rig.relay()).some((m) => m.to === SUMMER && m.template === 'new_note');
}

/** A ticket of Alice's nobody has taken, whose "not yet assigned" mail Summer answered with #stop. */
async function stoppedBySummer(summary: string) {
  const ticket = await rig.ticket(ALICE, summary);
  await rig.signedReply(ALICE, ticket.id, 'The same happens for a second client.');
  expect((await rig.relay()).some((m) => m.to === SUMMER)).toBe(true);
  expect(await rig.signedReply(SUMMER, ticket.id, '#stop')).toBe('updated');
  await rig.relay();
  return ticket;
}

it('stops her mail about the ticket without putting it in her list or her among its people', async () => {
  const ticket = await stoppedBySummer('Cannot add client to caseload AAAA111111');
  expect(await noteReachesSummer(ticket.id, 'Any news on this?')).toBe(false);
  expect(await summersRows(ticket.id)).toEqual([]);

  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect(mainOf((await summer.get('/my')).body)).not.toContain(`/tickets/${ticket.ref}"`);
  const alicesPage = mainOf((await (await rig.signedIn(ALICE, ticket.id)).get(`/tickets/${ticket.ref}`)).body);
  expect(alicesPage).not.toContain(SUMMER);
  // Her own page of it says she gets no updates and offers to turn them back on.
  const summersPage = mainOf((await summer.get(`/tickets/${ticket.ref}`)).body);
  expect(summersPage).toContain('You receive no updates on this ticket');
  expect(summersPage).toContain('Resume my updates');
});

it('is turned back on by her on the page, still without putting her on the ticket', async () => {
  const ticket = await stoppedBySummer('Report totals wrong for client AAAA222222');
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'resume_person', email: SUMMER })).statusCode).toBe(303);
  expect(await noteReachesSummer(ticket.id, 'Any news on this?')).toBe(true);
  expect(await summersRows(ticket.id)).toEqual([]);
  expect(mainOf((await summer.get('/my')).body)).not.toContain(`/tickets/${ticket.ref}"`);
  expect(mainOf((await summer.get(`/tickets/${ticket.ref}`)).body)).not.toContain('Resume my updates');
});

it('is turned back on by her #cc of her own address alone: the requester\'s #cc of her is refused', async () => {
  const ticket = await stoppedBySummer('Cannot merge BBBB333333');
  expect(await rig.signedReply(ALICE, ticket.id, `#cc ${SUMMER}`)).toBe('updated');
  const refused = (await rig.relay()).find((m) => m.template === 'command_refused' && m.to === ALICE);
  expect(refused?.props.refusals?.[0]?.reason).toBe(`${SUMMER} asked not to receive updates on this ticket, so they are not added again; only they or the help desk's staff can turn their updates back on`);
  expect(await summersRows(ticket.id)).toEqual([]);
  expect(await noteReachesSummer(ticket.id, 'Still waiting.')).toBe(false);

  expect(await rig.signedReply(SUMMER, ticket.id, `#cc ${SUMMER}`)).toBe('updated');
  await rig.relay();
  expect(await noteReachesSummer(ticket.id, 'Any news on this?')).toBe(true);
  expect(await summersRows(ticket.id)).toEqual([]);
});

it('ends when the ticket is assigned to her: the assignee hears of the ticket they work', async () => {
  const ticket = await stoppedBySummer('Enrollment list missing dates for CCCC444444');
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'assign', assignee: SUMMER })).statusCode).toBe(303);
  await rig.relay();
  expect(await noteReachesSummer(ticket.id, 'Thank you for taking it.')).toBe(true);
  expect(await summersRows(ticket.id)).toEqual([{ role: 'assignee' }]);
});
