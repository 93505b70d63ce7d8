// The reminder of a ticket Waiting for Response on real servers asks for what the ticket still lacks
// when the sweep runs, as the ticket holds it, not for what the "has been submitted" asked: an item a
// later note supplied (an admin's note that stays on the waiting ticket, or the submitter's answer
// before an admin's bare #waiting set it waiting again) is not asked for again, and a ticket that
// lacks nothing any more gets the plain reminder, with no list.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const CAROL = 'carol@example.test';
const DORA = 'dora@example.test';
const ERIN = 'erin@example.test';
const SUMMER = 'summer@example.test';
/** A report request that names nothing: intake asks these three, in this order. */
const INCOMPLETE = { subject: 'Report problem', text: 'The report will not run.' };
const ASKED = {
  report: 'Which: which report are you running?',
  what: 'What: what is wrong or what you need, including any error message.',
  when: 'When: when did the issue start (or when did you first notice it)?',
};
const LIST_HEADING = 'To work on this issue we need a little more information';

describe('the reminder of a ticket waiting for a response', () => {
  const h = useHarness({
    users: [CAROL, DORA, ERIN, SUMMER],
    env: { ADMIN_EMAILS: SUMMER, WAITING_REMINDER_DAYS: '3', STALE_TICKET_DAYS: '5' },
  });
  const clock = scheduleClock(h);

  beforeAll(async () => {
    for (const [n, who, name] of [[1, CAROL, 'Carol'], [2, DORA, 'Dora'], [3, ERIN, 'Erin']] as const) {
      await h.send(`${name} Case <${who}>`, { subject: INCOMPLETE.subject, text: `${INCOMPLETE.text}\n\n${name}` });
      const submitted = words(await waitForNth(h, who, subjectOf(n, TAILS.submitted)));
      for (const question of Object.values(ASKED)) expect(submitted).toContain(question);
      await h.waitForTicket(`Utah_RW-${n}`, (t) => t.status === 'waiting_for_response');
    }
    // Utah_RW-1: the admin writes down the report's name; her note leaves the ticket waiting on Carol.
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin)), 'She is running the HUD CoC APR report.');
    await h.waitForTicket('Utah_RW-1', (t) => t.missingInfo.join() === 'when_started');
    // Utah_RW-2: the admin's note supplies everything intake asked for.
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(2, TAILS.newTicketAdmin)),
      'She is running the HUD CoC APR report from Reports > Report Library > HUD Reports; it started on Monday.');
    await h.waitForTicket('Utah_RW-2', (t) => t.missingInfo.length === 0);
    // Utah_RW-3: Erin's answer (which also says what is wrong) sends it back to work; the admin sets
    // it waiting again with a bare #waiting.
    await h.reply(ERIN, await waitForNth(h, ERIN, subjectOf(3, TAILS.submitted)), 'It started on Monday.');
    await h.waitForTicket('Utah_RW-3', (t) => t.status === 'new' && t.missingInfo.join() === 'report_name');
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(3, TAILS.newNote)), '#waiting');
    await h.waitForTicket('Utah_RW-3', (t) => t.status === 'waiting_for_response');
    for (const n of [1, 2]) expect((await h.ticket(`Utah_RW-${n}`))!.status).toBe('waiting_for_response');
    await waitForOutboxDrained(h);
    clock.start();
    await clock.sweep(3.2);
  });

  it('asks only for what is still missing after the admin\'s note supplied part of it', async () => {
    const reminder = words(await waitForNth(h, CAROL, subjectOf(1, TAILS.reminderWaiting)));
    expect(reminder).toContain(LIST_HEADING);
    expect(reminder).toContain(ASKED.when);
    expect(reminder).not.toContain(ASKED.report);
    expect(reminder).not.toContain(ASKED.what);
  });

  it('sends the plain reminder, with no list, when the ticket lacks nothing any more', async () => {
    const reminder = words(await waitForNth(h, DORA, subjectOf(2, TAILS.reminderWaiting)));
    expect(reminder).toContain('has been waiting for your response for 3 days');
    expect(reminder).toContain('Please open the ticket to see what was asked');
    expect(reminder).not.toContain(LIST_HEADING);
    for (const question of Object.values(ASKED)) expect(reminder).not.toContain(question);
  });

  it('asks for what the submitter\'s answer left out when an admin\'s #waiting without a question set it waiting again', async () => {
    const reminder = words(await waitForNth(h, ERIN, subjectOf(3, TAILS.reminderWaiting)));
    expect(reminder).toContain(LIST_HEADING);
    expect(reminder).toContain(ASKED.report);
    expect(reminder).not.toContain(ASKED.what);
    expect(reminder).not.toContain(ASKED.when);
  });
});
