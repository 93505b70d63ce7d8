// A fix the submitter answered does not work, without #notfixed, is neither reminded about nor
// closed automatically (workers/schedule.ts): the ticket page says so, to the admin who works it
// and to the submitter, until a later answer of hers says it works.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { tickets } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const SAYS = /id="fix-said-to-fail"[^>]*>[^<]*will not be closed automatically/;

const rig = useWebRig();

it('says the fix is not closed automatically while the latest answer says it does not work', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit date will not save', [BOB]);
  await rig.database.db.update(tickets).set({ status: 'fixed_verify_needed', fixedAt: new Date(Date.now() - 60_000) }).where(eq(tickets.id, ticket.id));
  const summer = await rig.signedIn(SUMMER, ticket.id);
  const alice = await rig.signedIn(ALICE, ticket.id);
  const page = async (who: typeof summer) => mainOf((await who.get(`/tickets/${ticket.ref}`)).body);
  expect(await page(summer)).not.toMatch(SAYS);

  expect(await rig.signedReply(ALICE, ticket.id, 'Still failing for me, same error.')).toBe('appended');
  expect(await page(summer)).toMatch(SAYS);
  expect(await page(alice)).toMatch(SAYS);
  expect((await rig.store.byId(ticket.id))!.status).toBe('fixed_verify_needed');

  // The admin's own note is no answer: it changes nothing.
  expect(await rig.signedReply(SUMMER, ticket.id, 'Could you send a screenshot?')).toBe('appended');
  expect(await page(summer)).toMatch(SAYS);

  // Her colleague notified on the ticket answers that it works now: the latest answer.
  expect(await rig.signedReply(BOB, ticket.id, 'It works now for me, thanks.')).toBe('appended');
  expect(await page(summer)).not.toMatch(SAYS);
});
