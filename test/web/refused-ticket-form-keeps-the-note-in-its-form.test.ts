// Every refusal of a ticket page's form shows the page again with why, and with what the person
// typed back in that form (or to copy when the page no longer offers it or the ticket is no longer
// theirs): a forbidden choice, a ticket that kept moving while the note was being saved, a ticket
// the person was taken off meanwhile. Nothing is saved.
import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { notes, tickets } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

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
const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The text of the textarea with this id on the page, as a browser shows it. */
const textareaOf = (html: string, id: string) => {
  const m = new RegExp(`<textarea id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(mainOf(html));
  return m ? decode(m[1]!) : null;
};
const NOTE = 'It happens on the second page too: the dates are shifted by a day & the clinic is <blank>.';

it('shows the page again with the note back in its form when the ticket kept moving', async () => {
  const ticket = await rig.ticket(ALICE, 'Intake page will not save for client AAAA111111');
  ticketId = ticket.id;
  const alice = await rig.signedIn(ALICE, ticket.id);
  const form = new FormData();
  for (const [k, v] of Object.entries({ do: 'note', note: NOTE, then: 'close' })) form.set(k, v);
  form.append('files', new Blob(['log lines']), 'error-log.txt');
  bumps = 100;
  const res = await alice.postMultipart(`/tickets/${ticket.ref}`, form);
  bumps = 0;
  expect(res.statusCode).toBe(409);
  const page = mainOf(res.body);
  expect(page).toContain('The ticket changed while you were looking at it.');
  expect(textareaOf(res.body, 'note-text')).toBe(NOTE);
  expect(page).toMatch(/<option value="close" selected>/);
  expect(page).toMatch(/id="files-again">[^<]*error-log\.txt[^<]*choose it again/);
  expect(await notesOn(ticket.id)).toEqual([]);
});

it('shows the page again with the reason and the note when what the note asked is not the person\'s to do', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit page will not save for client AAAA222222', [BOB]);
  const bob = await rig.signedIn(BOB, ticket.id);
  const res = await bob.post(`/tickets/${ticket.ref}`, { do: 'note', note: NOTE, then: 'fixed' });
  expect(res.statusCode).toBe(403);
  expect(mainOf(res.body)).toContain('may do that on this ticket');
  // Bob's page offers no "fixed": the note goes back into the note form, its choice left unset.
  expect(textareaOf(res.body, 'note-text')).toBe(NOTE);
  expect(await notesOn(ticket.id)).toEqual([]);
  // A form the page does not offer Bob at all gives its text back to copy.
  const notfixed = await bob.post(`/tickets/${ticket.ref}`, { do: 'notfixed', note: NOTE });
  expect(notfixed.statusCode).toBe(403);
  expect(textareaOf(notfixed.body, 'kept-0')).toBe(NOTE);
});

it('gives the note back to copy when the person was taken off the ticket meanwhile', async () => {
  const ticket = await rig.ticket(ALICE, 'Report export is empty for client AAAA333333', [BOB]);
  const bob = await rig.signedIn(BOB, ticket.id);
  const bobId = await rig.personId(BOB);
  await rig.database.db.execute(sql`delete from participants where ticket_id = ${ticket.id} and person_id = ${bobId}`);
  const res = await bob.post(`/tickets/${ticket.ref}`, { do: 'note', note: NOTE });
  expect(res.statusCode).toBe(404);
  expect(textareaOf(res.body, 'kept-0')).toBe(NOTE);
  expect(await notesOn(ticket.id)).toEqual([]);
});
