// The request form asks for a phone number ("Phone Number*", as the guide's form does) and for the
// phones of the people it notifies; they are kept as those people's phones, shown on the ticket
// page's People list and in "Edit details", not only written into the description. A requester
// still gives no details for the help desk's own people, and fills only a phone that is missing
// for anyone else's.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { people } from '../../src/adapters/db/schema.ts';
import { setPersonDetails } from '../../src/adapters/db/web-people.ts';
import { useWebRig } from './support.ts';

const ADMIN = 'summer@example.test'; // in ADMIN_EMAILS

const rig = useWebRig({}, { staffAsStored: true });
const person = async (email: string) => (await rig.database.db.select().from(people).where(eq(people.email, email)))[0];

it('keeps the requester\'s phone and the phones of the people she adds, but none for the help desk\'s people', async () => {
  const other = await rig.ticket('erin@example.test', 'An earlier request of erin');
  await rig.personId(ADMIN);
  await rig.personId('gina@example.test');
  await setPersonDetails(rig.database.db, 'gina@example.test', { phone: '555-0300' });
  const erin = await rig.signedIn('erin@example.test', other.id);
  const res = await erin.post('/new', {
    action: 'submit', type: 'question', summary: 'Who can merge duplicate clients?', description: 'Who at the help desk can merge two duplicate client records?',
    name: 'Erin', phone: '555-0100',
    'person-0-name': 'Fred Colleague', 'person-0-email': 'fred@example.test', 'person-0-phone': '555-0199',
    'person-1-name': '', 'person-1-email': ADMIN, 'person-1-phone': '555-6666',
    'person-2-name': 'Gina', 'person-2-email': 'gina@example.test', 'person-2-phone': '555-0999',
  });
  expect(res.statusCode).toBe(303);
  expect((await person('erin@example.test'))!.phone).toBe('555-0100');
  expect((await person('fred@example.test'))!.phone).toBe('555-0199');
  expect((await person(ADMIN))!.phone).toBe('');
  expect((await person('gina@example.test'))!.phone).toBe('555-0300');

  const page = await erin.get(res.headers.location as string);
  expect(page.body).toContain('555-0100');
});
