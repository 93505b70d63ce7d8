// Each ticket page's forms carry a key of that page: a form sent twice (a double click, a resend
// after a slow answer) is carried out once, and the second answer is the ticket as it stands, not an
// error. A form that was not carried out (refused) may be corrected and sent again with the same key.
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notes } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
/** Reads of the staff list to let through before one fails (a passing database error); -1: none fails. */
let failAfter = -1;
const rig = useWebRig({}, { onLoadStaff: async () => { if (failAfter >= 0 && failAfter-- === 0) throw new Error('database went away for a moment'); } });

const notesOn = async (id: number) => (await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, id))).map((n) => n.body);
const onceOf = (html: string) => /name="once" value="([^"]+)"/.exec(html)?.[1];

it('saves a note sent twice at once a single time, and answers both with the ticket', async () => {
  const ticket = await rig.ticket(ALICE, 'Intake page will not save for client AAAA111111');
  const alice = rig.browser();
  const page = await alice.signIn(await rig.link(ALICE, ticket.id));
  const once = onceOf(page.body);
  expect(once).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const token = await alice.csrf();
  const form = { _csrf: token, once: once!, do: 'note', note: 'It happens on the second page too.' };
  const answers = await Promise.all([alice.post(`/tickets/${ticket.ref}`, form, { csrf: false }), alice.post(`/tickets/${ticket.ref}`, form, { csrf: false })]);
  expect(answers.map((a) => a.statusCode)).toEqual([303, 303]);
  expect(await notesOn(ticket.id)).toEqual(['It happens on the second page too.']);
  // A new page is a new key: the same words sent from it are a second note: the test can fail.
  const again = onceOf((await alice.get(`/tickets/${ticket.ref}`)).body);
  expect(again).not.toBe(once);
  expect((await alice.post(`/tickets/${ticket.ref}`, { ...form, once: again! }, { csrf: false })).statusCode).toBe(303);
  expect(await notesOn(ticket.id)).toHaveLength(2);
});

it('lets a refused form be sent again from the same page', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit page will not save for client AAAA222222');
  const alice = rig.browser();
  const once = onceOf((await alice.signIn(await rig.link(ALICE, ticket.id))).body)!;
  // Not fixed yet, so it cannot be verified: refused, and refused again, never "sent already".
  for (let i = 0; i < 2; i++) {
    const res = await alice.post(`/tickets/${ticket.ref}`, { once, do: 'verified', note: '' });
    expect(res.statusCode).toBe(409);
    expect(mainOf(res.body)).not.toContain('sent already');
  }
  expect((await alice.post(`/tickets/${ticket.ref}`, { once, do: 'note', note: 'Adding what I found.' })).statusCode).toBe(303);
  expect(await notesOn(ticket.id)).toEqual(['Adding what I found.']);
});

it('lets a form whose carrying out failed be sent again from the same page', async () => {
  const ticket = await rig.ticket(ALICE, 'Income page will not save for client AAAA333333');
  const alice = rig.browser();
  const once = onceOf((await alice.signIn(await rig.link(ALICE, ticket.id))).body)!;
  const token = await alice.csrf();
  const form = { _csrf: token, once, do: 'note', note: 'The income page shows an error too.' };
  failAfter = 1; // the request's sign-in check reads the list, then the decision's read fails
  expect((await alice.post(`/tickets/${ticket.ref}`, form, { csrf: false })).statusCode).toBe(500);
  failAfter = -1;
  expect(await notesOn(ticket.id)).toEqual([]);
  const again = await alice.post(`/tickets/${ticket.ref}`, form, { csrf: false });
  expect(again.statusCode).toBe(303);
  expect(await notesOn(ticket.id)).toEqual(['The income page shows an error too.']);
});
