// Text typed on a page loses its control characters as mail's text does (tab and line breaks stay):
// an ESC sequence or a C1 CSI in a note, a summary, a description, a name or a phone is never
// stored, so it cannot reach an operator's terminal through `tickets show` or `people list`.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { notes, people, tickets } from '../../src/adapters/db/schema.ts';
import { useWebRig } from './support.ts';

/** Retitles the terminal, clears the screen, moves home and hides what follows; then CSI as one C1 character, and DEL. */
const ESCAPES = '\x1b]0;deskmail: all clear\x07\x1b[2J\x1b[H\x1b[8mhidden text\x1b[0m\u009b2J\x7f';
/** The same with its control characters gone: the printable rest is kept. */
const KEPT = ']0;deskmail: all clear[2J[H[8mhidden text[0m2J';
/** Shorter, for the fields a name or a phone fits in: hides what follows, then CSI as one C1 character. */
const SHORT = '\x1b[8m\u009b2J';
const SHORT_KEPT = '[8m2J';

const rig = useWebRig();
const person = async (email: string) => (await rig.database.db.select().from(people).where(eq(people.email, email)))[0]!;

it('stores a note typed with escape sequences without them, url-encoded and as multipart, tabs and line breaks kept', async () => {
  const ticket = await rig.ticket('ivy@example.test', 'Still broken after the fix');
  const browser = await rig.signedIn('ivy@example.test', ticket.id);
  expect((await browser.post(`/tickets/${ticket.ref}`, { do: 'note', note: `Still broken.${ESCAPES}\r\nStep\t2` })).statusCode).toBe(303);
  const form = new FormData();
  form.set('do', 'note');
  form.set('note', `Again.${ESCAPES}`);
  expect((await browser.postMultipart(`/tickets/${ticket.ref}`, form)).statusCode).toBe(303);

  const saved = await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, ticket.id)).orderBy(notes.id);
  expect(saved.map((n) => n.body)).toEqual([`Still broken.${KEPT}\nStep\t2`, `Again.${KEPT}`]);
});

it('files a request whose summary, description, names and phones were typed with escape sequences without them', async () => {
  const earlier = await rig.ticket('jay@example.test', 'An earlier request of jay');
  const browser = await rig.signedIn('jay@example.test', earlier.id);
  const res = await browser.post('/new', {
    action: 'submit', type: 'issue', summary: `Report blank${ESCAPES}`, description: `The night report is blank.${ESCAPES}\r\nSince Monday.`,
    name: `Jay${SHORT}`, phone: `555-0100${SHORT}`,
    'person-0-name': `Kim${SHORT}`, 'person-0-email': 'kim@example.test', 'person-0-phone': `555-0199${SHORT}`,
  });
  expect(res.statusCode).toBe(303);
  const [filed] = await rig.database.db.select().from(tickets).where(eq(tickets.summary, `Report blank${KEPT}`));
  expect(filed!.description).toContain(`The night report is blank.${KEPT}\nSince Monday.`);
  expect(filed!.description).not.toMatch(/\x1b|\x07|\u009b|\x7f/); // eslint-disable-line no-control-regex
  expect(await person('jay@example.test')).toMatchObject({ phone: `555-0100${SHORT_KEPT}` });
  expect(await person('kim@example.test')).toMatchObject({ name: `Kim${SHORT_KEPT}`, phone: `555-0199${SHORT_KEPT}` });
});
