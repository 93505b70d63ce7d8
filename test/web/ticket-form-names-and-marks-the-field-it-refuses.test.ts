// A ticket page's form refused for what one of its fields holds says which field and why, and marks
// that field (aria-invalid, described by the reason) as the request form does, with what was typed
// kept: an added person's address without a full domain (carol@localhost, which a browser's
// type=email accepts), checked by the same rule as #cc and the request form's additional people; an
// empty note; a blank "What is still wrong?". Nothing is saved.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { notes, participants, people, tickets } from '../../src/adapters/db/schema.ts';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';

const rig = useWebRig();

const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The opening tag of the field with this id on the page. */
const fieldTag = (html: string, id: string) => new RegExp(`<(?:input|textarea|select) id="${id}"[^>]*>`).exec(mainOf(html))?.[0] ?? '';
/** The refusal's reason as the page shows it, and the id it carries. */
const reasonOf = (html: string) => {
  const m = /<p(?: id="([^"]+)")?>([^<]*)<\/p>/.exec(/<div class="problem" role="alert" id="refused">[\s\S]*?<\/div>/.exec(mainOf(html))?.[0] ?? '');
  return m ? { id: m[1] ?? null, text: decode(m[2]!) } : null;
};
/** Whether the field is marked invalid and described by the reason (besides any hint of its own). */
const markedBy = (html: string, id: string) => {
  const tag = fieldTag(html, id);
  const describedBy = /aria-describedby="([^"]*)"/.exec(tag)?.[1]?.split(' ') ?? [];
  const reason = reasonOf(html)?.id;
  return tag.includes('aria-invalid="true"') && reason !== undefined && reason !== null && describedBy.includes(reason);
};
const notesOn = async (id: number) => (await rig.database.db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, id))).map((n) => n.body);

it('names the address as the problem when it has no full domain, marks it, and keeps what was typed', async () => {
  // The rule the mail side uses for #cc: the page refuses the same addresses, no other.
  expect(parseReplyCommands('#cc carol@localhost\nPlease add Carol.').problems).toHaveLength(1);
  const ticket = await rig.ticket(ALICE, 'Caseload will not load for client AAAA111111');
  const alice = await rig.signedIn(ALICE, ticket.id);
  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', name: 'Carol Case', email: 'carol@localhost', phone: '555-0142' });
  expect(res.statusCode).toBe(400);
  const reason = reasonOf(res.body)!;
  expect(reason.text).toContain('Enter a full email address for the person to add, such as name@agency.org.');
  expect(reason.text).not.toContain('incomplete');
  expect(markedBy(res.body, 'add-email')).toBe(true);
  expect(fieldTag(res.body, 'add-name')).not.toContain('aria-invalid');
  expect(fieldTag(res.body, 'add-phone')).not.toContain('aria-invalid');
  // What was typed is back in the form, the address to correct.
  expect(fieldTag(res.body, 'add-email')).toContain('value="carol@localhost"');
  expect(fieldTag(res.body, 'add-name')).toContain('value="Carol Case"');
  expect(fieldTag(res.body, 'add-phone')).toContain('value="555-0142"');
  expect(mainOf(res.body)).toContain('<a href="#add-email">go to it</a>');
  const carol = await rig.database.db.select({ id: people.id }).from(people).where(eq(people.email, 'carol@localhost'));
  const on = carol.length ? await rig.database.db.select().from(participants).where(eq(participants.personId, carol[0]!.id)) : [];
  expect(on).toEqual([]);

  // Corrected, the same form adds her.
  const added = await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', name: 'Carol Case', email: 'carol@agency.example.org', phone: '555-0142' });
  expect(added.statusCode).toBe(303);
});

it('names the note field when a note is saved empty, and marks it', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit date will not save for client AAAA222222');
  const alice = await rig.signedIn(ALICE, ticket.id);
  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: '   ', then: '' });
  expect(res.statusCode).toBe(400);
  expect(reasonOf(res.body)!.text).toContain('Write your note in "Add a new note", or attach a file, then save the note.');
  expect(markedBy(res.body, 'note-text')).toBe(true);
  expect(fieldTag(res.body, 'add-email')).not.toContain('aria-invalid');
  expect(await notesOn(ticket.id)).toEqual([]);
});

it('names "What is still wrong?" when it is left blank, and marks it', async () => {
  const ticket = await rig.ticket(ALICE, 'Report totals are off for client AAAA333333');
  await rig.database.db.update(tickets).set({ status: 'fixed_verify_needed', fixedAt: new Date(Date.now() - 60_000) }).where(eq(tickets.id, ticket.id));
  const alice = await rig.signedIn(ALICE, ticket.id);
  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'notfixed', note: '' });
  expect(res.statusCode).toBe(400);
  expect(reasonOf(res.body)!.text).toContain('Fill in "What is still wrong?"');
  expect(markedBy(res.body, 'notfixed-text')).toBe(true);
  expect(fieldTag(res.body, 'note-text')).not.toContain('aria-invalid');
  expect((await rig.store.byId(ticket.id))!.status).toBe('fixed_verify_needed');
  expect(await notesOn(ticket.id)).toEqual([]);
});
