// A file over MAX_ATTACHMENT_MB sent with a form is named as not added, and the rest of the form
// stands: a note's text is saved, a request form keeps what was typed. (The upload library's 413
// threw the whole form away, and Back could not bring it back: pages are never cached.)
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notes } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const rig = useWebRig({ MAX_ATTACHMENT_MB: '1' });

const big = () => new Blob([Buffer.alloc(1_500_000, 'a')], { type: 'application/pdf' });
const notesOn = async (id: number) => (await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, id))).map((n) => n.body);

/** Alice signed in on a new ticket of hers, and a note form with `text` and these files posted on it. */
async function postNote(summary: string, text: string, files: [Blob, string][]) {
  const ticket = await rig.ticket(ALICE, summary);
  const alice = await rig.signedIn(ALICE, ticket.id);
  const form = new FormData();
  form.set('do', 'note');
  form.set('note', text);
  for (const [blob, name] of files) form.append('files', blob, name);
  return { ticket, alice, res: await alice.postMultipart(`/tickets/${ticket.ref}`, form) };
}

it('saves a note\'s text and its small file, and names the file over the limit', async () => {
  const { ticket, alice, res } = await postNote('Intake page will not save for client AAAA111111', 'Screenshots of the error attached.',
    [[big(), 'whole-screen-recording.pdf'], [new Blob([Buffer.from('small')], { type: 'text/plain' }), 'error.txt']]);
  expect(res.statusCode).toBe(303);
  expect(await notesOn(ticket.id)).toEqual(['Screenshots of the error attached.']);
  const page = mainOf((await alice.get(`/tickets/${ticket.ref}`)).body);
  expect(page).toContain('whole-screen-recording.pdf is larger than 1 MB');
  expect(page).toContain('error.txt');
});

it('saves nothing and says why when the only thing sent is a file over the limit', async () => {
  const { ticket, res } = await postNote('Exit page will not save for client AAAA222222', '', [[big(), 'recording.pdf']]);
  expect(res.statusCode).toBe(400);
  expect(mainOf(res.body)).toContain('recording.pdf is larger than 1 MB');
  expect(await notesOn(ticket.id)).toEqual([]);
});

it('keeps what was typed in the request form and names the file over the limit', async () => {
  const ticket = await rig.ticket(ALICE, 'An earlier request of alice');
  const alice = await rig.signedIn(ALICE, ticket.id);
  const form = new FormData();
  for (const [k, v] of Object.entries({ action: 'update', type: 'issue', summary: 'Report totals wrong for AAAA333333', description: 'The totals on the APR are off by one.', name: 'Alice', phone: '555-0100' })) form.set(k, v);
  form.append('files', big(), 'apr-export.pdf');
  const res = await alice.postMultipart('/new', form);
  expect(res.statusCode).toBe(400);
  const page = mainOf(res.body);
  expect(page).toContain('apr-export.pdf was not added');
  expect(page).toContain('Report totals wrong for AAAA333333');
});
