// A note on the ticket page that answers a ticket waiting for information is read as a reply by
// mail is (README: "what it supplies is cleared ... Client IDs a reply names join the ticket's"):
// the items it supplies leave the ticket's missing information, and the client IDs it names join
// the ticket's, so My Submitted Issues finds the ticket by them.
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tickets } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';

const rig = useWebRig();

it('a note that gives when it started and the client ID clears both and files the ID with the ticket', async () => {
  const ticket = await rig.ticket(ALICE, 'Enrollment will not save');
  // As intake leaves a client-record request that lacks the client and the start.
  await rig.database.db.update(tickets).set({ status: 'waiting_for_response', topic: 'client_record', missingInfo: ['client_id', 'when_started'] }).where(eq(tickets.id, ticket.id));
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect(mainOf((await alice.get(`/my?q=AAAA111111`)).body)).not.toContain(`data-ref="${ticket.ref}"`);

  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'Started 03/01; client AAAA111111', then: '' });
  expect(res.statusCode).toBe(303);
  const after = (await rig.store.byId(ticket.id))!;
  expect(after.missingInfo).toEqual([]);
  expect(after.clientIds).toContain('AAAA111111');
  expect(after.status).toBe('new'); // answered: back to work, as a reply by mail
  expect(mainOf((await alice.get(`/my?q=AAAA111111`)).body)).toContain(`data-ref="${ticket.ref}"`);
});

it('a note that gives only part keeps asking for the rest', async () => {
  const ticket = await rig.ticket(ALICE, 'Enrollment will not save either');
  await rig.database.db.update(tickets).set({ status: 'waiting_for_response', topic: 'client_record', missingInfo: ['client_id', 'when_started'] }).where(eq(tickets.id, ticket.id));
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'It is client BBBB222222.', then: '' })).statusCode).toBe(303);
  const after = (await rig.store.byId(ticket.id))!;
  expect(after.missingInfo).toEqual(['when_started']);
  expect(after.clientIds).toEqual(['BBBB222222']);
});

it('a note that names the other duplicate record clears "all the duplicate Client IDs" when the ticket has the first', async () => {
  const ticket = await rig.ticket(ALICE, 'Merge two records');
  // A merge request that named one record, asked for all the duplicates.
  await rig.database.db.update(tickets).set({ status: 'waiting_for_response', topic: 'merge_request', clientIds: ['LHSE204810'], missingInfo: ['duplicate_client_ids'] }).where(eq(tickets.id, ticket.id));
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'The other record is LHSE204811.', then: '' })).statusCode).toBe(303);
  const after = (await rig.store.byId(ticket.id))!;
  expect(after.clientIds).toEqual(['LHSE204810', 'LHSE204811']);
  expect(after.missingInfo).toEqual([]);
});
