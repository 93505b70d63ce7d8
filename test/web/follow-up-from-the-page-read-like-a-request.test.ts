// A follow-up opened from the ticket page ("Mark the issue as not fixed" on a ticket closed more than
// REOPEN_DAYS ago) is read as the same words by mail are: like any request, for how urgent it is and
// the client IDs it names ("Tickets that are holding up clients from receiving benefits get the
// highest priority"), while it stays about the old ticket's problem.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { outbox, tickets } from '../../src/adapters/db/schema.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const DAY = 86_400_000;

const rig = useWebRig();

it('makes a follow-up urgent and names its client IDs when the note says a client is turned away tonight', async () => {
  const old = await rig.ticket(ALICE, 'Wrong Org for client BBBB222222');
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', clientIds: ['BBBB222222'], closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, old.id));
  const alice = rig.browser();
  await alice.signIn(await rig.link(ALICE, old.id));

  const res = await alice.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'Client AAAA111111 is being turned away from the shelter tonight because the Org is wrong again.' });
  expect(res.statusCode).toBe(303);
  const [followUp] = await rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, old.id));
  expect(res.headers.location).toBe(`/tickets/${followUp!.ref}`);
  expect(followUp!.priority).toBe('urgent');
  expect(followUp!.clientIds).toEqual(expect.arrayContaining(['AAAA111111', 'BBBB222222']));
  // Still about the old ticket's problem.
  expect([followUp!.summary, followUp!.route, followUp!.topic]).toEqual(['Wrong Org for client BBBB222222', 'ica_helpdesk', 'other']);
  const [notice] = await rig.database.db.select({ payload: outbox.payload }).from(outbox).where(and(eq(outbox.ticketId, followUp!.id), eq(outbox.event, 'new_ticket_admin')));
  expect(notice?.payload.urgent).toBe(true);
  expect(String(notice?.payload.reasonText)).toMatch(/^URGENT: [^.]*shelter/);
});

it('does not make a follow-up urgent when its note says nothing urgent', async () => {
  const old = await rig.ticket(ALICE, 'Report totals off by one');
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, old.id));
  const alice = rig.browser();
  await alice.signIn(await rig.link(ALICE, old.id));
  expect((await alice.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'The totals are off by one again in the monthly report.' })).statusCode).toBe(303);
  const [followUp] = await rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, old.id));
  expect(followUp!.priority).toBe('normal');
});
