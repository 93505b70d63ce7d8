// A second late reply to a ticket closed more than REOPEN_DAYS ago, on real servers: the first
// opened a follow-up ticket, which is still open, so the second (the requester answering the same
// old mail again, or someone else on the old thread) is a note on that follow-up, announced to its
// people as any note is. Nobody gets a second "has been submitted", the admins no second new ticket.
// Once the follow-up is closed, the usual rules apply again: a late reply opens a new one.
// The clock is moved by setting closed_at back in SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { fixAsAdmin } from '../support/lifecycle.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const OLD = 'Utah_RW-1';
const FOLLOW_UP = 'Utah_RW-2';

describe('late replies to a ticket whose follow-up is open', () => {
  const h = useHarness({ users: [ALICE, BOB, SUMMER], env: { ADMIN_EMAILS: SUMMER, REOPEN_DAYS: '2' } });
  const ticketCount = async () => (await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from tickets`)[0]!.n;
  let aliceFixed: ParsedMessage;
  let bobFixed: ParsedMessage;

  beforeAll(async () => {
    // Alice's request with Bob copied in, fixed, verified, and closed three days ago (REOPEN_DAYS=2).
    await h.send(`Alice Example <${ALICE}>`, {
      cc: [BOB], subject: 'Wrong Org BBBB222222',
      text: 'When I open client BBBB222222 the Org field shows Salt Lake instead of Ogden. It started yesterday.\n\nAlice',
    });
    await fixAsAdmin(h, SUMMER, 1, 'I moved the client to the Ogden org.');
    aliceFixed = await waitForNth(h, ALICE, subjectOf(1, TAILS.fixed));
    bobFixed = await waitForNth(h, BOB, subjectOf(1, TAILS.fixed));
    await h.reply(ALICE, aliceFixed, '#verified');
    await h.waitForTicket(OLD, (t) => t.status === 'closed' && t.resolution === 'verified');
    await waitForOutboxDrained(h);
    await h.service.database.sql`update tickets set closed_at = now() - interval '3 days' where ref = ${OLD}`;
  });

  it('files the requester\'s second late reply as a note on the open follow-up, with no second "has been submitted"', async () => {
    const old = (await h.ticket(OLD))!;
    await h.reply(ALICE, aliceFixed, 'It is wrong again for BBBB222222 since this morning.');
    await waitForNth(h, ALICE, subjectOf(2, TAILS.submitted));
    expect((await h.ticket(FOLLOW_UP))!.previousTicket).toBe(OLD);
    await waitForOutboxDrained(h);

    await h.reply(ALICE, aliceFixed, '#notfixed\nAnd CCCC333333 shows Salt Lake too.');
    const followUp = await h.waitForTicket(FOLLOW_UP, (t) => t.notes.some((n) => n.body.includes('CCCC333333')));
    expect(followUp.notes.at(-1)).toMatchObject({ author: ALICE, internal: false });
    expect(followUp.status).not.toBe('closed');
    // The admins (nobody is assigned yet) hear of it as of any note on the follow-up.
    expect(words(await waitForNth(h, SUMMER, subjectOf(2, TAILS.newNote)))).toContain('And CCCC333333 shows Salt Lake too.');
    // Her #notfixed was not carried out on the old ticket, and she is told where her words went.
    expect(words(await waitForNth(h, ALICE, subjectOf(2, TAILS.refused)))).toMatch(/#notfixed: ticket Utah_RW-1 was closed more than 2 days ago, so what you wrote was added to Utah_RW-2/);
    await waitForOutboxDrained(h);
    expect(await ticketCount()).toBe(2);
    expect(await mailWithSubject(h, ALICE, subjectOf(2, TAILS.submitted))).toHaveLength(1);
    expect(await mailWithSubject(h, SUMMER, subjectOf(2, TAILS.newTicketAdmin))).toHaveLength(1);
    expect(await h.ticket(OLD)).toMatchObject({ status: 'closed', resolution: 'verified', notes: old.notes });
  });

  it('files a late reply from someone else on the old thread on the open follow-up too, and brings them onto it', async () => {
    await h.reply(BOB, bobFixed, 'Same here: my clients in Ogden show Salt Lake again.');
    const followUp = await h.waitForTicket(FOLLOW_UP, (t) => t.notes.some((n) => n.body.includes('my clients in Ogden')));
    expect(followUp.notes.at(-1)).toMatchObject({ author: BOB, internal: false });
    expect(followUp.participants).toEqual(expect.arrayContaining([expect.objectContaining({ email: BOB, role: 'interested' })]));
    // Alice, the follow-up's requester, hears of Bob's note.
    expect(words(await waitForNth(h, ALICE, subjectOf(2, TAILS.newNote)))).toContain('my clients in Ogden show Salt Lake again.');
    await waitForOutboxDrained(h);
    expect(await ticketCount()).toBe(2);
    expect(await mailWithSubject(h, BOB, subjectOf(3, TAILS.submitted))).toHaveLength(0);
  });

  it('opens a new follow-up once the open one is closed', async () => {
    await h.service.database.sql`update tickets set status = 'closed', resolution = 'verified', closed_at = now() - interval '3 days' where ref = ${FOLLOW_UP}`;
    await h.reply(ALICE, aliceFixed, 'Now DDDD444444 is in the wrong org.');
    const third = await h.waitForTicket('Utah_RW-3', () => true);
    expect(third.previousTicket).toBe(OLD);
    await waitForNth(h, ALICE, subjectOf(3, TAILS.submitted));
  });
});
