// A person the help desk's staff took off a ticket ("Stop updating this person", often because they
// should not see the client data on it) stays off it: the requester's #cc of them is refused and
// says why, a Cc header on the requester's reply leaves them out, and the page refuses her add;
// they get no mail and no page. Staff's #cc or add brings them back, and the removal is forgotten:
// a requester's own removal of a colleague is undone by her as before. The same holds for the
// follow-up a late reply opens: it carries the old ticket's summary and client IDs, so a Cc header
// on the late reply does not bring them in there either.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { participantRemovals, participants, tickets } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@agency.example';
const SUMMER = 'summer@example.test'; // an admin
const CAROL = 'carol@example.test';
const DAY = 86_400_000;

const rig = useWebRig();

/** The person's rows on the ticket: role and whether they get its mail. */
const rowsOf = async (ticketId: number, email: string) => rig.database.db.select({ role: participants.role, notify: participants.notify }).from(participants)
  .where(and(eq(participants.ticketId, ticketId), eq(participants.personId, await rig.personId(email))));
const removalsOf = async (ticketId: number) => rig.database.db.select({ personId: participantRemovals.personId }).from(participantRemovals)
  .where(eq(participantRemovals.ticketId, ticketId));

/** A ticket of Alice's with Bob on it, from which an admin took Bob off on the page; Bob's status-mail link. */
async function removedByStaff(summary: string): Promise<{ ticket: { id: number; ref: string }; bobsLink: string }> {
  const ticket = await rig.ticket(ALICE, summary, [BOB]);
  const bobsLink = await rig.link(BOB, ticket.id);
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: BOB })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, BOB)).toEqual([]);
  await rig.relay();
  return { ticket, bobsLink };
}

it('by mail: refuses the requester\'s #cc of someone staff removed, says why, and mails them nothing', async () => {
  const { ticket, bobsLink } = await removedByStaff('Caseload shows client AAAA111111 twice');
  expect(await rig.signedReply(ALICE, ticket.id, `#cc ${BOB}`)).toBe('updated');
  expect(await rowsOf(ticket.id, BOB)).toEqual([]);
  const mailed = await rig.relay();
  expect(mailed.find((m) => m.template === 'command_refused' && m.to === ALICE)?.props.refusals).toEqual([{
    command: `#cc ${BOB}`,
    reason: `the help desk took ${BOB} off this ticket, so they are not added again; only the help desk's staff can add them back`,
  }]);
  expect(mailed.filter((m) => m.to === BOB)).toEqual([]);
  expect((await rig.browser().signIn(bobsLink)).statusCode).toBe(404);
});

it('by mail: leaves someone staff removed out of the Cc header of the requester\'s reply', async () => {
  const { ticket, bobsLink } = await removedByStaff('Service dates wrong for AAAA333333');
  expect(await rig.signedReply(ALICE, ticket.id, 'The wrong dates are back this morning.', { cc: [BOB] })).toBe('appended');
  expect(await rowsOf(ticket.id, BOB)).toEqual([]);
  expect((await rig.relay()).filter((m) => m.to === BOB)).toEqual([]);
  expect((await rig.browser().signIn(bobsLink)).statusCode).toBe(404);
});

it('by mail: leaves someone staff removed out of the follow-up a late reply-all opens, with the old ticket\'s client IDs', async () => {
  const { ticket, bobsLink } = await removedByStaff('Caseload shows client AAAA555555 twice');
  // Closed 20 days ago, past REOPEN_DAYS: Alice's reply-all to an old status mail still Cc'ing Bob.
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY), clientIds: ['AAAA555555'] })
    .where(eq(tickets.id, ticket.id));
  expect(await rig.signedReply(ALICE, ticket.id, 'The client shows twice again.', { cc: ['Bob@Agency.Example', CAROL] })).toBe('created');
  const [followUp] = await rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, ticket.id));
  expect(followUp!.clientIds).toContain('AAAA555555');
  expect(await rowsOf(followUp!.id, BOB)).toEqual([]);
  // Whoever else the reply-all copies joins the follow-up as before.
  expect(await rowsOf(followUp!.id, CAROL)).toEqual([{ role: 'interested', notify: true }]);
  const mailed = await rig.relay();
  expect(mailed.filter((m) => m.to.toLowerCase() === BOB)).toEqual([]);
  expect(mailed.filter((m) => m.to === CAROL).length).toBeGreaterThan(0);
  expect((await rig.browser().signIn(await rig.link(BOB, followUp!.id))).statusCode).toBe(404);
  expect((await rig.browser().signIn(bobsLink)).statusCode).toBe(404);
});

it('by mail: lets staff\'s #cc bring back someone staff removed, and forgets the removal', async () => {
  const { ticket } = await removedByStaff('Exit form will not save for AAAA444444');
  expect(await rig.signedReply(ALICE, ticket.id, `#cc ${BOB}`)).toBe('updated');
  expect(await rowsOf(ticket.id, BOB)).toEqual([]);
  expect(await rig.signedReply(SUMMER, ticket.id, `#cc ${BOB}`)).toBe('updated');
  expect(await rowsOf(ticket.id, BOB)).toEqual([{ role: 'interested', notify: true }]);
  expect(await removalsOf(ticket.id)).toEqual([]);
  await rig.relay();
  expect(await rig.signedReply(ALICE, ticket.id, 'Thank you, Bob has the figures.')).toBe('appended');
  expect((await rig.relay()).filter((m) => m.to === BOB).map((m) => m.template)).toEqual(['new_note']);
  expect((await (await rig.signedIn(BOB, ticket.id)).get(`/tickets/${ticket.ref}`)).statusCode).toBe(200);
});

it('on the page: refuses the requester\'s add of someone staff removed, and lets staff add them again', async () => {
  const { ticket } = await removedByStaff('Enrollment dates missing for BBBB222222');
  const alice = await rig.signedIn(ALICE, ticket.id);
  const summer = await rig.signedIn(SUMMER, ticket.id);

  const add = await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: BOB, name: '', phone: '' });
  expect(add.statusCode).toBe(409);
  expect(mainOf(add.body)).toContain(`the help desk took ${BOB} off this ticket, so they are not added again; only the help desk&#39;s staff can add them back`);
  expect(await rowsOf(ticket.id, BOB)).toEqual([]);

  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: BOB, name: '', phone: '' })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, BOB)).toEqual([{ role: 'interested', notify: true }]);
  expect(await removalsOf(ticket.id)).toEqual([]);

  // Back on the ticket by staff: the requester's own removal of him is hers to undo again.
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: BOB })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, BOB)).toEqual([]);
  expect(await removalsOf(ticket.id)).toEqual([]);
  expect(await rig.signedReply(ALICE, ticket.id, `#cc ${BOB}`)).toBe('updated');
  expect(await rowsOf(ticket.id, BOB)).toEqual([{ role: 'interested', notify: true }]);
});
