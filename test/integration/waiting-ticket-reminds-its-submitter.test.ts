// Tickets Waiting for Response on real servers, the sweep on a clock the test moves: the submitter,
// and the colleague she copied in, are reminded of the question after WAITING_REMINDER_DAYS, once per
// period however often the sweep runs, in a mail that quotes it (the admin's note that set the ticket
// waiting, or what a request came in without) and that they answer as any status mail; the admin
// gets no "has had no update" for a ticket while it waits on them, and it is not closed. The answer
// sends the ticket back to work, and the admin's reminders with it.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { askAsAdmin } from '../support/lifecycle.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const ANN = 'ann@example.test';
const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test';
const QUESTION = 'Which exit date did you enter? A screenshot of the Exit page would help too.';
/** What intake asks of a report request that names no report (the "has been submitted" asks it first). */
const REPORT_QUESTION = 'Which: which report are you running?';
const DAN = 'dan@example.test';
const DAN_QUESTION = 'Which program do you enroll them in? The error names none.';

describe('tickets waiting for a response', () => {
  const h = useHarness({
    users: [ALICE, ANN, CAROL, DAN, SUMMER],
    env: { ADMIN_EMAILS: SUMMER, WAITING_REMINDER_DAYS: '3', STALE_TICKET_DAYS: '5', VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10' },
  });
  const clock = scheduleClock(h);
  const { sweep } = clock;

  beforeAll(async () => {
    // Utah_RW-1: complete as it came in; the admin asks a question with #waiting.
    await h.send(`Alice Example <${ALICE}>`, {
      cc: [ANN], subject: 'Exit date will not save AAAA111111',
      text: 'When I open the Exit page for client AAAA111111 and click Save, nothing is saved. It started on Monday.\n\nAlice',
    });
    await askAsAdmin(h, SUMMER, 1, QUESTION);
    await h.waitForTicket('Utah_RW-1', (t) => t.status === 'waiting_for_response');
    await waitForNth(h, ALICE, subjectOf(1, TAILS.waiting));
    // Utah_RW-2: came in without what the help desk needs, so it waits from the start.
    await h.send(`Carol Case <${CAROL}>`, { subject: 'Report problem', text: 'The report will not run.\n\nCarol' });
    expect(words(await waitForNth(h, CAROL, subjectOf(2, TAILS.submitted)))).toContain(REPORT_QUESTION);
    await h.waitForTicket('Utah_RW-2', (t) => t.status === 'waiting_for_response');
    // Utah_RW-3: the admin asks with #waiting written before #assign, so the question rides in the
    // "assigned" mail rather than the "waiting" one; the reminder still finds it.
    await h.send(`Dan Data <${DAN}>`, {
      subject: 'Entry date will not save BBBB222222',
      text: 'When I open the Entry page for client BBBB222222 and click Save, nothing is saved. It started on Tuesday.\n\nDan',
    });
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(3, TAILS.newTicketAdmin)), `#waiting\n#assign me\n${DAN_QUESTION}`);
    await h.waitForTicket('Utah_RW-3', (t) => t.status === 'waiting_for_response');
    await waitForOutboxDrained(h);
    clock.start();
  });

  it('reminds the submitter and her colleague of the question after WAITING_REMINDER_DAYS, once however often the sweep runs', async () => {
    await sweep(2.5);
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.reminderWaiting))).toHaveLength(0);
    await sweep(3.2);
    const reminder = await waitForNth(h, ALICE, subjectOf(1, TAILS.reminderWaiting));
    expect(words(reminder)).toContain('has been waiting for your response for 3 days');
    expect(words(reminder)).toContain(QUESTION);
    expect(reminder.replyTo[0]!.address).toMatch(/^helpdesk\+1-\d+-[a-z2-7]{16}@example\.test$/);
    expect(words(await waitForNth(h, ANN, subjectOf(1, TAILS.reminderWaiting)))).toContain(QUESTION);
    // A request that came in incomplete is asked again for what it lacks.
    expect(words(await waitForNth(h, CAROL, subjectOf(2, TAILS.reminderWaiting)))).toContain(REPORT_QUESTION);
    expect(words(await waitForNth(h, DAN, subjectOf(3, TAILS.reminderWaiting)))).toContain(DAN_QUESTION);
    await sweep(3.4);
    await sweep(4);
    for (const [who, n] of [[ALICE, 1], [ANN, 1], [CAROL, 2]] as const) {
      expect(await mailWithSubject(h, who, subjectOf(n, TAILS.reminderWaiting)), who).toHaveLength(1);
    }
    // Reminding is not activity: the tickets still wait.
    expect((await h.ticket('Utah_RW-1'))!.status).toBe('waiting_for_response');
  });

  it('reminds them again a period later, never tells the admin the tickets have had no update, and closes nothing', async () => {
    await sweep(6.4);
    await waitForNth(h, ALICE, subjectOf(1, TAILS.reminderWaiting), 2);
    await waitForNth(h, CAROL, subjectOf(2, TAILS.reminderWaiting), 2);
    await sweep(12);
    for (const n of [1, 2]) {
      expect(await mailWithSubject(h, SUMMER, subjectOf(n, TAILS.reminderStale))).toHaveLength(0);
      expect(await mailWithSubject(h, SUMMER, subjectOf(n, TAILS.reminderWaiting))).toHaveLength(0);
      expect((await h.ticket(`Utah_RW-${n}`))!.status).toBe('waiting_for_response');
    }
  });

  it('goes back to the admin when the submitter answers the reminder, and the admin is reminded of it again as of any open ticket', async () => {
    const reminder = (await mailWithSubject(h, ALICE, subjectOf(1, TAILS.reminderWaiting))).at(-1)!;
    await h.reply(ALICE, reminder, 'I entered 05/01/2026 as the exit date.');
    await h.waitForTicket('Utah_RW-1', (t) => t.status === 'assigned');
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote));
    await waitForOutboxDrained(h);
    // The sweep's clock stands at day 12, the day of the last reminder: a stale period on from it.
    await sweep(17.5);
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.reminderStale));
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.reminderWaiting))).toHaveLength(3);
  });
});
