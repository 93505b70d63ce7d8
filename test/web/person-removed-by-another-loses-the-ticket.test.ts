// "Stop updating this person" by someone else is the guide's "Remove": the person removed (a
// typo'd address, someone added by mistake) no longer sees the ticket, its client IDs and notes,
// nor finds it in their list, and their signed reply address writes nothing into it (their mail
// is a stranger's: it opens a request of their own). A person who stops their own updates keeps
// the ticket and only gets no mail.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { notes, participants, tickets } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@wrong.example';
const CAROL = 'carol@example.test';

const rig = useWebRig();

/** The ticket page's list of people. */
const peopleOf = (html: string) => /<h2 id="people">[\s\S]*?<h2 /.exec(mainOf(html))?.[0] ?? '';
const notesOn = async (ticketId: number) => rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, ticketId));

it('takes the ticket from a person the submitter removed: page, list, signed reply and reopening', async () => {
  const ticket = await rig.ticket(ALICE, 'Cannot see client AAAA111111 in my caseload');
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: BOB, name: '', phone: '' })).statusCode).toBe(303);
  // Bob has the link from the status mail he already got.
  const bobsLink = await rig.link(BOB, ticket.id);
  const bob = rig.browser();
  expect((await bob.signIn(bobsLink)).statusCode).toBe(200);
  expect(peopleOf((await alice.get(`/tickets/${ticket.ref}`)).body)).toContain(BOB);
  expect(mainOf((await bob.get('/my')).body)).toContain(`/tickets/${ticket.ref}"`);

  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: BOB })).statusCode).toBe(303);
  const page = await bob.get(`/tickets/${ticket.ref}`);
  expect(page.statusCode).toBe(404);
  expect(page.body).not.toContain('AAAA111111');
  expect((await rig.browser().signIn(bobsLink)).statusCode).toBe(404);
  expect(mainOf((await bob.get('/my')).body)).not.toContain(`/tickets/${ticket.ref}"`);
  expect(peopleOf((await alice.get(`/tickets/${ticket.ref}`)).body)).not.toContain(BOB);

  // Closed a moment ago, well within REOPEN_DAYS: his note would have reopened it.
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'close', note: '' })).statusCode).toBe(303);
  const outcome = await rig.signedReply(BOB, ticket.id, 'Please add me back, I still need this.');
  expect(outcome).toBe('created');
  expect((await notesOn(ticket.id)).map((n) => n.body)).not.toContain('Please add me back, I still need this.');
  expect((await rig.store.byId(ticket.id))!.status).toBe('closed');
  // His mail opened a request of his own, as a stranger's mail to the help desk does.
  const [own] = await rig.database.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.description, 'Please add me back, I still need this.'));
  expect(own).toBeDefined();
  expect((await rig.store.participantsOf(own!.id)).map((p) => [p.email, p.role])).toEqual([[BOB, 'submitter']]);
});

it('leaves a person who stopped their own updates the ticket, without mail', async () => {
  const ticket = await rig.ticket(ALICE, 'Report totals wrong for client AAAA222222', [CAROL]);
  const carol = await rig.signedIn(CAROL, ticket.id);
  expect((await carol.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: CAROL })).statusCode).toBe(303);
  expect((await carol.get(`/tickets/${ticket.ref}`)).statusCode).toBe(200);
  expect(mainOf((await carol.get('/my')).body)).toContain(`/tickets/${ticket.ref}"`);
  const rows = await rig.database.db.select({ notify: participants.notify }).from(participants)
    .where(and(eq(participants.ticketId, ticket.id), eq(participants.personId, await rig.personId(CAROL))));
  expect(rows).toEqual([{ notify: false }]);
  expect(await rig.signedReply(CAROL, ticket.id, 'One more detail: it is the March report.')).toBe('appended');
  expect((await notesOn(ticket.id)).map((n) => n.body)).toContain('One more detail: it is the March report.');
});
