// Who hears about a message over MAX_MESSAGE_MB, on the real stack (private Dovecot, SMTP relay,
// PostgreSQL, Redis): a person gets one short answer naming the size and the limit; automatic
// mail gets none; the admins get one summary per period however many came, and the answers
// stop at the sender's hourly new-request cap so a flood cannot become backscatter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test';
const ANSWER = '[ClientTrack Issues Tracking] Your message was too large';
const SUMMARY = /^\[ClientTrack Issues Tracking\] .*too large/;

/** About 2 MB on the wire once base64-encoded: over the 1 MB limit. */
const bigMail = (subject: string, headers?: Record<string, string>) => ({
  subject,
  text: 'The scans are attached.',
  headers,
  attachments: [{ filename: 'scans.txt', content: Buffer.alloc(1536 * 1024, 'page after page of scanned forms\n'), contentType: 'text/plain' }],
});

describe('the answer to a message over MAX_MESSAGE_MB', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, BOB, CAROL, SUMMER], env: { MAX_MESSAGE_MB: '1', ADMIN_EMAILS: SUMMER, NEW_REQUESTS_PER_SENDER_PER_HOUR: '3' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Waits until `count` messages were held as too large; returns their quarantine reasons. */
  async function waitForTooLarge(count: number, timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await h.service.database.sql<{ reason: string }[]>`
        select reason from inbound_messages where outcome = 'quarantined:MESSAGE_TOO_LARGE' order by id`;
      if (rows.length >= count) return rows.map((r) => r.reason);
      if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${count} messages held as too large`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const answers = async (user: string): Promise<ParsedMessage[]> => (await h.mailbox(user)).filter((m) => m.subject === ANSWER);
  const summaries = async (): Promise<ParsedMessage[]> => (await h.mailbox(SUMMER)).filter((m) => SUMMARY.test(m.subject));

  it('answers a person once with the size and the limit, and tells the admins in one summary', async () => {
    const sentId = await h.send(ALICE, bigMail('Scanned intake forms for March'));
    const [reason] = await waitForTooLarge(1);
    expect(reason).toMatch(/only the headers were downloaded/);
    expect(reason).toMatch(/\(alice@example\.test\)$/);
    const answer = await h.waitForMail(ALICE, (m) => m.subject === ANSWER, 30_000);
    await h.settle();
    expect(await answers(ALICE)).toHaveLength(1);
    const size = /too large \((\d+(?:\.\d)?) MB, limit 1 MB\)/.exec(answer.text.replace(/\s+/g, ' '));
    expect(size).not.toBeNull();
    expect(Number(size![1])).toBeGreaterThan(1);
    expect(answer.text).toContain('"Scanned intake forms for March"');
    expect(answer.text).toMatch(/files smaller than/);
    // It answers that message, as automatic mail (RFC 3834), so the sender's client threads it.
    expect(answer.inReplyTo).toContain(sentId);
    expect(answer.headers['auto-submitted']?.[0]?.trim()).toBe('auto-replied');

    // The fetch repeated from the start, as after a crash before the cursor moved: no second answer.
    await h.service.database.sql`update mailbox_cursors set last_uid = 0`;
    const fetcher = h.service.fetcher!;
    const passes = fetcher.passes;
    fetcher.nudge();
    for (const deadline = Date.now() + 30_000; fetcher.passes < passes + 2;) {
      if (Date.now() > deadline) throw new Error('the fetcher made no new pass');
      await new Promise((r) => setTimeout(r, 100));
    }
    const [cursor] = await h.service.database.sql<{ lastUid: number }[]>`select last_uid::int as "lastUid" from mailbox_cursors`;
    expect(cursor!.lastUid).toBeGreaterThan(0);
    await h.settle();
    expect(await answers(ALICE)).toHaveLength(1);
    const [events] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from outbox where event = 'message_too_large'`;
    expect(events!.n).toBe(1);
    // No ticket, and no per-message notice to the admins.
    expect(await h.ticket('Utah_RW-1')).toBeNull();
    expect(await h.mailbox(SUMMER)).toHaveLength(0);

    expect(await runScheduledTask(h.service.scheduleDeps, 'limits-summary', new Date())).toBe('summary of 0 held, 0 summarised, 1 too large');
    const notice = await h.waitForMail(SUMMER, (m) => SUMMARY.test(m.subject), 30_000);
    expect(notice.subject).toBe('[ClientTrack Issues Tracking] 1 message too large');
    expect(notice.text).toContain('alice@example.test');
    await h.settle();
    expect(await summaries()).toHaveLength(1);
  });

  it('sends the admins one summary for a burst, and stops answering at the sender\'s hourly cap', async () => {
    for (let i = 1; i <= 5; i += 1) await h.send(BOB, bigMail(`Export part ${i}`));
    await waitForTooLarge(6);
    await h.settle(30_000);
    // Three new requests an hour for one sender: three answers, the other two recorded as held.
    expect(await answers(BOB)).toHaveLength(3);
    const held = await h.service.database.sql<{ status: string; reason: string }[]>`
      select status, reason from outbound_messages where template = 'message_too_large' and recipient = ${BOB} and status <> 'sent'`;
    expect(held).toHaveLength(2);
    expect(held.every((r) => r.status === 'suppressed' && /new requests from this sender within an hour \(bob@example\.test\)/.test(r.reason))).toBe(true);
    expect(await summaries()).toHaveLength(1);

    expect(await runScheduledTask(h.service.scheduleDeps, 'limits-summary', new Date())).toBe('summary of 0 held, 0 summarised, 5 too large');
    const notice = await h.waitForMail(SUMMER, (m) => m.subject === '[ClientTrack Issues Tracking] 5 messages too large', 30_000);
    expect(notice.text).toMatch(/bob@example\.test\s+5/);
    // Nothing new since: no second mail for the same burst.
    expect(await runScheduledTask(h.service.scheduleDeps, 'limits-summary', new Date())).toBe('nothing held');
    await h.settle();
    expect(await summaries()).toHaveLength(2);
  });

  it('does not answer automatic mail', async () => {
    await h.send(CAROL, bigMail('Nightly export', { 'Auto-Submitted': 'auto-generated' }));
    const reasons = await waitForTooLarge(7);
    expect(reasons[6]).toMatch(/\(carol@example\.test\)$/);
    await h.settle();
    // Give a wrongly queued answer time to arrive before looking.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await h.mailbox(CAROL)).toHaveLength(0);
    const [row] = await h.service.database.sql<{ n: number }[]>`
      select count(*)::int as n from outbox where event = 'message_too_large' and payload->>'to' = ${CAROL}`;
    expect(row!.n).toBe(0);
  });
});
