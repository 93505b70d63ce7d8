// A reminder the sweep made, held back before it went out (here: the send queue paused, as SMTP
// away or the hour's cap on status mail would hold it), is not sent once the ticket has moved on:
// the submitter who verified the fix meanwhile gets "has been verified", never "still needs your
// verification" after it. Its row says why it was not sent. A reminder still true goes out as ever.
// On real servers (Dovecot, the SMTP relay, PostgreSQL, Redis).
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { fixAsAdmin } from '../support/lifecycle.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, outboundTo, subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';

describe('a reminder held back until its ticket moved on', () => {
  const h = useHarness({ users: [ALICE, BOB, SUMMER], env: { ADMIN_EMAILS: SUMMER, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '30' } });
  const clock = scheduleClock(h);

  beforeAll(async () => {
    for (const [who, client] of [[ALICE, 'AAAA111111'], [BOB, 'BBBB222222']] as const) {
      await h.send(who, { subject: `Exit date will not save ${client}`, text: `When I open the Exit page for client ${client} and click Save, nothing is saved. It started on Monday.` });
      const n = who === ALICE ? 1 : 2;
      await fixAsAdmin(h, SUMMER, n, 'The exit date field is editable again.');
      await h.waitForTicket(`Utah_RW-${n}`, (t) => t.status === 'fixed_verify_needed');
    }
    await waitForOutboxDrained(h);
    clock.start();
  });

  it('is not sent after the fix was verified, and says why; the reminder still true goes out', async () => {
    const fixMail = await waitForNth(h, ALICE, subjectOf(1, TAILS.fixed));
    await h.service.queues.sendMail.pause();
    try {
      await runScheduledTask(h.service.scheduleDeps, 'lifecycle-sweep', clock.at(3.2));
      await h.reply(ALICE, fixMail, '#verified\nIt works now, thank you!');
      await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed');
    } finally {
      await h.service.queues.sendMail.resume();
    }
    await waitForOutboxDrained(h);
    await waitForNth(h, ALICE, subjectOf(1, TAILS.verified));
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.reminderVerify))).toHaveLength(0);
    expect((await outboundTo(h, ALICE)).filter((m) => m.template === 'reminder_verify')).toEqual([
      expect.objectContaining({ status: 'suppressed' }),
    ]);
    // Bob did not verify: his reminder is still true and goes out.
    await waitForNth(h, BOB, subjectOf(2, TAILS.reminderVerify));
  });
});
