// Requests held over their sender's hourly cap and released by an admin (`deskmail quarantine
// retry`) open their tickets, and each counts as a new request of the hour it is released in:
// past ADMIN_NOTICES_PER_HOUR their admin notices are kept back for the limits summary like any
// other's, so releasing a flood of held mail does not send the admins a flood of notices. On
// real servers, through the real CLI.
import { describe, expect, it } from 'vitest';
import { runDeskmail } from '../support/cli.ts';
import { useHarness } from '../support/harness.ts';
import { waitForOutboxDrained } from '../support/status-mail.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';

const ROBERT = 'robert@example.test';
const SUMMER = 'summer@example.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TOPICS = ['Exit date will not save', 'Program tab is blank', 'Report misses the leavers', 'Household member is duplicated', 'Case notes will not open', 'Intake form loses the phone number'];

describe('held requests released by an admin', () => {
  // One request an hour from Robert opens a ticket; three new requests an hour get the admins' own notice.
  const h = useHarness({ users: [ROBERT, SUMMER], env: { ADMIN_EMAILS: SUMMER, NEW_REQUESTS_PER_SENDER_PER_HOUR: '1', ADMIN_NOTICES_PER_HOUR: '3' } });

  it('open their tickets, and their admin notices past the hour\'s cap go into the summary', async () => {
    for (const [i, topic] of TOPICS.entries()) {
      await h.send(ROBERT, { subject: `${topic} for client AAAA11111${i}`, text: `${topic} for client AAAA11111${i} since this morning at our shelter.` });
    }
    let held: { id: number }[] = [];
    for (let i = 0; i < 150 && held.length < 5; i++) {
      await sleep(200);
      held = await h.service.database.sql`select id from inbound_messages where outcome = 'quarantined:NEW_REQUEST_LIMIT' order by id`;
    }
    expect(held).toHaveLength(5);
    await h.settle();
    // The hour so far: six new requests (the five held count too), one notice sent.
    for (const { id } of held) expect((await runDeskmail(h.stack.config, ['quarantine', 'retry', String(id)])).code).toBe(0);
    await h.settle(30_000);
    await waitForOutboxDrained(h, 20_000);
    const outcomes = await h.service.database.sql<{ outcome: string }[]>`select outcome from inbound_messages order by id`;
    expect(outcomes.map((r) => r.outcome)).toEqual(Array(6).fill('created'));
    // Released, they are the hour's 7th to 11th new requests, past its three notices: each notice
    // waits for the summary, and the admins got no more notices this hour than the cap.
    const notices = await h.service.database.sql<{ status: string; reason: string | null }[]>`select status, reason from outbound_messages where template = 'new_ticket_admin' order by id`;
    expect(notices).toHaveLength(6);
    expect(notices.filter((n) => n.status === 'sent')).toHaveLength(1);
    expect(notices.filter((n) => n.status === 'suppressed').map((n) => n.reason)).toEqual(Array(5).fill('held by limit: admin notices per hour; in the summary (robert@example.test)'));
    expect(await runScheduledTask(h.service.scheduleDeps, 'limits-summary', new Date())).toBe('summary of 0 held, 5 summarised');
  }, 120_000);
});
