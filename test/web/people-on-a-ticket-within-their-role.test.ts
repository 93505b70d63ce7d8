// Who may change whose entry on a ticket page: everyone their own; staff anyone's; someone who may
// add people only those brought in (interested), whose details they may complete but not replace.
// A submitter cannot rename the admin everywhere or stop the assignee's mail.
import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { participants, people } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test'; // an admin, and the ticket's assignee

const rig = useWebRig();
let ticket: { id: number; ref: string };
beforeAll(async () => {
  ticket = await rig.ticket(ALICE, 'Cannot add client to caseload AAAA111111', [CAROL]);
  await rig.database.db.insert(participants).values({ ticketId: ticket.id, personId: await rig.personId(SUMMER), role: 'assignee' });
  await rig.database.db.update(people).set({ name: 'Summer Bammes', phone: '555-0100' }).where(eq(people.email, SUMMER));
  await rig.database.db.update(people).set({ name: 'Carol Interested' }).where(eq(people.email, CAROL));
}, 60_000);

const person = async (email: string) => (await rig.database.db.select().from(people).where(eq(people.email, email)))[0]!;
const notifies = async (email: string) =>
  (await rig.database.db.select({ notify: participants.notify }).from(participants).where(eq(participants.personId, (await person(email)).id))).every((r) => r.notify);

it('refuses a submitter renaming or silencing the assignee, and offers no form for it', async () => {
  const alice = await rig.signedIn(ALICE, ticket.id);
  const rename = await alice.post(`/tickets/${ticket.ref}`, { do: 'edit_person', email: SUMMER, name: 'IT Security Team', phone: '555-6666' });
  expect(rename.statusCode).toBe(403);
  const stop = await alice.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: SUMMER });
  expect(stop.statusCode).toBe(403);
  expect((await person(SUMMER)).name).toBe('Summer Bammes');
  expect((await person(SUMMER)).phone).toBe('555-0100');
  expect(await notifies(SUMMER)).toBe(true);
  const page = mainOf((await alice.get(`/tickets/${ticket.ref}`)).body);
  expect(page).not.toContain('Edit details of Summer Bammes');
  expect(page).toContain('Edit details of Carol Interested');
});

it('lets a submitter complete, not replace, the details of someone they brought in', async () => {
  const alice = await rig.signedIn(ALICE, ticket.id);
  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'edit_person', email: CAROL, name: 'Someone Else', phone: '555-0123' });
  expect(res.statusCode).toBe(303);
  expect((await person(CAROL)).name).toBe('Carol Interested');
  expect((await person(CAROL)).phone).toBe('555-0123');
});

it('lets staff change anyone\'s details, and each person their own', async () => {
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'edit_person', email: CAROL, name: 'Carol Smith', phone: '' })).statusCode).toBe(303);
  expect((await person(CAROL)).name).toBe('Carol Smith');
  const carol = await rig.signedIn(CAROL, ticket.id);
  expect((await carol.post(`/tickets/${ticket.ref}`, { do: 'edit_person', email: CAROL, name: 'Carol S.', phone: '555-0199' })).statusCode).toBe(303);
  expect((await person(CAROL)).name).toBe('Carol S.');
  expect((await person(CAROL)).phone).toBe('555-0199');
});

it('refuses a submitter silencing or renaming the help desk\'s staff they brought in as interested people', async () => {
  const ADMIN = 'summer@example.test';
  const other = await rig.ticket(ALICE, 'Cannot see client AAAA222222 in my caseload');
  const alice = await rig.signedIn(ALICE, other.id);
  // An admin copied in as an interested person is still the help desk's: theirs to stop, not hers.
  expect((await alice.post(`/tickets/${other.ref}`, { do: 'add_person', email: ADMIN, name: '', phone: '' })).statusCode).toBe(303);
  const onOther = async () => (await rig.database.db.select({ notify: participants.notify, role: participants.role }).from(participants)
    .where(eq(participants.ticketId, other.id))).filter((r) => r.role === 'interested');
  expect((await onOther()).length).toBe(1);
  expect((await alice.post(`/tickets/${other.ref}`, { do: 'stop_person', email: ADMIN })).statusCode).toBe(403);
  expect((await alice.post(`/tickets/${other.ref}`, { do: 'edit_person', email: ADMIN, name: 'Not Summer', phone: '555-6666' })).statusCode).toBe(403);
  expect((await onOther()).every((r) => r.notify)).toBe(true);
  expect((await person(ADMIN)).name).toBe('Summer Bammes');
  expect(mainOf((await alice.get(`/tickets/${other.ref}`)).body)).not.toContain('Edit details of Summer Bammes');
  // Someone she brought in who is not staff stays hers to stop: the test can fail.
  expect((await alice.post(`/tickets/${other.ref}`, { do: 'add_person', email: 'dave@example.test', name: 'Dave', phone: '' })).statusCode).toBe(303);
  expect((await alice.post(`/tickets/${other.ref}`, { do: 'stop_person', email: 'dave@example.test' })).statusCode).toBe(303);
});
