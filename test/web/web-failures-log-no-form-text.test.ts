// A web request that fails at the database is logged by what failed, never with the failed
// statement's parameters: those hold what the person typed (a note about a client, an address).
// And a NUL typed into a form, which PostgreSQL cannot store, is dropped rather than failing.
import { beforeAll, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const lines: string[] = [];
const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
const rig = useWebRig({}, { log: pino({ level: 'info' }, sink) });
let ticket: { id: number; ref: string };

beforeAll(async () => {
  ticket = await rig.ticket(ALICE, 'Cannot add client to caseload AAAA111111');
}, 60_000);

it('logs a failed note by its error, without the note', async () => {
  const alice = await rig.signedIn(ALICE, ticket.id);
  await rig.database.db.execute(sql`alter table notes rename to notes_away`);
  try {
    const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'Client CCCC333333 was seen at the clinic on Tuesday' });
    expect(res.statusCode).toBe(500);
  } finally {
    await rig.database.db.execute(sql`alter table notes_away rename to notes`);
  }
  const failed = lines.filter((l) => l.includes('web request failed'));
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatch(/notes/); // what failed is still said
  expect(lines.join('')).not.toContain('CCCC333333');
  expect(lines.join('')).not.toContain('clinic');
});

it('drops a NUL typed into a note and saves the rest', async () => {
  const alice = await rig.signedIn(ALICE, ticket.id);
  const res = await alice.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'The report\u0000 is blank again' });
  expect(res.statusCode).toBe(303);
  const page = await alice.get(`/tickets/${ticket.ref}`);
  expect(mainOf(page.body)).toContain('The report is blank again');
});
