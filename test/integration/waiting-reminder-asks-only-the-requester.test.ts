// The reminder of a ticket Waiting for Response, on real servers with the sweep on a clock the test
// moves, asks the requester alone for a response. A stranger whose short request waits for more
// information, and who then replies with nothing but #cc and five addresses of another domain, is
// reminded; the five (unvouched: nobody on the help desk named them) get no reminder, at the first
// period nor the next. An admin the requester copied on her request is reminded in words for the
// staff: it still waits on the requester, and nothing is asked of her.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const STRANGER = 'stranger@spam.example.test';
const ALICE = 'alice@agency.example.test';
const SUMMER = 'summer@example.test';
const VICTIMS = Array.from({ length: 5 }, (_, i) => `victim${i + 1}@elsewhere.example.test`);
/** A report request that names nothing: intake finds it incomplete, so it waits from the start. */
const INCOMPLETE = { subject: 'Report problem', text: 'The report will not run.' };
const STAFF_REMINDER = 'is still waiting for a response from the requester';

describe('the reminder of a ticket waiting for a response', () => {
  const h = useHarness({ users: [STRANGER, ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER, WAITING_REMINDER_DAYS: '3', STALE_TICKET_DAYS: '5' } });
  const clock = scheduleClock(h);
  const toVictims = async () => (await h.service.database.sql<{ template: string }[]>`select template from outbound_messages where recipient like 'victim%'`).map((r) => r.template);

  beforeAll(async () => {
    // Utah_RW-1: the stranger's request, then their reply through their own signed address with the #cc alone.
    await h.send(STRANGER, INCOMPLETE);
    const submitted = await waitForNth(h, STRANGER, subjectOf(1, TAILS.submitted));
    await h.waitForTicket('Utah_RW-1', (t) => t.status === 'waiting_for_response');
    await h.reply(STRANGER, submitted, `#cc ${VICTIMS.join(', ')}`);
    await h.waitForTicket('Utah_RW-1', (t) => t.participants.filter((p) => p.email.startsWith('victim')).length === VICTIMS.length);
    // Utah_RW-2: Alice's request, with her admin copied.
    await h.send(`Alice Example <${ALICE}>`, { cc: [SUMMER], ...INCOMPLETE });
    await h.waitForTicket('Utah_RW-2', (t) => t.status === 'waiting_for_response');
    await waitForOutboxDrained(h);
    expect((await h.ticket('Utah_RW-1'))!.status).toBe('waiting_for_response');
    expect(await toVictims()).toEqual([]);
    clock.start();
    await clock.sweep(3.2);
  });

  it('reminds the stranger, and none of the people they added, period after period', async () => {
    await waitForNth(h, STRANGER, subjectOf(1, TAILS.reminderWaiting));
    await clock.sweep(6.4);
    await waitForNth(h, STRANGER, subjectOf(1, TAILS.reminderWaiting), 2);
    expect(await toVictims()).toEqual([]);
  });

  it('tells the admin copied on a request that it still waits on the requester, asking her for nothing', async () => {
    expect(words(await waitForNth(h, ALICE, subjectOf(2, TAILS.reminderWaiting)))).toContain('has been waiting for your response');
    const summers = words(await waitForNth(h, SUMMER, subjectOf(2, STAFF_REMINDER)));
    expect(summers).toContain('Issue Utah_RW-2 has been waiting for a response from the requester for 3 days.');
    expect(summers).toContain('Still needed from the requester:');
    expect(summers).not.toContain('your response');
    expect(summers).not.toContain('Please reply above the line');
    expect(await mailWithSubject(h, SUMMER, subjectOf(2, TAILS.reminderWaiting))).toHaveLength(0);
  });
});
