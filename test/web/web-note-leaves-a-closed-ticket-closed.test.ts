// The guide's "Save the note" on the ticket page "does not change the status of the ticket, but
// notifies the person assigned to the ticket and others of the new note": a note saved "and
// change nothing else" on a closed ticket adds the note and leaves the ticket closed. Bringing it
// back is "Mark the issue as not fixed" or Reopen. (A reply by mail still reopens: README.)
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, tickets } from '../../src/adapters/db/schema.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';

const rig = useWebRig();

const eventsOn = async (id: number) => (await rig.database.db.select({ event: outbox.event }).from(outbox).where(eq(outbox.ticketId, id)).orderBy(outbox.id)).map((e) => e.event);

it('a note saved "and change nothing else" on a verified ticket leaves it closed as verified', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit page will not save for client AAAA111111');
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'fixed', note: '' })).statusCode).toBe(303);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'verified', note: '' })).statusCode).toBe(303);
  const closed = (await rig.store.byId(ticket.id))!;
  expect([closed.status, closed.resolution]).toEqual(['closed', 'verified']);
  const before = (await eventsOn(ticket.id)).length;

  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'Thanks, all good now!', then: '' });
  expect(res.statusCode).toBe(303);
  const after = (await rig.store.byId(ticket.id))!;
  expect([after.status, after.resolution]).toEqual(['closed', 'verified']);
  expect(after.closedAt?.getTime()).toBe(closed.closedAt?.getTime());
  expect((await rig.store.notesOf(ticket.id)).map((n) => n.body)).toContain('Thanks, all good now!');
  expect((await eventsOn(ticket.id)).slice(before)).toEqual(['new_note']);
});

it('a note saved "and change nothing else" on a ticket closed long ago is added to it, not refused', async () => {
  const ticket = await rig.ticket(ALICE, 'Income calculation needs cents');
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'close', note: '' })).statusCode).toBe(303);
  const longAgo = new Date(Date.now() - (rig.config.REOPEN_DAYS + 6) * 86_400_000);
  await rig.database.db.update(tickets).set({ closedAt: longAgo }).where(eq(tickets.id, ticket.id));
  const before = (await eventsOn(ticket.id)).length;

  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'For the record: the cents show now.', then: '' });
  expect(res.statusCode).toBe(303);
  const after = (await rig.store.byId(ticket.id))!;
  expect([after.status, after.resolution, after.closedAt?.getTime()]).toEqual(['closed', 'closed', longAgo.getTime()]);
  expect((await rig.store.notesOf(ticket.id)).map((n) => n.body)).toContain('For the record: the cents show now.');
  expect((await eventsOn(ticket.id)).slice(before)).toEqual(['new_note']);
});
