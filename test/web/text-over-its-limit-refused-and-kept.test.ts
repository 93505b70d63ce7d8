// Text longer than a field takes is refused with the limit named and the text given back, never
// cut short without a word: a request's description (20,000 characters) stays in the form to be
// shortened, and a note on the ticket page (50,000 characters; the server's field limit would cut a
// longer one) is not saved but shown back to copy.
import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { notes } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const rig = useWebRig();

/** `n` characters of text that ends in a marker, so a cut is seen. */
const longText = (n: number, end: string) => `${'The report total is wrong again. '.repeat(Math.ceil(n / 33)).slice(0, n - end.length)}${end}`;

it('refuses a 25,000-character description, naming the limit, and keeps all of it in the form', async () => {
  const ticket = await rig.ticket('erin@example.test', 'An earlier request of erin');
  const erin = await rig.signedIn('erin@example.test', ticket.id);
  const description = longText(25_000, 'END-OF-DESCRIPTION');
  const form = new FormData();
  for (const [k, v] of Object.entries({ action: 'submit', type: 'issue', summary: 'Totals wrong on the bed night report', description, name: 'Erin', phone: '555-0100' })) form.set(k, v);
  const res = await erin.postMultipart('/new', form);
  expect(res.statusCode).toBe(400);
  const page = mainOf(res.body);
  expect(page).toContain('at most 20,000 characters');
  expect(page).toContain('END-OF-DESCRIPTION');
  expect(page).toMatch(/<textarea id="description"[^>]* maxlength="20000"/);
  expect((await rig.database.db.execute<{ n: number }>(sql`select count(*)::int as n from tickets where summary = 'Totals wrong on the bed night report'`))[0]!.n).toBe(0);
});

it('refuses a note longer than the limit, says so and shows it back, and saves one within it whole', async () => {
  const ticket = await rig.ticket('fay@example.test', 'Bed night report totals');
  const fay = await rig.signedIn('fay@example.test', ticket.id);
  expect(mainOf((await fay.get(`/tickets/${ticket.ref}`)).body)).toMatch(/<textarea id="note-text" name="note"[^>]* maxlength="50000"/);
  for (const length of [60_000, 250_000]) {
    const form = new FormData();
    form.set('do', 'note');
    form.set('note', longText(length, 'END-OF-NOTE'));
    const res = await fay.postMultipart(`/tickets/${ticket.ref}`, form);
    expect(res.statusCode, `${length}`).toBe(400);
    expect(mainOf(res.body), `${length}`).toContain('at most 50,000 characters');
    // Within the server's field limit it comes back whole; past it, as far as the server read it.
    expect(mainOf(res.body).includes('END-OF-NOTE'), `${length}`).toBe(length === 60_000);
    expect(mainOf(res.body)).toContain('The report total is wrong again.');
  }
  expect(await rig.database.db.select().from(notes).where(eq(notes.ticketId, ticket.id))).toEqual([]);
  const within = new FormData();
  within.set('do', 'note');
  within.set('note', longText(50_000, 'END-OF-NOTE'));
  expect((await fay.postMultipart(`/tickets/${ticket.ref}`, within)).statusCode).toBe(303);
  const [saved] = await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, ticket.id));
  expect(saved!.body).toHaveLength(50_000);
});
