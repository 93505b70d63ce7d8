// Mail to bob+x@ reaches bob@. So someone staff took off a ticket is not brought back by the
// requester's #cc of bob+x@, nor by a Cc header naming it (on the ticket, or the follow-up a late
// reply-all opens), and someone who said #stop is not turned back on that way either: no row, no
// mail, no page. From the mail, through the database, to the status mail the relay makes.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { participants, tickets } from '../../src/adapters/db/schema.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@agency.example';
const BOB_TAGGED = 'bob+x@agency.example';
const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test'; // an admin
const DAY = 86_400_000;

const rig = useWebRig();

/** The rows of whoever `email` reaches (the address and its +tag form) on the ticket. */
async function rowsOf(ticketId: number, ...emails: string[]) {
  const rows = [];
  for (const email of emails) {
    rows.push(...await rig.database.db.select({ role: participants.role, notify: participants.notify }).from(participants)
      .where(and(eq(participants.ticketId, ticketId), eq(participants.personId, await rig.personId(email)))));
  }
  return rows;
}

/** Mail the relay made to any form of the address. */
const mailTo = (mailed: { to: string }[], local: string) => mailed.filter((m) => m.to.toLowerCase().startsWith(`${local}@`) || m.to.toLowerCase().startsWith(`${local}+`));

/** A ticket of Alice's with Bob on it, from which an admin took Bob off on the page. */
async function bobRemovedByStaff(summary: string) {
  const ticket = await rig.ticket(ALICE, summary, [BOB]);
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: BOB })).statusCode).toBe(303);
  await rig.relay();
  return ticket;
}

it('refuses the requester\'s #cc of a +tag form of someone staff removed, and mails them nothing', async () => {
  const ticket = await bobRemovedByStaff('Caseload shows client AAAA111111 twice');
  expect(await rig.signedReply(ALICE, ticket.id, `#cc ${BOB_TAGGED}\nBob should see this.`)).toBe('appended');
  expect(await rowsOf(ticket.id, BOB, BOB_TAGGED)).toEqual([]);
  const mailed = await rig.relay();
  expect(mailed.find((m) => m.template === 'command_refused' && m.to === ALICE)?.props.refusals).toEqual([{
    command: `#cc ${BOB_TAGGED}`,
    reason: `the help desk took ${BOB_TAGGED} off this ticket, so they are not added again; only the help desk's staff can add them back`,
  }]);
  expect(mailTo(mailed, 'bob')).toEqual([]);
});

it('leaves a +tag form of someone staff removed out of the Cc header of the requester\'s reply, and of the follow-up it opens late', async () => {
  const ticket = await bobRemovedByStaff('Service dates wrong for AAAA333333');
  expect(await rig.signedReply(ALICE, ticket.id, 'The wrong dates are back this morning.', { cc: [BOB_TAGGED] })).toBe('appended');
  expect(await rowsOf(ticket.id, BOB, BOB_TAGGED)).toEqual([]);
  expect(mailTo(await rig.relay(), 'bob')).toEqual([]);

  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, ticket.id));
  expect(await rig.signedReply(ALICE, ticket.id, 'The dates are wrong again.', { cc: [BOB_TAGGED, CAROL] })).toBe('created');
  const [followUp] = await rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, ticket.id));
  expect(await rowsOf(followUp!.id, BOB, BOB_TAGGED)).toEqual([]);
  expect(await rowsOf(followUp!.id, CAROL)).toEqual([{ role: 'interested', notify: true }]);
  expect(mailTo(await rig.relay(), 'bob')).toEqual([]);
});

it('does not undo a #stop by the requester\'s #cc or Cc header of a +tag form of the address', async () => {
  const ticket = await rig.ticket(ALICE, 'Cannot add client to caseload AAAA444444', [CAROL]);
  expect(await rig.signedReply(CAROL, ticket.id, '#stop')).toBe('updated');
  await rig.relay();
  expect(await rig.signedReply(ALICE, ticket.id, '#cc carol+x@example.test\nCarol, have a look?')).toBe('appended');
  expect(await rig.signedReply(ALICE, ticket.id, 'Any news on this?', { cc: ['carol+y@example.test'] })).toBe('appended');
  expect(await rowsOf(ticket.id, CAROL, 'carol+x@example.test', 'carol+y@example.test')).toEqual([{ role: 'interested', notify: false }]);
  const mailed = await rig.relay();
  expect(mailed.find((m) => m.template === 'command_refused' && m.to === ALICE)?.props.refusals).toEqual([{
    command: '#cc carol+x@example.test',
    reason: `${CAROL} asked not to receive updates on this ticket, so they are not added again; only they or the help desk's staff can turn their updates back on`,
  }]);
  expect(mailTo(mailed, 'carol')).toEqual([]);
});
