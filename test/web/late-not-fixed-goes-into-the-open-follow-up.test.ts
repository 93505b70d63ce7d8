// On a ticket closed more than REOPEN_DAYS ago, "Mark the issue as not fixed" and Reopen open a
// follow-up ticket; pressed again while that follow-up is still open (by the requester, or by someone
// else on the old ticket), what is written is a note on that follow-up, as the same words by mail
// are, and the person lands on it: one problem, one ticket, one "has been submitted".
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { notes, outbox, tickets } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const DAY = 86_400_000;

const rig = useWebRig();

const followUpsOf = async (id: number) => rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, id));
const eventsOf = async (id: number) => (await rig.database.db.select({ event: outbox.event }).from(outbox).where(eq(outbox.ticketId, id))).map((e) => e.event).sort();
const notesOf = async (id: number) => rig.database.db.select({ body: notes.body, internal: notes.internal }).from(notes).where(and(eq(notes.ticketId, id), eq(notes.kind, 'note')));

it('a second "not fixed" and a colleague\'s Reopen go into the open follow-up as notes, and land on it', async () => {
  const old = await rig.ticket(ALICE, 'Org changed back for client AAAA111111', [BOB]);
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, old.id));
  const alice = await rig.signedIn(ALICE, old.id);
  expect((await alice.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'The org flipped back again today.' })).statusCode).toBe(303);
  const [followUp] = await followUpsOf(old.id);
  expect(await eventsOf(followUp!.id)).toEqual(['new_ticket_admin', 'submitted']);
  const oldVersion = (await rig.store.byId(old.id))!.version;
  // The old ticket's page says where what is written now goes.
  expect(mainOf((await alice.get(`/tickets/${old.ref}`)).body)).toContain(`so what you write is added to ${followUp!.ref}, the open ticket that follows up on this one.`);

  const again = await alice.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'And for AAAA222222 as well.' });
  expect(again.statusCode).toBe(303);
  expect(again.headers.location).toBe(`/tickets/${followUp!.ref}`);
  expect(await followUpsOf(old.id)).toHaveLength(1);
  expect(await notesOf(followUp!.id)).toEqual([{ body: 'And for AAAA222222 as well.', internal: false }]);
  // Announced as a note is; no second "has been submitted", no refusal mail for the button.
  expect(await eventsOf(followUp!.id)).toEqual(['new_note', 'new_ticket_admin', 'submitted']);

  const bob = await rig.signedIn(BOB, old.id);
  const res = await bob.post(`/tickets/${old.ref}`, { do: 'reopen', note: 'Our team sees the old org too.' });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(`/tickets/${followUp!.ref}`);
  expect(await followUpsOf(old.id)).toHaveLength(1);
  expect((await notesOf(followUp!.id)).map((n) => n.body)).toEqual(['And for AAAA222222 as well.', 'Our team sees the old org too.']);
  // Bob joins the follow-up, so he hears what happens to it.
  expect((await rig.store.participantsOf(followUp!.id)).map((p) => `${p.role}:${p.email}`)).toEqual([`submitter:${ALICE}`, `interested:${BOB}`]);
  const landed = (await bob.get(res.headers.location as string)).body;
  expect(landed).toContain('was added to');

  // The old ticket is left as it was: closed, no notes; only its version moved with its follow-up.
  const after = (await rig.store.byId(old.id))!;
  expect([after.status, after.resolution, after.version]).toEqual(['closed', 'verified', oldVersion]);
  expect(await notesOf(old.id)).toEqual([]);
});

it('opens a new follow-up once the open one is closed', async () => {
  const old = await rig.ticket(ALICE, 'Caseload will not load');
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, old.id));
  const alice = await rig.signedIn(ALICE, old.id);
  await alice.post(`/tickets/${old.ref}`, { do: 'reopen', note: 'The caseload is empty again.' });
  const [first] = await followUpsOf(old.id);
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date() }).where(eq(tickets.id, first!.id));
  expect(mainOf((await alice.get(`/tickets/${old.ref}`)).body)).toContain('so what you write opens a new ticket that names this one.');
  const res = await alice.post(`/tickets/${old.ref}`, { do: 'reopen', note: 'Empty once more this week.' });
  const all = await followUpsOf(old.id);
  expect(all).toHaveLength(2);
  const second = all.find((t) => t.id !== first!.id)!;
  expect(res.headers.location).toBe(`/tickets/${second.ref}`);
  expect(second.description).toBe('Empty once more this week.');
});
