// A reply that only thanks, on real servers: the "Thank you so much!" a submitter sends after "has
// been verified", or "Thanks, will contact MACCH." after a request was routed away, is kept as a
// note on the closed ticket. Nothing reopens, no follow-up ticket opens, nobody reads "has been
// reopened"; whoever works the ticket (the admins when nobody is assigned) gets the "New Note" as
// for any note. Any other reply reopens it as before.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { verifiedThreeDaysAgo } from '../support/lifecycle.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const RAJ = 'raj@example.test';

describe('thanks on a closed ticket', () => {
  // REOPEN_DAYS=2: verifiedThreeDaysAgo's ticket is past the window.
  const h = useHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER, REOPEN_DAYS: '2' } });
  const ticketCount = async () => (await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from tickets`)[0]!.n;

  it('keeps the submitter\'s thanks after "has been verified" as a note, within REOPEN_DAYS and after, and reopens on a problem as before', async () => {
    await verifiedThreeDaysAgo(h, ALICE, SUMMER);
    const verified = await waitForNth(h, ALICE, subjectOf(1, TAILS.verified));
    const aliceHad = (await h.mailbox(ALICE)).length;

    // Past the window: no follow-up ticket.
    await h.reply(ALICE, verified, 'Thank you so much!\n\nAlice');
    const noted = await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote));
    expect(words(noted)).toContain('Thank you so much!');
    const after = await h.waitForTicket('Utah_RW-1', (t) => t.notes.at(-1)?.body === 'Thank you so much!\n\nAlice');
    expect(after).toMatchObject({ status: 'closed', resolution: 'verified', assignee: SUMMER });
    expect(await ticketCount()).toBe(1);

    // Within the window: still closed.
    await h.service.database.sql`update tickets set closed_at = now() where ref = 'Utah_RW-1'`;
    await h.reply(ALICE, verified, 'Works now, thanks!');
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote), 2);
    expect(await h.ticket('Utah_RW-1')).toMatchObject({ status: 'closed', resolution: 'verified' });
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, SUMMER, subjectOf(1, TAILS.reopened))).toHaveLength(0);
    // She hears nothing back about her own note: no "has been reopened", no "submitted".
    expect((await h.mailbox(ALICE)).length).toBe(aliceHad);

    // Anything else reopens it, as it always did.
    await h.reply(ALICE, verified, 'The Org went back to Salt Lake overnight.');
    await h.waitForTicket('Utah_RW-1', (t) => t.status === 'assigned');
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.reopened));
  });

});

describe('thanks on a ticket routed away', () => {
  // MACCH_ADDRESS is left unset: the requester is told to contact MACCH.
  const h = useHarness({ users: [BOB, SUMMER, RAJ], env: { ADMIN_EMAILS: `${SUMMER},${RAJ}` } });

  it('keeps a ticket routed away closed when its requester thanks and will contact the organisation; the admins hear a note, not a new request', async () => {
    await h.send(`Bob Builder <${BOB}>`, { subject: 'Housing list', text: 'Hi,\n\nA client asked me how she gets on the housing list. Who handles that?\n\nThanks,\nBob' });
    const adminMail = await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin));
    await h.reply(SUMMER, adminMail, '#route macch\nHousing placement goes through the Community Queue, which MACCH manages; please contact them.');
    await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed' && t.resolution === 'routed');
    const told = await waitForNth(h, BOB, subjectOf(1, 'belongs with MACCH'));
    await waitForOutboxDrained(h);

    await h.reply(BOB, told, 'Thanks, will contact MACCH.');
    for (const admin of [SUMMER, RAJ]) expect(words(await waitForNth(h, admin, subjectOf(1, TAILS.newNote)))).toContain('Thanks, will contact MACCH.');
    expect(await h.ticket('Utah_RW-1')).toMatchObject({ status: 'closed', resolution: 'routed', route: 'macch' });
    await waitForOutboxDrained(h);
    for (const admin of [SUMMER, RAJ]) {
      expect(await mailWithSubject(h, admin, subjectOf(1, TAILS.reopened))).toHaveLength(0);
      expect(await mailWithSubject(h, admin, subjectOf(1, TAILS.newTicketAdmin))).toHaveLength(1);
    }
    expect((await h.mailbox(BOB)).map((m) => m.subject)).toEqual([subjectOf(1, TAILS.submitted), subjectOf(1, 'belongs with MACCH')]);
  });
});
