// Redis restarted mid-stream (a private redis-server without persistence, killed and started
// again on the same port): every queued job and the fetch lease are gone. The worker says once
// that Redis is away and once that it is back, rebuilds the queues from PostgreSQL (raw mail is
// stored there before any job exists), takes the fetch lease again with a token above the one
// that last moved the cursor, and handles every request exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartService, startHarness, type Harness } from '../support/harness.ts';
import { appendRequests, captureLog, expectEachHandledOnce, ticketsFor, waitFor } from '../support/outage.ts';
import { startPrivateRedis, type PrivateRedis } from '../support/private-servers.ts';

const ALICE = 'alice@example.test';

describe('Redis restarted mid-stream', () => {
  const captured = captureLog();
  let redis: PrivateRedis;
  let h: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    h = await startHarness({ users: [ALICE], log: captured.log, env: { AUTO_MAIL_LIMIT_PER_HOUR: '1000' }, redisUrl: redis.url });
  });
  afterAll(async () => {
    await h?.stop();
    await redis?.stop();
  });

  it('loses its queues and the fetch lease, rebuilds them, and handles each request once', async () => {
    const before = await appendRequests(h, ALICE, ['Before the restart 1', 'Before the restart 2']);
    await expectEachHandledOnce(h, ALICE, before);
    // A second start takes the lease with a higher token, so the cursor now remembers 2; the
    // counter in Redis will start again from 1.
    await restartService(h);
    before.push(...await appendRequests(h, ALICE, ['Between the starts']));
    await waitFor('the cursor moved by the second lease', async () => {
      const [row] = await h.service.database.sql<{ fence: number }[]>`select fence::int as fence from mailbox_cursors where mailbox = 'INBOX'`;
      return (row?.fence ?? 0) >= 2;
    }, 30_000);

    const during = await appendRequests(h, ALICE, Array.from({ length: 12 }, (_, i) => `Around the restart ${i + 1}`));
    await waitFor('the first of them handled', async () => (await ticketsFor(h, during)) >= 1, 30_000);
    await redis.kill();
    await waitFor('the outage is noticed', () => captured.count(/^redis: unavailable/) > 0);
    await new Promise((r) => setTimeout(r, 2000));
    await redis.start();

    const after = await appendRequests(h, ALICE, ['After the restart 1', 'After the restart 2']);
    await expectEachHandledOnce(h, ALICE, [...before, ...during, ...after], 90_000);
    // The cursor moves past every message again (a new lease token below the one the cursor
    // remembers would be refused, and every pass would fetch the same messages again).
    const total = before.length + during.length + after.length;
    let cursor: unknown = null;
    await waitFor('the cursor past the last message', async () => {
      const [row] = await h.service.database.sql<{ lastUid: number; fence: number }[]>`select last_uid::int as "lastUid", fence::int as fence from mailbox_cursors where mailbox = 'INBOX'`;
      cursor = row;
      return row?.lastUid === total;
    }, 20_000).catch((err: Error) => { throw new Error(`${err.message}; cursor ${JSON.stringify(cursor)}, fetcher ${JSON.stringify(h.service.fetcher?.lastError)}`); });
    expect(h.service.fetcher!.lastError).toBeNull();
    expect(captured.count(/^redis: unavailable \(\w+\), retrying with back-off$/)).toBe(1);
    expect(captured.count(/^redis: available again after \d+ s$/)).toBe(1);
    // The rebuild runs a moment after Redis answers; requests may all be handled before it logs.
    await waitFor('the queues rebuilt', () => captured.count('queues rebuilt from the database after redis came back') > 0, 20_000);
    expect(captured.count('queues rebuilt from the database after redis came back')).toBe(1);
    expect(captured.count('worker error')).toBe(0);
  }, 150_000);
});
