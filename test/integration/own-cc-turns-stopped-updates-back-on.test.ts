// A colleague copied on a request stops their own updates with "#stop", then turns them back on by
// "#cc" of their own address, by email on real servers: like "#stop" it is theirs to say whatever
// their role, though adding other people is not (README, "#cc" and "#stop").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);
const bobGetsUpdates = (notify: boolean) => (t: { participants: { email: string; notify: boolean }[] }) => t.participants.some((p) => p.email === BOB && p.notify === notify);
// Alice's request, with bob copied: he joins as interested.
const REQUEST = {
  cc: [`Bob Colleague <${BOB}>`],
  subject: 'Program roster export missing exits AAAA111111',
  text: 'The roster export for the shelter program leaves out clients exited this month, AAAA111111 among them. It started last week.\n\nAlice',
};

describe('an interested person\'s #cc of their own address after their #stop', () => {
  let h: Harness;
  let bobsMail: ParsedMessage;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, BOB, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
    await h.send(`Alice Example <${ALICE}>`, REQUEST);
    bobsMail = await waitForNth(h, BOB, s(TAILS.submitted));
    await h.reply(BOB, bobsMail, '#stop');
    await h.waitForTicket(REF, bobGetsUpdates(false));
    await waitForOutboxDrained(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('turns his updates back on, refuses nothing, and he hears of the next note', async () => {
    await h.reply(BOB, bobsMail, `#cc ${BOB}`);
    const ticket = await h.waitForTicket(REF, bobGetsUpdates(true));
    expect(ticket.participants.filter((p) => p.email === BOB)).toEqual([{ email: BOB, role: 'interested', notify: true }]);
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, BOB, s(TAILS.refused))).toEqual([]);
    await h.reply(SUMMER, await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin)), 'Which month did the export cover?');
    await waitForNth(h, BOB, s(TAILS.newNote));
  });
});
