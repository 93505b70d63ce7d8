// The help desk serves one organisation in one time zone (TIME_ZONE): a request submitted at 8:30 pm
// Mountain time on 17 May is shown as of 17 May, at 8:30 PM MDT, on My Submitted Issues, the admin
// queue and the ticket page (its notes too), not as of the next day in UTC; the <time> element
// keeps the instant itself. An unknown zone stops the service at start, naming the setting.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { notes, tickets } from '../../src/adapters/db/schema.ts';
import { loadConfig } from '../../src/config.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test'; // an admin
const AT = new Date('2026-05-18T02:30:00Z');

const rig = useWebRig({ TIME_ZONE: 'America/Denver' });

it('shows the day and time of a ticket and its notes in TIME_ZONE, with the zone named', async () => {
  const ticket = await rig.ticket(ALICE, 'Caseload will not load for client AAAA111111');
  await rig.database.db.update(tickets).set({ createdAt: AT }).where(eq(tickets.id, ticket.id));
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'It still shows the old caseload.' })).statusCode).toBe(303);
  await rig.database.db.update(notes).set({ createdAt: new Date(AT.getTime() + 15 * 60_000) }).where(eq(notes.ticketId, ticket.id));

  const mine = mainOf((await alice.get('/my')).body);
  expect(mine).toContain('<time datetime="2026-05-18T02:30:00.000Z">05/17/2026</time>');

  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect(mainOf((await summer.get('/admin')).body)).toContain('<time datetime="2026-05-18T02:30:00.000Z">05/17/2026</time>');

  const page = mainOf((await alice.get(`/tickets/${ticket.ref}`)).body);
  expect(page).toContain('on 05/17/2026 8:30 PM MDT.');
  expect(page).toContain('<time datetime="2026-05-18T02:45:00.000Z">05/17/2026 8:45 PM MDT</time>');
  expect(page).not.toContain('UTC');
  expect(page).not.toContain('05/18/2026');
});

it('refuses an unknown zone at start, naming TIME_ZONE, and takes UTC when it is not set', () => {
  const env = { IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: 'k3y-7f2a9c1e5b8d4f6a0c3e9b2d7f1a5c8e' };
  expect(() => loadConfig({ ...env, TIME_ZONE: 'America/Denverr' })).toThrow(/^ {2}- TIME_ZONE must be an IANA time zone name, such as America\/Denver or UTC \(got "America\/Denverr"\)$/m);
  expect(loadConfig(env).TIME_ZONE).toBe('UTC');
});
