// The sweep on a fix awaiting verification, on real servers with the scheduled task run at chosen
// dates: a note from the submitter that says the fix does not work ("Still failing for me, same
// error"), without #notfixed, goes to whoever works the ticket and leaves the status as it is; the
// fix then waits for the staff: no reminder to verify, no automatic close, however long. A later note
// of hers that it works lets the reminder and the close count from it as usual. The fix and her
// first note are moved into the past in SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { fixAsAdmin } from '../support/lifecycle.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);
const DOUBT = 'Still failing for me, same error.';
const WORKS = 'It works now, thanks.';

describe('a submitter who answers a fix that it still fails', () => {
  const h = useHarness({
    users: [ALICE, SUMMER],
    env: { ADMIN_EMAILS: SUMMER, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '30' },
  });
  const { sweep, start } = scheduleClock(h);
  let fixedMail: Awaited<ReturnType<typeof waitForNth>>;

  beforeAll(async () => {
    await h.send(ALICE, { subject: 'Exit date will not save AAAA111111', text: 'When I open the Exit page for this client and click Save, nothing is saved. It started on Monday.' });
    await waitForNth(h, ALICE, s(TAILS.submitted));
    await fixAsAdmin(h, SUMMER, 1, 'The exit date field is editable again.');
    fixedMail = await waitForNth(h, ALICE, s(TAILS.fixed));
    await h.reply(ALICE, fixedMail, DOUBT);
    await h.waitForTicket(REF, (t) => t.notes.some((n) => n.author === ALICE && n.body === DOUBT));
    await waitForOutboxDrained(h);
    // The fix was twelve days ago, her answer eleven.
    await h.service.database.sql`update tickets set fixed_at = fixed_at - interval '12 days' where ref = ${REF}`;
    await h.service.database.sql`
      update notes set created_at = created_at - interval '11 days'
      where body = ${DOUBT} and ticket_id = (select id from tickets where ref = ${REF})`;
    start();
  });

  it('sends her note to the admin who works the ticket and leaves it waiting for verification', async () => {
    const note = await waitForNth(h, SUMMER, s(TAILS.newNote));
    expect(words(note)).toContain(DOUBT);
    expect((await h.ticket(REF))!.status).toBe('fixed_verify_needed');
  });

  it('neither reminds her to verify nor closes it, ten days after her note or thirty', async () => {
    await sweep(0.1);
    await sweep(20);
    expect(await h.ticket(REF)).toMatchObject({ status: 'fixed_verify_needed', resolution: null });
    expect(await mailWithSubject(h, ALICE, s(TAILS.autoClosed))).toHaveLength(0);
    expect(await mailWithSubject(h, ALICE, s(TAILS.reminderVerify))).toHaveLength(0);
  });

  it('counts from her later note that it works: reminded after three days, closed after ten', async () => {
    await h.reply(ALICE, fixedMail, WORKS);
    await h.waitForTicket(REF, (t) => t.notes.some((n) => n.author === ALICE && n.body === WORKS));
    await waitForOutboxDrained(h);
    start();
    await sweep(1);
    expect(await mailWithSubject(h, ALICE, s(TAILS.reminderVerify))).toHaveLength(0);
    await sweep(3.2);
    await waitForNth(h, ALICE, s(TAILS.reminderVerify));
    await sweep(8);
    expect((await h.ticket(REF))!.status).toBe('fixed_verify_needed');
    await sweep(10.2);
    const ticket = await h.waitForTicket(REF, (t) => t.status === 'closed');
    expect(ticket.resolution).toBe('closed');
    await waitForNth(h, ALICE, s(TAILS.autoClosed));
  });
});
