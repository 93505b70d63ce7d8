// A text field's `maxlength` counts a line break as one character (the field's value has LF line
// breaks, whatwg/html#1712), but the browser sends each one as CRLF. A note or a description the
// field accepted, with many line breaks, is within its limit on the server too, url-encoded or as
// multipart, and is saved as typed.
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notes, tickets } from '../../src/adapters/db/schema.ts';
import { MAX_NOTE_CHARS } from '../../src/web/forms.ts';
import { MAX_DESCRIPTION_CHARS } from '../../src/web/routes/new-request.ts';
import { useWebRig } from './support.ts';

const rig = useWebRig();

/** Exactly `n` characters as typed (LF line breaks): short lines, so that about one in ten is a line break. */
const typed = (n: number) => 'Bed 12 empty\n'.repeat(Math.ceil(n / 13)).slice(0, n - 3).concat('END');
/** As a browser submits it: every line break CRLF. */
const submitted = (text: string) => text.replace(/\n/g, '\r\n');

async function signedIn(email: string) {
  const ticket = await rig.ticket(email, `Bed night report of ${email}`);
  const browser = rig.browser();
  await browser.signIn(await rig.link(email, ticket.id));
  return { browser, ticket };
}

it('saves a note of exactly the limit with thousands of line breaks, sent url-encoded and as multipart', async () => {
  const note = typed(MAX_NOTE_CHARS);
  expect(note).toHaveLength(MAX_NOTE_CHARS);
  expect(submitted(note).length - note.length).toBeGreaterThan(3_000);
  const { browser, ticket } = await signedIn('gail@example.test');

  expect((await browser.post(`/tickets/${ticket.ref}`, { do: 'note', note: submitted(note) })).statusCode).toBe(303);
  const form = new FormData();
  form.set('do', 'note');
  form.set('note', submitted(note));
  expect((await browser.postMultipart(`/tickets/${ticket.ref}`, form)).statusCode).toBe(303);

  const saved = await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, ticket.id));
  expect(saved.map((n) => n.body)).toEqual([note, note]);
});

it('still refuses a note one character over the limit as typed', async () => {
  const { browser, ticket } = await signedIn('hal@example.test');
  const res = await browser.post(`/tickets/${ticket.ref}`, { do: 'note', note: submitted(typed(MAX_NOTE_CHARS + 1)) });
  expect(res.statusCode).toBe(400);
  expect(res.body).toContain(`${(MAX_NOTE_CHARS + 1).toLocaleString('en-US')} characters long`);
});

it('files a description of exactly the limit with thousands of line breaks', async () => {
  const description = typed(MAX_DESCRIPTION_CHARS);
  const { browser } = await signedIn('ida@example.test');
  const form = new FormData();
  for (const [k, v] of Object.entries({ action: 'submit', type: 'issue', summary: 'Beds shown empty on the night report', description: submitted(description), name: 'Ida', phone: '555-0100' })) form.set(k, v);
  expect((await browser.postMultipart('/new', form)).statusCode).toBe(303);
  const [filed] = await rig.database.db.select({ description: tickets.description }).from(tickets).where(eq(tickets.summary, 'Beds shown empty on the night report'));
  expect(filed!.description.startsWith(description)).toBe(true);
});
