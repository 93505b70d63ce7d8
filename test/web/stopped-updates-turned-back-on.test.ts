// Whose stop undoes whom: a person who stopped their own updates ("Stop updating me", #stop) turns
// them back on themselves (#cc of their own address, "Resume my updates" on the page, or by writing
// on the ticket again), or staff do on the page; anyone else's re-add is refused and says who can.
// Nor can anyone but staff remove them (a page shown before their stop, a form edited by hand): removing
// and adding again would undo the stop in two steps, and take the ticket from someone who only asked for
// no mail. A person someone else removed can be added again by the submitter or staff, by mail and on the page.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { notes, participants } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const CAROL = 'carol@example.test';
const DAVE = 'dave@example.test';
const SUMMER = 'summer@example.test'; // an admin

const rig = useWebRig();

/** The person's rows on the ticket: role and whether they get its mail. */
const rowsOf = async (ticketId: number, email: string) => rig.database.db.select({ role: participants.role, notify: participants.notify }).from(participants)
  .where(and(eq(participants.ticketId, ticketId), eq(participants.personId, await rig.personId(email))));

it('by mail: refuses the submitter\'s #cc of someone who stopped, and lets them back in by writing again', async () => {
  const ticket = await rig.ticket(ALICE, 'Cannot add client to caseload AAAA111111', [CAROL]);
  expect(await rig.signedReply(CAROL, ticket.id, '#stop')).toBe('updated');
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: false }]);
  await rig.relay();

  expect(await rig.signedReply(ALICE, ticket.id, `#cc ${CAROL}`)).toBe('updated');
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: false }]);
  const refused = (await rig.relay()).find((m) => m.template === 'command_refused' && m.to === ALICE);
  expect(refused?.props.refusals).toEqual([{
    command: `#cc ${CAROL}`,
    reason: `${CAROL} asked not to receive updates on this ticket, so they are not added again; only they or the help desk's staff can turn their updates back on`,
  }]);

  expect(await rig.signedReply(CAROL, ticket.id, 'Is there any news on this? We still cannot add the client.')).toBe('appended');
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: true }]);
});

it('by mail: lets the submitter turn her own updates back on with #cc of her own address', async () => {
  const ticket = await rig.ticket(ALICE, 'Report totals wrong for client AAAA222222');
  await rig.signedReply(ALICE, ticket.id, '#stop');
  expect(await rowsOf(ticket.id, ALICE)).toEqual([{ role: 'submitter', notify: false }]);
  await rig.signedReply(ALICE, ticket.id, `#cc ${ALICE}`);
  expect(await rowsOf(ticket.id, ALICE)).toEqual([{ role: 'submitter', notify: true }]);
});

it('by mail: lets the submitter add again someone she removed', async () => {
  const ticket = await rig.ticket(ALICE, 'Cannot merge BBBB333333', [DAVE]);
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: DAVE })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, DAVE)).toEqual([]);
  await rig.signedReply(ALICE, ticket.id, `#cc ${DAVE}`);
  expect(await rowsOf(ticket.id, DAVE)).toEqual([{ role: 'interested', notify: true }]);
  expect((await (await rig.signedIn(DAVE, ticket.id)).get(`/tickets/${ticket.ref}`)).statusCode).toBe(200);
});

it('on the page: only the person or staff resume a stop of the person\'s own, and a removed person can be added again', async () => {
  const ticket = await rig.ticket(ALICE, 'Enrollment list missing dates for CCCC444444', [CAROL, DAVE]);
  const alice = await rig.signedIn(ALICE, ticket.id);
  const carol = await rig.signedIn(CAROL, ticket.id);
  expect((await carol.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: CAROL })).statusCode).toBe(303);

  const readd = await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: CAROL, name: '', phone: '' });
  expect(readd.statusCode).toBe(409);
  expect(mainOf(readd.body)).toContain('only they or the help desk&#39;s staff can turn their updates back on');
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'resume_person', email: CAROL })).statusCode).toBe(403);
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: false }]);

  expect(mainOf((await carol.get(`/tickets/${ticket.ref}`)).body)).toContain('Resume my updates');
  expect((await carol.post(`/tickets/${ticket.ref}`, { do: 'resume_person', email: CAROL })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: true }]);

  // Stopped again by herself; an admin may turn it back on, on the page.
  expect((await carol.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: CAROL })).statusCode).toBe(303);
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect(mainOf((await summer.get(`/tickets/${ticket.ref}`)).body)).toContain('Resume updates to this person');
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'resume_person', email: CAROL })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: true }]);

  // Removed by Alice by mistake, added again by her.
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: DAVE })).statusCode).toBe(303);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: DAVE, name: '', phone: '' })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, DAVE)).toEqual([{ role: 'interested', notify: true }]);
});

it('on the page: a note written by someone who stopped their updates turns them back on', async () => {
  const ticket = await rig.ticket(ALICE, 'Service entry will not save for DDDD555555', [CAROL]);
  const carol = await rig.signedIn(CAROL, ticket.id);
  expect((await carol.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: CAROL })).statusCode).toBe(303);
  const form = new FormData();
  form.set('do', 'note');
  form.set('note', 'It fails for the March entries only.');
  expect((await carol.postMultipart(`/tickets/${ticket.ref}`, form)).statusCode).toBe(303);
  expect((await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, ticket.id))).map((n) => n.body)).toContain('It fails for the March entries only.');
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: true }]);
});

it('lets staff turn back on by mail the updates staff stopped, and says so to the submitter otherwise', async () => {
  const ticket = await rig.ticket(ALICE, 'Intake form will not print for EEEE666666', [CAROL]);
  await rig.database.db.insert(participants).values({ ticketId: ticket.id, personId: await rig.personId(DAVE), role: 'assignee' });
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: DAVE })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, DAVE)).toEqual([{ role: 'assignee', notify: false }]);
  await rig.relay();
  await rig.signedReply(ALICE, ticket.id, `#cc ${DAVE}`);
  expect(await rowsOf(ticket.id, DAVE)).toEqual([{ role: 'assignee', notify: false }]);
  const refused = (await rig.relay()).find((m) => m.template === 'command_refused' && m.to === ALICE);
  expect(refused?.props.refusals?.[0]?.reason).toBe(`the help desk stopped the updates to ${DAVE} on this ticket, so only they or the help desk's staff can turn them back on`);
  await rig.signedReply(SUMMER, ticket.id, `#cc ${DAVE}`);
  expect(await rowsOf(ticket.id, DAVE)).toEqual([{ role: 'assignee', notify: true }]);
});

it('on the page: refuses the submitter\'s removal of someone who sent #stop, so her re-add stays refused and the ticket stays hers to see', async () => {
  const ticket = await rig.ticket(ALICE, 'Client AAAA777777 missing from caseload', [CAROL]);
  const alice = await rig.signedIn(ALICE, ticket.id);
  // Alice's page is from before Carol's stop: it still offers to stop Carol's updates.
  expect(mainOf((await alice.get(`/tickets/${ticket.ref}`)).body)).toContain(`name="email" value="${CAROL}"`);
  expect(await rig.signedReply(CAROL, ticket.id, '#stop')).toBe('updated');
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: false }]);

  const removal = await alice.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: CAROL });
  expect(removal.statusCode).toBe(409);
  expect(mainOf(removal.body)).toContain(`${CAROL} already receives no updates: ${CAROL} asked not to receive updates on this ticket. Only the help desk&#39;s staff can take them off the ticket.`);
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: false }]);

  // Her stop still holds against a re-add, on the page and by mail.
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: CAROL, name: '', phone: '' })).statusCode).toBe(409);
  expect(await rig.signedReply(ALICE, ticket.id, `#cc ${CAROL}`)).toBe('updated');
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: false }]);
  // She asked for no mail, not to lose the ticket.
  expect((await (await rig.signedIn(CAROL, ticket.id)).get(`/tickets/${ticket.ref}`)).statusCode).toBe(200);
});

it('lets staff take off the ticket someone who stopped their own updates', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit survey will not submit for FFFF888888', [CAROL]);
  expect(await rig.signedReply(CAROL, ticket.id, '#stop')).toBe('updated');
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: CAROL })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, CAROL)).toEqual([]);
  expect((await (await rig.signedIn(CAROL, ticket.id)).get(`/tickets/${ticket.ref}`)).statusCode).toBe(404);
});

/** A ticket of Alice's with Dave as its assignee, whose updates an admin stopped on the page; the admin's signed-in browser. */
async function stoppedByStaff(summary: string) {
  const ticket = await rig.ticket(ALICE, summary, [CAROL]);
  await rig.database.db.insert(participants).values({ ticketId: ticket.id, personId: await rig.personId(DAVE), role: 'assignee' });
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: DAVE })).statusCode).toBe(303);
  expect(await rowsOf(ticket.id, DAVE)).toEqual([{ role: 'assignee', notify: false }]);
  await rig.relay();
  return { ticket, summer };
}

it('on the page: refuses the submitter\'s add of someone whose updates staff stopped, saying the help desk stopped them', async () => {
  const { ticket } = await stoppedByStaff('Caseload export empty for GGGG999999');
  const alice = await rig.signedIn(ALICE, ticket.id);
  const readd = await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: DAVE, name: '', phone: '' });
  expect(readd.statusCode).toBe(409);
  expect(mainOf(readd.body)).toContain(`#cc ${DAVE}: the help desk stopped the updates to ${DAVE} on this ticket, so only they or the help desk&#39;s staff can turn them back on.`);
  expect(mainOf(readd.body)).not.toContain('asked not to receive updates');
  expect(await rowsOf(ticket.id, DAVE)).toEqual([{ role: 'assignee', notify: false }]);
});

it('on the page: lets staff\'s add turn back on the updates staff stopped, as staff\'s #cc does by mail', async () => {
  const { ticket, summer } = await stoppedByStaff('Exit form blank for IIII111111');
  const add = await summer.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: DAVE, name: '', phone: '' });
  expect(add.statusCode).toBe(303);
  expect(await rowsOf(ticket.id, DAVE)).toEqual([{ role: 'assignee', notify: true }]);
  expect(mainOf((await summer.get(`/tickets/${ticket.ref}`)).body)).toContain(`${DAVE} will receive updates on this ticket again.`);
  await rig.relay();
  expect(await rig.signedReply(ALICE, ticket.id, 'The export is still empty this morning.')).toBe('appended');
  expect((await rig.relay()).filter((m) => m.to === DAVE).map((m) => m.template)).toEqual(['new_note']);
});

it('on the page: staff\'s add leaves a person\'s own stop as it is, and says so', async () => {
  const ticket = await rig.ticket(ALICE, 'Service plan will not print for HHHH000000', [CAROL]);
  expect(await rig.signedReply(CAROL, ticket.id, '#stop')).toBe('updated');
  const summer = await rig.signedIn(SUMMER, ticket.id);
  const add = await summer.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: CAROL, name: '', phone: '' });
  expect(add.statusCode).toBe(409);
  expect(mainOf(add.body)).toContain(`${CAROL} asked not to receive updates on this ticket, so they are not added again`);
  expect(await rowsOf(ticket.id, CAROL)).toEqual([{ role: 'interested', notify: false }]);
});
