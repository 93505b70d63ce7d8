// A fix closed without being verified can still be verified, on real servers. The submitter presses
// "Mark the issue as verified" in the fix mail (a reply that says `#verified`) a day after the fix was
// closed automatically for want of it, or after the staff closed it: within REOPEN_DAYS it stays
// closed and becomes verified, and she gets the guide's "has been verified" mail, not "Your command
// was not carried out". A ticket she verified already is refused with why, and so is one closed while
// it was not marked fixed (closed by the admin without a fix, or after she said the fix did not
// work): there is no fix to verify. The fix is moved into the past by setting the ticket's fixed_at
// back in SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { fixAsAdmin } from '../support/lifecycle.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';

describe('#verified from the fix mail after the fix was closed unverified', () => {
  const h = useHarness({
    users: [ALICE, SUMMER],
    env: { ADMIN_EMAILS: SUMMER, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '60', REOPEN_DAYS: '14' },
  });
  const { sweep, start } = scheduleClock(h);
  const fixMails: ParsedMessage[] = [];
  let closedMail: ParsedMessage;

  beforeAll(async () => {
    const subjects = ['Exit date will not save AAAA111111', 'Income calculation needs cents BBBB222222', 'Wrong Org CCCC333333'];
    for (const [i, subject] of subjects.entries()) {
      await h.send(ALICE, { subject, text: `When I open client ${subject.slice(-10)} nothing is saved. It started on Monday.` });
      await waitForNth(h, ALICE, subjectOf(i + 1, TAILS.submitted));
      await fixAsAdmin(h, SUMMER, i + 1, 'Fixed on our side; please check.');
      fixMails.push(await waitForNth(h, ALICE, subjectOf(i + 1, TAILS.fixed)));
    }
    // Utah_RW-1: left unverified for eleven days, then closed by the sweep.
    await h.service.database.sql`update tickets set fixed_at = fixed_at - interval '11 days' where ref = 'Utah_RW-1'`;
    start();
    await sweep(0);
    await waitForNth(h, ALICE, subjectOf(1, TAILS.autoClosed));
    // Utah_RW-2: closed by the admin.
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(2, TAILS.newTicketAdmin)), '#close\nClosing: the fix is in.');
    await h.waitForTicket('Utah_RW-2', (t) => t.status === 'closed');
    // Utah_RW-3: verified by her.
    await h.reply(ALICE, fixMails[2]!, '#verified');
    await h.waitForTicket('Utah_RW-3', (t) => t.resolution === 'verified');
    // Utah_RW-4: closed by the admin without a fix.
    await h.send(ALICE, { subject: 'Duplicate client DDDD444444', text: 'Client DDDD444444 shows up twice in the search since Monday.' });
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(4, TAILS.newTicketAdmin)), '#close\nThe two records are two people; nothing to merge.');
    closedMail = await waitForNth(h, ALICE, subjectOf(4, TAILS.closed));
    // Utah_RW-5: fixed, said by her not to work, then closed by the admin.
    await h.send(ALICE, { subject: 'Enrollment end date EEEE555555', text: 'The enrollment of client EEEE555555 will not take an end date since Monday.' });
    await fixAsAdmin(h, SUMMER, 5, 'Fixed on our side; please check.');
    fixMails.push(await waitForNth(h, ALICE, subjectOf(5, TAILS.fixed)));
    await h.reply(ALICE, fixMails[3]!, '#notfixed\nThe end date still does not save.');
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(5, TAILS.notFixed)), '#close\nThe end date is before the start date; the program has to correct it.');
    await h.waitForTicket('Utah_RW-5', (t) => t.status === 'closed');
    await waitForOutboxDrained(h);
  });

  it.each([
    ['closed automatically', 1],
    ['closed by the admin', 2],
  ])('verifies a fix %s: still closed, now verified, with the "has been verified" mail', async (_how, n) => {
    const ref = `Utah_RW-${n}`;
    expect(await h.ticket(ref)).toMatchObject({ status: 'closed', resolution: 'closed' });
    await h.reply(ALICE, fixMails[n - 1]!, '#verified');
    const ticket = await h.waitForTicket(ref, (t) => t.resolution !== 'closed');
    expect(ticket).toMatchObject({ status: 'closed', resolution: 'verified' });
    const mail = await waitForNth(h, ALICE, subjectOf(n, TAILS.verified));
    expect(mail.subject).toBe(`[ClientTrack Issues Tracking] Issue Utah_RW-${n} has been verified`);
    expect(words(mail)).toContain('has been verified as fixed in your production environment');
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, ALICE, subjectOf(n, TAILS.refused))).toHaveLength(0);
  });

  it('refuses #verified on a ticket she verified already, saying so', async () => {
    await h.reply(ALICE, fixMails[2]!, '#verified');
    const refused = await waitForNth(h, ALICE, subjectOf(3, TAILS.refused));
    expect(words(refused)).toContain('#verified: it is already verified; the ticket is Closed');
    expect(await h.ticket('Utah_RW-3')).toMatchObject({ status: 'closed', resolution: 'verified' });
    expect(await mailWithSubject(h, ALICE, subjectOf(3, TAILS.verified))).toHaveLength(1);
  });

  it.each([
    ['closed by the admin without a fix, answering the close mail', 4, () => closedMail],
    ['closed by the admin after she said the fix did not work, answering the fix mail', 5, () => fixMails[3]!],
  ])('refuses #verified on a ticket %s, saying there is no fix to verify', async (_how, n, mail) => {
    await h.reply(ALICE, mail(), '#verified');
    const refused = await waitForNth(h, ALICE, subjectOf(n, TAILS.refused));
    expect(words(refused)).toContain('#verified: it was closed while not marked fixed, so there is no fix to verify; the ticket is Closed');
    expect(await h.ticket(`Utah_RW-${n}`)).toMatchObject({ status: 'closed', resolution: 'closed' });
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, ALICE, subjectOf(n, TAILS.verified))).toHaveLength(0);
  });
});
