// A form posted on a ticket that moves between the page's read and its write (a reply filed, an
// admin's change) is decided again on what is there now, as a reply by mail is: the typed note is
// saved once, not thrown away with a conflict page. A ticket that keeps moving still gets the page.
import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { notes, tickets } from '../../src/adapters/db/schema.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';

let bumps = 0;
let ticketId = 0;
// Each time the server reads the staff list while `bumps` lasts, someone else changes the ticket.
const rig = useWebRig({}, {
  onLoadStaff: async () => {
    if (bumps <= 0 || ticketId === 0) return;
    bumps -= 1;
    await rig.database.db.update(tickets).set({ version: sql`${tickets.version} + 1` }).where(eq(tickets.id, ticketId));
  },
});

const notesOn = async (id: number) => (await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, id))).map((n) => n.body);

it('saves a note once when the ticket changed while it was being saved', async () => {
  const ticket = await rig.ticket(ALICE, 'Intake page will not save for client AAAA111111');
  ticketId = ticket.id;
  const alice = await rig.signedIn(ALICE, ticket.id);
  const token = await alice.csrf();
  bumps = 2; // the request's sign-in check, then the decision: the first write meets a moved ticket
  const res = await alice.post(`/tickets/${ticket.ref}`, { _csrf: token, do: 'note', note: 'It happens on the second page too.' }, { csrf: false });
  expect(res.statusCode).toBe(303);
  expect(await notesOn(ticket.id)).toEqual(['It happens on the second page too.']);
});

it('asks the person to look again when the ticket keeps moving, and saves nothing', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit page will not save for client AAAA222222');
  ticketId = ticket.id;
  const alice = await rig.signedIn(ALICE, ticket.id);
  bumps = 100;
  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'Still broken.' });
  bumps = 0;
  expect(res.statusCode).toBe(409);
  expect(await notesOn(ticket.id)).toEqual([]);
});
