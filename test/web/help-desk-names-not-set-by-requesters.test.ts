// A requester who adds a help-desk person (an admin listed only by address in ADMIN_EMAILS has no
// name until mail proves one) cannot give them a name or phone: that name would show in every
// status mail ("assigned to IT Security Team"). Names typed for people who are not the help
// desk's are still kept, on the ticket page and on the request form.
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { people } from '../../src/adapters/db/schema.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const ADMIN = 'summer@example.test'; // in ADMIN_EMAILS, no name yet

const rig = useWebRig({}, { staffAsStored: true });

const person = async (email: string) => (await rig.database.db.select().from(people).where(eq(people.email, email)))[0];

it('keeps a requester\'s typed name and phone off an admin they add on the ticket page', async () => {
  const ticket = await rig.ticket(ALICE, 'Cannot add client to caseload AAAA111111');
  await rig.personId(ADMIN);
  const alice = await rig.signedIn(ALICE, ticket.id);
  const added = await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: ADMIN, name: 'IT Security Team', phone: '555-6666' });
  expect(added.statusCode).toBe(303);
  expect(await person(ADMIN)).toMatchObject({ name: '', phone: '' });
  // Someone who is not the help desk's keeps the name and phone she gave: the test can fail.
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: 'dave@example.test', name: 'Dave Colleague', phone: '555-0101' })).statusCode).toBe(303);
  expect(await person('dave@example.test')).toMatchObject({ name: 'Dave Colleague', phone: '555-0101' });

  await rig.relay();
  const summer = await rig.signedIn(ADMIN, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'assign', assignee: ADMIN })).statusCode).toBe(303);
  const assigned = (await rig.relay()).find((m) => m.template === 'assigned' && m.to === ALICE);
  expect(assigned?.props.assigneeName).toBe(ADMIN);
});

it('keeps a requester\'s typed name off an admin added on the request form', async () => {
  const other = await rig.ticket('erin@example.test', 'An earlier request of erin');
  const erin = await rig.signedIn('erin@example.test', other.id);
  const res = await erin.post('/new', {
    action: 'submit', type: 'question', summary: 'Who can merge duplicate clients?', description: 'Who at the help desk can merge two duplicate client records?',
    name: 'Erin', phone: '555-0100', 'person-0-name': 'IT Security Team', 'person-0-email': ADMIN, 'person-1-name': 'Fred Colleague', 'person-1-email': 'fred@example.test',
  });
  expect(res.statusCode).toBe(303);
  expect((await person(ADMIN))!.name).toBe('');
  expect((await person('fred@example.test'))!.name).toBe('Fred Colleague');
});
