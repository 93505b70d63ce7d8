// A file over MAX_ATTACHMENT_MB sent with a form is named as not added, and the rest of the form
// stands: a note's text is saved, a request form keeps what was typed. (The upload library's 413
// threw the whole form away, and Back could not bring it back: pages are never cached.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notes } from '../../src/adapters/db/schema.ts';
import { mainOf, startWebRig, type WebRig } from './support.ts';

const ALICE = 'alice@example.test';
let rig: WebRig;
beforeAll(async () => { rig = await startWebRig({ MAX_ATTACHMENT_MB: '1' }); }, 60_000);
afterAll(async () => rig?.stop());

const big = () => new Blob([Buffer.alloc(1_500_000, 'a')], { type: 'application/pdf' });
const notesOn = async (id: number) => (await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, id))).map((n) => n.body);

it('saves a note\'s text and its small file, and names the file over the limit', async () => {
  const ticket = await rig.ticket(ALICE, 'Intake page will not save for client AAAA111111');
  const alice = rig.browser();
  await alice.get(await rig.link(ALICE, ticket.id));
  const form = new FormData();
  form.set('do', 'note');
  form.set('note', 'Screenshots of the error attached.');
  form.append('files', big(), 'whole-screen-recording.pdf');
  form.append('files', new Blob([Buffer.from('small')], { type: 'text/plain' }), 'error.txt');
  const res = await alice.postMultipart(`/tickets/${ticket.ref}`, form);
  expect(res.statusCode).toBe(303);
  expect(await notesOn(ticket.id)).toEqual(['Screenshots of the error attached.']);
  const page = mainOf((await alice.get(`/tickets/${ticket.ref}`)).body);
  expect(page).toContain('whole-screen-recording.pdf is larger than 1 MB');
  expect(page).toContain('error.txt');
});

it('saves nothing and says why when the only thing sent is a file over the limit', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit page will not save for client AAAA222222');
  const alice = rig.browser();
  await alice.get(await rig.link(ALICE, ticket.id));
  const form = new FormData();
  form.set('do', 'note');
  form.set('note', '');
  form.append('files', big(), 'recording.pdf');
  const res = await alice.postMultipart(`/tickets/${ticket.ref}`, form);
  expect(res.statusCode).toBe(400);
  expect(mainOf(res.body)).toContain('recording.pdf is larger than 1 MB');
  expect(await notesOn(ticket.id)).toEqual([]);
});

it('keeps what was typed in the request form and names the file over the limit', async () => {
  const ticket = await rig.ticket(ALICE, 'An earlier request of alice');
  const alice = rig.browser();
  await alice.get(await rig.link(ALICE, ticket.id));
  const form = new FormData();
  for (const [k, v] of Object.entries({ action: 'update', type: 'issue', summary: 'Report totals wrong for AAAA333333', description: 'The totals on the APR are off by one.', name: 'Alice', phone: '555-0100' })) form.set(k, v);
  form.append('files', big(), 'apr-export.pdf');
  const res = await alice.postMultipart('/new', form);
  expect(res.statusCode).toBe(400);
  const page = mainOf(res.body);
  expect(page).toContain('apr-export.pdf was not added');
  expect(page).toContain('Report totals wrong for AAAA333333');
});
