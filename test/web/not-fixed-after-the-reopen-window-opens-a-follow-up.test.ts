// "If the ticket is not fixed ... select 'Mark the issue as not fixed'. You will be prompted to
// enter a note" (the guide). On a ticket closed more than REOPEN_DAYS ago the ticket page does
// what a reply by mail does then: the note opens a new ticket that names the closed one, and the
// person lands on it; nothing typed is lost. Within the window the ticket itself comes back.
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, tickets } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const DAY = 86_400_000;

const rig = useWebRig();

/** A ticket of alice's (bob interested) closed as verified `days` ago. */
async function closedTicket(summary: string, days: number) {
  const ticket = await rig.ticket(ALICE, summary, [BOB]);
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - days * DAY) }).where(eq(tickets.id, ticket.id));
  return ticket;
}

const followUpsOf = async (id: number) => rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, id));

it('"Mark the issue as not fixed" 20 days after closing opens a follow-up with the note and lands on it', async () => {
  expect(rig.config.REOPEN_DAYS).toBe(14);
  const old = await closedTicket('Org changed back for client AAAA111111', 20);
  const alice = await rig.signedIn(ALICE, old.id);
  const page = mainOf((await alice.get(`/tickets/${old.ref}`)).body);
  expect(page).toContain('name="do" value="notfixed"');
  expect(page).toMatch(/a new ticket that names this one/);

  const res = await alice.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'The org flipped back to the old one again today.' });
  expect(res.statusCode).toBe(303);
  const [followUp] = await followUpsOf(old.id);
  expect(followUp).toBeDefined();
  expect(followUp!.description).toContain('The org flipped back to the old one again today.');
  expect(followUp!.summary).toBe('Org changed back for client AAAA111111');
  expect(res.headers.location).toBe(`/tickets/${followUp!.ref}`);
  // Announced as a new request is: "has been submitted" to alice, the admins' notice.
  const announced = await rig.database.db.select({ event: outbox.event }).from(outbox).where(eq(outbox.ticketId, followUp!.id));
  expect(announced.map((e) => e.event).sort()).toEqual(['new_ticket_admin', 'submitted']);
  const landed = mainOf((await alice.get(res.headers.location as string)).body);
  expect(landed).toContain(`Follows up on</dt><dd><a href="/tickets/${old.ref}"`);
  expect(landed).toContain(followUp!.ref);
  const after = (await rig.store.byId(old.id))!;
  expect([after.status, after.resolution]).toEqual(['closed', 'verified']);
});

it('Reopen 20 days after closing asks what is wrong and opens a follow-up with it', async () => {
  const old = await closedTicket('Caseload will not load', 20);
  const bob = await rig.signedIn(BOB, old.id);
  const page = mainOf((await bob.get(`/tickets/${old.ref}`)).body);
  const reopenForm = /<form[^>]*aria-labelledby="reopen-h">[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
  expect(reopenForm).toMatch(/<textarea[^>]*name="note"[^>]*required/);

  const res = await bob.post(`/tickets/${old.ref}`, { do: 'reopen', note: 'The caseload is empty again for our whole team.' });
  expect(res.statusCode).toBe(303);
  const [followUp] = await followUpsOf(old.id);
  expect(followUp!.description).toContain('The caseload is empty again for our whole team.');
  expect(res.headers.location).toBe(`/tickets/${followUp!.ref}`);
  expect((await rig.store.byId(old.id))!.status).toBe('closed');
});

it('within the window "Mark the issue as not fixed" brings the ticket itself back, as before', async () => {
  const recent = await closedTicket('Exit date will not save', 3);
  const alice = await rig.signedIn(ALICE, recent.id);
  expect(mainOf((await alice.get(`/tickets/${recent.ref}`)).body)).not.toMatch(/a new ticket that names this one/);
  const res = await alice.post(`/tickets/${recent.ref}`, { do: 'notfixed', note: 'Still will not save.' });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(`/tickets/${recent.ref}`);
  expect((await rig.store.byId(recent.id))!.status).toBe('new');
  expect(await followUpsOf(recent.id)).toEqual([]);
});
