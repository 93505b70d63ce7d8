// The sweep on a fix awaiting verification, on real servers with the scheduled task run at chosen
// dates: only the submitter's answer (or that of someone notified who does not work the ticket)
// restarts the reminder to verify and the automatic close. An admin copied on the request holds an
// interested row like any colleague, but is the help desk's side: her note since the fix is not
// an answer, so the close stays ten days after the fix. The fix is moved into the past by setting
// the ticket's fixed_at back in SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { fixCopiedRequest } from '../support/lifecycle.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const DANA = 'dana@example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);
const REQUEST = {
  submitter: `Alice Example <${ALICE}>`,
  copied: `Dana Admin <${DANA}>`,
  subject: 'Exit date will not save AAAA111111',
  text: 'When I open the Exit page for client AAAA111111 and click Save, nothing is saved. It started on Monday.\n\nAlice',
};
// Two admins: summer works the ticket, dana is copied on the request.
const SETTINGS = { ADMIN_EMAILS: `${SUMMER},${DANA}`, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '30' };

describe('an admin copied on a request adds a note after its fix', () => {
  const h = useHarness({ users: [ALICE, SUMMER, DANA], env: SETTINGS });
  const { at, sweep, start } = scheduleClock(h);

  beforeAll(async () => {
    await fixCopiedRequest(h, REQUEST, SUMMER, 1, 'The exit date field is editable again.');
    await waitForOutboxDrained(h);
    // The fix was nine days ago.
    const [row] = await h.service.database.sql<{ ms: number }[]>`
      update tickets set fixed_at = fixed_at - interval '9 days' where ref = ${REF} returning (extract(epoch from fixed_at) * 1000)::float8 as ms`;
    start(Number(row!.ms));
  });

  it('holds an interested row on the ticket, as anyone copied on the request', async () => {
    const rows = await h.service.database.sql<{ role: string }[]>`
      select p.role from participants p join people pe on pe.id = p.person_id join tickets t on t.id = p.ticket_id
      where t.ref = ${REF} and pe.email = ${DANA}`;
    expect(rows.map((r) => r.role)).toEqual(['interested']);
  });

  it('does not re-arm the reminder to verify nor move the automatic close from ten days after the fix', async () => {
    await sweep(3.1);
    await waitForNth(h, ALICE, s(TAILS.reminderVerify));
    // Day nine: the admin writes on the ticket.
    await h.reply(DANA, await waitForNth(h, DANA, s(TAILS.fixed)), 'Alice, let us know once you have tried it.');
    await h.waitForTicket(REF, (t) => t.notes.some((n) => n.author === DANA && n.body === 'Alice, let us know once you have tried it.'));
    await waitForOutboxDrained(h);
    expect(Date.now()).toBeLessThan(at(10).getTime());
    await sweep(10.1);
    expect(await h.ticket(REF)).toMatchObject({ status: 'closed', resolution: 'closed' });
    await waitForNth(h, ALICE, s(TAILS.autoClosed));
    expect(await mailWithSubject(h, ALICE, s(TAILS.reminderVerify))).toHaveLength(1);
  });
});
