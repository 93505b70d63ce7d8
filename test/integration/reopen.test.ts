// Replies to a closed ticket, on real servers: within REOPEN_DAYS the reply reopens the ticket
// and goes back to its assignee; later it opens a new ticket that names the old one, and the
// old ticket stays closed. The clock is moved by setting the ticket's closed_at back in SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);

describe('a reply to a closed ticket', () => {
  const h = useHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER, REOPEN_DAYS: '2' } });
  let aliceFixed: ParsedMessage;

  beforeAll(async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      subject: 'Wrong Org AAAA111111',
      text: 'When I open client AAAA111111 the Org field shows Salt Lake instead of Ogden. It started yesterday.\n\nAlice',
    });
    const adminMail = await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin));
    await h.reply(SUMMER, adminMail, '#assign me\n#fixed\nI moved the client to the Ogden org.');
    aliceFixed = await waitForNth(h, ALICE, s(TAILS.fixed));
    await h.reply(ALICE, aliceFixed, '#verified');
    await h.waitForTicket(REF, (t) => t.status === 'closed' && t.resolution === 'verified');
    await waitForOutboxDrained(h);
  });

  it('reopens the ticket within REOPEN_DAYS and sends it back to the assignee', async () => {
    await h.reply(ALICE, aliceFixed, 'The Org went back to Salt Lake overnight.');
    const ticket = await h.waitForTicket(REF, (t) => t.status !== 'closed');
    expect(ticket.status).toBe('assigned');
    expect(ticket.assignee).toBe(SUMMER);
    expect(ticket.resolution).toBeNull();
    expect(ticket.closedAt).toBeNull();
    expect(ticket.notes.at(-1)).toMatchObject({ author: ALICE, body: 'The Org went back to Salt Lake overnight.' });
    const reopened = await waitForNth(h, SUMMER, s(TAILS.reopened));
    expect(words(reopened)).toContain('The Org went back to Salt Lake overnight.');
    expect((await h.service.database.sql`select count(*)::int as n from tickets`)[0]!.n).toBe(1);
  });

  it('opens a new ticket naming the old one once the window has passed, and leaves the old one closed', async () => {
    const fixedAgain = await (async () => {
      const summerMail = await waitForNth(h, SUMMER, s(TAILS.reopened));
      await h.reply(SUMMER, summerMail, '#fixed\nA nightly job reset it; the job is corrected.');
      return waitForNth(h, ALICE, s(TAILS.fixed), 2);
    })();
    await h.reply(ALICE, fixedAgain, '#verified');
    await h.waitForTicket(REF, (t) => t.status === 'closed');
    await waitForOutboxDrained(h);
    // Three days ago, with REOPEN_DAYS=2.
    await h.service.database.sql`update tickets set closed_at = now() - interval '3 days' where ref = ${REF}`;
    const old = await h.ticket(REF);

    await h.reply(ALICE, fixedAgain, '#notfixed\nIt is wrong again for AAAA111111 since this morning.');
    const created = await waitForNth(h, ALICE, subjectOf(2, TAILS.submitted));
    const ticket = await h.waitForTicket('Utah_RW-2', () => true);
    expect(ticket.previousTicket).toBe(REF);
    expect(ticket.submitter).toBe(ALICE);
    expect(ticket.description).toBe('It is wrong again for AAAA111111 since this morning.');
    // The new ticket is about the same problem, not about our subject line.
    expect(ticket.summary).toBe('Wrong Org AAAA111111');
    expect(words(created)).toContain('This request follows up on closed issue Utah_RW-1: ticket Utah_RW-1 was closed more than 2 days ago');
    // Her #notfixed was not carried out on the old ticket, and she is told so.
    expect(words(created)).toMatch(/Not carried out: \* #notfixed: ticket Utah_RW-1 was closed more than 2 days ago/);
    expect(ticket.type).toBe('issue');
    expect(old!.route).not.toBeNull();
    expect(ticket.route).toBe(old!.route);

    const after = await h.ticket(REF);
    expect(after).toMatchObject({ status: 'closed', resolution: 'verified', notes: old!.notes });
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, SUMMER, s(TAILS.reopened))).toHaveLength(1);
  });
});
