// The sweep on a fix awaiting verification, on real servers with the scheduled task run at chosen
// dates: the submitter verifies "by adding a note" or a command, so her note since the fix is her
// response, and the reminder to verify and the automatic close count from it, not from the fix.
// A note from the staff is no such response. A note that says the fix does not work is another
// matter (fix-answered-as-not-working-waits-for-staff.test.ts). The fix is moved into the past by setting the
// ticket's fixed_at back in SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';
import { fixAsAdmin } from '../support/lifecycle.ts';

const ALICE = 'alice@example.test';
const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test';

describe('the reminder to verify and the automatic close after the submitter answered the fix', () => {
  const h = useHarness({
    users: [ALICE, CAROL, SUMMER],
    env: { ADMIN_EMAILS: SUMMER, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '30' },
  });
  const clock = scheduleClock(h);
  const { sweep } = clock;

  beforeAll(async () => {
    const fix = async (who: string, n: number, subject: string) => {
      await h.send(who, { subject, text: 'When I open the Exit page for this client and click Save, nothing is saved. It started on Monday.' });
      await waitForNth(h, who, subjectOf(n, TAILS.submitted));
      await fixAsAdmin(h, SUMMER, n, 'The exit date field is editable again.');
      return waitForNth(h, who, subjectOf(n, TAILS.fixed));
    };
    // Utah_RW-1, fixed two days ago; alice answers today that she will try it (a note that said it
    // still fails would leave the fix to the staff: fix-answered-as-not-working-waits-for-staff.test.ts).
    const aliceFixed = await fix(ALICE, 1, 'Exit date will not save AAAA111111');
    // Utah_RW-2, fixed four days ago; only the staff wrote since.
    await fix(CAROL, 2, 'Exit date will not save BBBB222222');
    await h.service.database.sql`update tickets set fixed_at = fixed_at - interval '2 days' where ref = 'Utah_RW-1'`;
    await h.service.database.sql`update tickets set fixed_at = fixed_at - interval '4 days' where ref = 'Utah_RW-2'`;
    await h.reply(ALICE, aliceFixed, 'I will try it with AAAA111111 on Thursday.');
    await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.author === ALICE && n.body === 'I will try it with AAAA111111 on Thursday.'));
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(2, TAILS.newTicketAdmin)), 'Did you get to test it, Carol?');
    await h.waitForTicket('Utah_RW-2', (t) => t.notes.some((n) => n.author === SUMMER && n.body === 'Did you get to test it, Carol?'));
    await waitForOutboxDrained(h);
    clock.start();
  });

  it('does not remind her three days after the fix, one day after her note; a staff note restarts nothing', async () => {
    expect((await h.ticket('Utah_RW-1'))!.status).toBe('fixed_verify_needed');
    await sweep(1);
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.reminderVerify))).toHaveLength(0);
    // Carol's fix is five days old, and summer's note is not Carol's answer.
    await waitForNth(h, CAROL, subjectOf(2, TAILS.reminderVerify));
  });

  it('reminds her three days after her note, saying how long the fix has waited', async () => {
    await sweep(3.2);
    const reminder = await waitForNth(h, ALICE, subjectOf(1, TAILS.reminderVerify));
    expect(words(reminder)).toContain('has been fixed for 5 days');
  });

  it('does not close it ten days after the fix, but ten days after her note', async () => {
    await sweep(8);
    expect((await h.ticket('Utah_RW-1'))!.status).toBe('fixed_verify_needed');
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.autoClosed))).toHaveLength(0);
    expect((await h.ticket('Utah_RW-2'))!.status).toBe('closed');
    await sweep(10.2);
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed');
    expect(ticket.resolution).toBe('closed');
    await waitForNth(h, ALICE, subjectOf(1, TAILS.autoClosed));
  });
});
