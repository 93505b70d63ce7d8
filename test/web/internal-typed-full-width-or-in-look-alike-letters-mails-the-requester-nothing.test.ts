// An admin's staff note by mail whose #internal was typed with an East Asian input method
// (`＃ｉｎｔｅｒｎａｌ`) or with a Cyrillic letter that only looks Latin (`#іnternal`) never reaches the
// requester: the first is an internal note, the second is added for no one and the admin alone is
// told why. From the mail, through the database, to the status mail the relay makes.
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notes } from '../../src/adapters/db/schema.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test'; // an admin
const SECRET = 'Client DOB is 01/02/1980 and SSN ends 4421; do not tell the requester yet.';

const rig = useWebRig();

/** The notes of the ticket that hold the secret. */
const notesWithSecret = async (ticketId: number) => (await rig.database.db.select({ body: notes.body, internal: notes.internal }).from(notes)
  .where(eq(notes.ticketId, ticketId))).filter((n) => n.body.includes('4421'));

it.each(['＃ｉｎｔｅｒｎａｌ', '#Ｉｎｔｅｒｎａｌ'])('saves %j with the note below as an internal note the requester is not mailed', async (line) => {
  const ticket = await rig.ticket(ALICE, 'Enrollment will not save for AAAA111111');
  await rig.relay();
  await rig.signedReply(SUMMER, ticket.id, `${line}\n${SECRET}`);
  expect(await notesWithSecret(ticket.id)).toEqual([{ body: SECRET, internal: true }]);
  const mailed = await rig.relay();
  expect(mailed.filter((m) => m.to === ALICE)).toEqual([]);
  // Nobody but the staff (here the admin who wrote it, and needs no copy) hears of it.
  expect(mailed.filter((m) => m.to !== SUMMER)).toEqual([]);
});

it('adds a note under #іnternal (a Cyrillic і) for no one, and tells the admin alone why', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit date missing for AAAA222222');
  await rig.relay();
  await rig.signedReply(SUMMER, ticket.id, `#іnternal\n${SECRET}`);
  expect(await notesWithSecret(ticket.id)).toEqual([]);
  const mailed = await rig.relay();
  expect(mailed.filter((m) => m.to === ALICE)).toEqual([]);
  expect(mailed.map((m) => [m.to, m.template])).toEqual([[SUMMER, 'command_refused']]);
  expect(mailed[0]!.props.refusals?.[0]?.reason).toMatch(/^#іnternal is not a command, but it reads like #internal: the note was not added/);
  expect(JSON.stringify(mailed)).not.toContain('4421');
});
