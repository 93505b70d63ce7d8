// A fix closed automatically for want of verification is verified by the submitter's note as by
// #verified, on real servers. A day after the close she answers the fix mail, through her own signed
// reply address, with no command: "It works now, thank you!". Within REOPEN_DAYS the ticket stays
// closed, since when it was closed, and becomes verified; everyone hears "has been verified" with
// her note, and her own mail says how her note was read and how to say otherwise. The same words
// on a ticket the admin closed without a fix stay a note on the closed ticket: there is no fix to
// verify. The fix is moved into the past by setting the ticket's fixed_at back in SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { fixAsAdmin } from '../support/lifecycle.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const WORKS = 'It works now, thank you!';
const TAKEN = 'Your note says the fix works, so it was taken as verified';

describe('a note that says the fix works, on a fix closed unverified', () => {
  const h = useHarness({
    users: [ALICE, SUMMER],
    env: { ADMIN_EMAILS: SUMMER, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '60', REOPEN_DAYS: '14' },
  });
  const { sweep, start } = scheduleClock(h);
  let fixMail: ParsedMessage;
  let closedMail: ParsedMessage;
  let closedAt: string | null = null;

  beforeAll(async () => {
    // Utah_RW-1: fixed, left unverified for eleven days, then closed by the sweep.
    await h.send(ALICE, { subject: 'Exit date will not save AAAA111111', text: 'When I open client AAAA111111 the exit date is not saved. It started on Monday.' });
    await waitForNth(h, ALICE, subjectOf(1, TAILS.submitted));
    await fixAsAdmin(h, SUMMER, 1, 'Fixed on our side; please check.');
    fixMail = await waitForNth(h, ALICE, subjectOf(1, TAILS.fixed));
    await h.service.database.sql`update tickets set fixed_at = fixed_at - interval '11 days' where ref = 'Utah_RW-1'`;
    start();
    await sweep(0);
    await waitForNth(h, ALICE, subjectOf(1, TAILS.autoClosed));
    closedAt = (await h.ticket('Utah_RW-1'))!.closedAt;
    // Utah_RW-2: closed by the admin without a fix.
    await h.send(ALICE, { subject: 'Wrong Org BBBB222222', text: 'When I open client BBBB222222 the Org field shows Salt Lake instead of Ogden.' });
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(2, TAILS.newTicketAdmin)), '#close\nThe Org is set by the agency; nothing to change here.');
    closedMail = await waitForNth(h, ALICE, subjectOf(2, TAILS.closed));
    await waitForOutboxDrained(h);
  });

  it('verifies it: still closed, since when it was closed, now verified, with her note', async () => {
    expect(await h.ticket('Utah_RW-1')).toMatchObject({ status: 'closed', resolution: 'closed' });
    await h.reply(ALICE, fixMail, WORKS);
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.author === ALICE && n.body === WORKS));
    expect(ticket).toMatchObject({ status: 'closed', resolution: 'verified', closedAt });
  });

  it('tells her with the "has been verified" mail that her note was taken as verifying it, and how to say otherwise', async () => {
    const mail = await waitForNth(h, ALICE, subjectOf(1, TAILS.verified));
    expect(words(mail)).toContain('has been verified as fixed in your production environment');
    expect(words(mail)).toContain(TAKEN);
    expect(words(mail)).toContain('the ticket stays closed');
    expect(words(mail)).toContain('reply with #notfixed and what is still wrong');
  });

  it('tells the admin it has been verified, with her note, and nothing meant for her; nothing is reopened or refused', async () => {
    const mail = await waitForNth(h, SUMMER, subjectOf(1, TAILS.verified));
    expect(words(mail)).toContain(WORKS);
    expect(words(mail)).not.toContain(TAKEN);
    await waitForOutboxDrained(h);
    for (const tail of [TAILS.reopened, TAILS.newNote, TAILS.refused]) {
      expect(await mailWithSubject(h, ALICE, subjectOf(1, tail)), tail).toHaveLength(0);
      expect(await mailWithSubject(h, SUMMER, subjectOf(1, tail)), tail).toHaveLength(0);
    }
  });

  it('keeps the same words on a ticket closed without a fix as a note: there is no fix to verify', async () => {
    await h.reply(ALICE, closedMail, WORKS);
    const ticket = await h.waitForTicket('Utah_RW-2', (t) => t.notes.some((n) => n.author === ALICE && n.body === WORKS));
    expect(ticket).toMatchObject({ status: 'closed', resolution: 'closed' });
    expect(words(await waitForNth(h, SUMMER, subjectOf(2, TAILS.newNote)))).toContain(WORKS);
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, ALICE, subjectOf(2, TAILS.verified))).toHaveLength(0);
    expect(await mailWithSubject(h, ALICE, subjectOf(2, TAILS.refused))).toHaveLength(0);
  });
});
