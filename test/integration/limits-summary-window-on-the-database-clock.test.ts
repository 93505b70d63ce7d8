// The admins' limits summary covers what was held since the previous summary (or the last hour),
// judged by the database's clock alone, on real servers: workers whose clocks are off, the one
// that runs the summary or the one that held the mail, neither leave held mail out nor take in
// mail from before the window.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';

const SUMMER = 'summer@example.test';
const MINUTE = 60_000;

describe('the limits summary\'s window', () => {
  let h: Harness;
  let uid = 0;
  const sql = () => h.service.database.sql;
  /** A new request held over its sender's cap, `minutesAgo` by the database's clock. */
  const heldAgo = async (sender: string, minutesAgo: number) => {
    uid += 1;
    const raw = Buffer.from(`From: ${sender}\r\nSubject: held ${uid}\r\n\r\nplease\r\n`);
    await sql()`insert into inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, status, outcome, reason, processed_at)
      values ('test-held', 1, ${uid}, ${raw}, ${createHash('sha256').update(raw).digest('hex')}, ${raw.length}, 'quarantined', 'quarantined:NEW_REQUEST_LIMIT',
        ${`more than 3 new requests from this sender within an hour (${sender})`}, now() - make_interval(mins => ${minutesAgo}))`;
  };
  /**
   * Nothing held in any window yet, and the previous summary `minutesAgo` by the database's clock
   * (one is made first when there is none; its key is made its own, as if it had been made then).
   */
  const startFrom = async (minutesAgo: number) => {
    const [made] = await sql()<{ n: number }[]>`select count(*)::int as n from outbox where event = 'limits_summary'`;
    if (made!.n === 0) {
      await heldAgo('seed@example.test', 1);
      expect(await summarise(0)).toBe('summary of 1 held, 0 summarised');
    }
    await sql()`update inbound_messages set processed_at = now() - interval '2 days' where mailbox = 'test-held'`;
    await sql()`update outbox set created_at = now() - make_interval(mins => ${minutesAgo}), dedupe_key = dedupe_key || ':moved:' || id
      where event = 'limits_summary'`;
  };
  const summarise = (clockOffMs: number) => runScheduledTask(h.service.scheduleDeps, 'limits-summary', new Date(Date.now() + clockOffMs));
  /** The senders the latest summary names. */
  const summarisedSenders = async () => {
    const [row] = await sql()<{ payload: { limitsSummary: { senders: { address: string }[] } } }[]>`
      select payload from outbox where event = 'limits_summary' order by id desc limit 1`;
    return row!.payload.limitsSummary.senders.map((s) => s.address);
  };

  beforeAll(async () => {
    h = await startHarness({ users: [SUMMER], env: { ADMIN_EMAILS: SUMMER } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('takes in what was held since the previous summary when the worker\'s clock is ahead', async () => {
    await startFrom(40);
    await heldAgo('second@example.test', 30);
    // 50 minutes ahead, the summary 40 minutes ago looks over an hour old to this worker; it is not.
    expect(await summarise(50 * MINUTE)).toBe('summary of 1 held, 0 summarised');
    expect(await summarisedSenders()).toEqual(['second@example.test']);
  });

  it('leaves out what was held before the window when the worker\'s clock is behind', async () => {
    await startFrom(90);
    await heldAgo('third@example.test', 80);
    await heldAgo('fourth@example.test', 10);
    // 40 minutes behind, the summary 90 minutes ago looks within the hour to this worker; it is not.
    expect(await summarise(-40 * MINUTE)).toBe('summary of 1 held, 0 summarised');
    expect(await summarisedSenders()).toEqual(['fourth@example.test']);
  });

  it('takes in mail held by a worker whose clock is behind, stamped by the database', async () => {
    await startFrom(20);
    const raw = Buffer.from('From: fifth@example.test\r\nSubject: held\r\nMessage-ID: <held-5@example.test>\r\n\r\nplease\r\n');
    const { id } = await h.service.scheduleDeps.inbound.store({ mailbox: 'test-held', uidValidity: 2, uid: 1, raw });
    await h.service.scheduleDeps.tickets.apply({ kind: 'quarantine', code: 'NEW_REQUEST_LIMIT', reason: 'more than 3 new requests from this sender within an hour (fifth@example.test)' }, id, {
      kind: 'new', maxAttachmentBytes: 0, now: new Date(Date.now() - 60 * MINUTE),
    });
    expect(await summarise(0)).toBe('summary of 1 held, 0 summarised');
    expect(await summarisedSenders()).toEqual(['fifth@example.test']);
  });
});
