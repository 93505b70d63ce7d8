// Reminders, automatic closing and the daily digest on a clock the test controls: the scheduled
// tasks run directly with a chosen `now`, against tickets made by email on real servers, and the
// mail they cause is read from each person's mailbox. Running a task twice sends nothing twice.
import { beforeAll, describe, expect, it } from 'vitest';
import { runScheduledTask } from '../../src/workers/schedule.ts';
import { useHarness } from '../support/harness.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';
import { fixAsAdmin } from '../support/lifecycle.ts';

const ALICE = 'alice@example.test';
const CAROL = 'carol@example.test';
const DAVE = 'dave@example.test';
const SUMMER = 'summer@example.test';
const BECKY = 'becky@example.test';
const digestSubject = (n: number) => `[ClientTrack Issues Tracking] Daily digest: ${n} open issues`;

describe('scheduled reminders, automatic closing and the digest', () => {
  const h = useHarness({
    users: [ALICE, CAROL, DAVE, SUMMER, BECKY],
    env: { ADMIN_EMAILS: `${SUMMER},${BECKY}`, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '5' },
  });
  const clock = scheduleClock(h);
  const { at, sweep } = clock;

  beforeAll(async () => {
    const request = (who: string, subject: string, what: string) => h.send(who, {
      subject, text: `When I open the ${what} page and click Save, nothing is saved. It started on Monday.`,
    });
    // Utah_RW-1: fixed by summer, then left waiting for alice's verification.
    await request(ALICE, 'Exit date question AAAA111111', 'Exit');
    await waitForNth(h, ALICE, subjectOf(1, TAILS.submitted));
    await fixAsAdmin(h, SUMMER, 1, 'The exit date field is editable again.');
    await waitForNth(h, ALICE, subjectOf(1, TAILS.fixed));
    // Utah_RW-2: nobody has touched it.
    await request(CAROL, 'Need Org changed BBBB222222', 'Org');
    await waitForNth(h, CAROL, subjectOf(2, TAILS.submitted));
    // Utah_RW-3: urgent, also untouched since.
    await request(DAVE, 'Client cannot get medication CCCC333333', 'Services');
    await waitForNth(h, DAVE, subjectOf(3, TAILS.submitted));
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(3, TAILS.newTicketAdmin)), '#priority urgent');
    await h.waitForTicket('Utah_RW-3', (t) => t.priority === 'urgent');
    await h.waitForTicket('Utah_RW-1', (t) => t.status === 'fixed_verify_needed');
    await waitForOutboxDrained(h);
    clock.start();
  });

  it('sends admins one digest a day, urgent tickets first, even when the task runs twice', async () => {
    await runScheduledTask(h.service.scheduleDeps, 'digest', at(0.1));
    await runScheduledTask(h.service.scheduleDeps, 'digest', at(0.1));
    for (const admin of [SUMMER, BECKY]) {
      const digest = await waitForNth(h, admin, digestSubject(3));
      const text = words(digest);
      const order = ['Utah_RW-3', 'Utah_RW-2', 'Utah_RW-1'].map((ref) => text.indexOf(ref));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, SUMMER, digestSubject(3))).toHaveLength(1);
    expect(await mailWithSubject(h, BECKY, digestSubject(3))).toHaveLength(1);
    // Nobody else gets the digest.
    expect((await h.mailbox(ALICE)).some((m) => m.subject.includes('Daily digest'))).toBe(false);
  });

  it('reminds alice once after VERIFY_REMINDER_DAYS, not again when the sweep runs again that day', async () => {
    await sweep(2.5);
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.reminderVerify))).toHaveLength(0);
    await sweep(3.2);
    const reminder = await waitForNth(h, ALICE, subjectOf(1, TAILS.reminderVerify));
    expect(reminder.replyTo[0]!.address).toMatch(/^helpdesk\+1-\d+-[a-z2-7]{16}@example\.test$/);
    await sweep(3.4);
    await sweep(4);
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.reminderVerify))).toHaveLength(1);
    // Reminding is not activity: the ticket still waits for alice.
    expect((await h.ticket('Utah_RW-1'))!.status).toBe('fixed_verify_needed');
  });

  it('reminds the admins of a ticket nobody touched for STALE_TICKET_DAYS, once', async () => {
    await sweep(5.5);
    for (const admin of [SUMMER, BECKY]) {
      await waitForNth(h, admin, subjectOf(2, TAILS.reminderStale));
      await waitForNth(h, admin, subjectOf(3, TAILS.reminderStale));
    }
    await sweep(5.6);
    expect(await mailWithSubject(h, BECKY, subjectOf(2, TAILS.reminderStale))).toHaveLength(1);
    // The submitter is not nagged about her own unanswered request.
    expect(await mailWithSubject(h, CAROL, subjectOf(2, TAILS.reminderStale))).toHaveLength(0);
    expect((await h.ticket('Utah_RW-2'))!.status).toBe('new');
  });

  it('closes an unverified fix after AUTO_CLOSE_DAYS with a notice, as closed rather than verified', async () => {
    await sweep(10.2);
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed');
    expect(ticket.resolution).toBe('closed');
    const notice = await waitForNth(h, ALICE, subjectOf(1, TAILS.autoClosed));
    expect(words(notice)).toContain('Utah_RW-1');
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.autoClosed));
    await sweep(10.3);
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.autoClosed))).toHaveLength(1);
    // The next day's digest leaves the closed ticket out.
    await runScheduledTask(h.service.scheduleDeps, 'digest', at(11));
    const digest = await waitForNth(h, BECKY, digestSubject(2));
    expect(words(digest)).not.toContain('Utah_RW-1 ');
  });
});
