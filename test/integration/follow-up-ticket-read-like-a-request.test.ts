// A reply to a ticket closed more than REOPEN_DAYS ago opens a follow-up ticket, on real servers:
// it stays about the old ticket's problem (summary, route, topic, type), but the new mail is read
// like any request for what it says now: a client kept from a benefit today makes it urgent and
// the admins hear so at once ("Tickets that are holding up clients from receiving benefits get the
// highest priority"), and the client IDs it names join the old ticket's, so it is found by client.
// The clock is moved by setting the ticket's closed_at back in SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { verifiedThreeDaysAgo } from '../support/lifecycle.ts';
import { subjectOf, TAILS, waitForNth, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const RAJ = 'raj@example.test';
const REF = 'Utah_RW-1';

describe('a late reply that opens a follow-up ticket', () => {
  const h = useHarness({ users: [ALICE, SUMMER, RAJ], env: { ADMIN_EMAILS: `${SUMMER},${RAJ}`, REOPEN_DAYS: '2' } });
  let aliceFixed: ParsedMessage;

  beforeAll(async () => {
    aliceFixed = await verifiedThreeDaysAgo(h, ALICE, SUMMER);
  });

  it('is urgent when the reply says a client is kept from a benefit today, names its client IDs, and reaches the admins marked URGENT', async () => {
    const old = (await h.ticket(REF))!;
    expect(old.priority).toBe('normal');
    await h.reply(ALICE, aliceFixed, 'Our client AAAA111111 is being evicted today and cannot be enrolled in housing because the Org is wrong again. She is waiting in our office right now.');
    const ticket = await h.waitForTicket('Utah_RW-2', () => true);
    expect(ticket.previousTicket).toBe(REF);
    expect(ticket.priority).toBe('urgent');
    expect(ticket.clientIds).toEqual(expect.arrayContaining(['AAAA111111', 'BBBB222222']));
    // Still about the old ticket's problem.
    expect(ticket.summary).toBe(old.summary);
    expect(ticket.route).toBe(old.route);
    expect(ticket.topic).toBe(old.topic);
    for (const admin of [SUMMER, RAJ]) {
      const notice = await waitForNth(h, admin, subjectOf(2, TAILS.newTicketAdmin));
      expect(words(notice)).toMatch(/URGENT: [^.]*evict/i);
      expect(words(notice)).toContain('This request follows up on closed issue Utah_RW-1');
    }
  });
});
