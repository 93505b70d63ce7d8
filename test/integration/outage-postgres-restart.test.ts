// PostgreSQL restarted mid-stream (a private cluster of this test's own, stopped with a fast
// shutdown and started again on the same port; the machine's shared server is never touched).
// The worker says once that PostgreSQL is away and once that it is back, pauses the work that
// needs it rather than spending every job's attempts, and handles every request exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { appendRequests, captureLog, expectEachHandledOnce, ticketsFor, waitFor } from '../support/outage.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-servers.ts';

const ALICE = 'alice@example.test';

describe('PostgreSQL restarted mid-stream', () => {
  const captured = captureLog();
  let pg: PrivatePostgres;
  let h: Harness;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
    h = await startHarness({ users: [ALICE], log: captured.log, postgresUrl: pg.url, env: { AUTO_MAIL_LIMIT_PER_HOUR: '1000' } });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await pg?.destroy();
  });

  it('stores nothing while it is away, catches up after, and handles each request once', async () => {
    const before = await appendRequests(h, ALICE, ['Before the restart 1', 'Before the restart 2']);
    await expectEachHandledOnce(h, ALICE, before);

    const during = await appendRequests(h, ALICE, Array.from({ length: 12 }, (_, i) => `Around the restart ${i + 1}`));
    await waitFor('the first of them handled', async () => (await ticketsFor(h, during)) >= 1, 30_000);
    await pg.stop();
    const more = await appendRequests(h, ALICE, ['While it is stopped 1', 'While it is stopped 2']);
    await waitFor('the outage is noticed', () => captured.count(/^postgresql: unavailable/) > 0);
    await new Promise((r) => setTimeout(r, 3000));
    await pg.start();

    await expectEachHandledOnce(h, ALICE, [...before, ...during, ...more], 90_000);
    await waitFor('back again is said', () => captured.count(/^postgresql: available again after \d+ s$/) > 0);
    // Jobs cut off by the stop report their failures seconds after it is back: no second outage.
    await new Promise((r) => setTimeout(r, 3000));
    expect(captured.lines().filter((l) => l.msg.startsWith('postgresql: ')).map((l) => l.msg))
      .toEqual([expect.stringMatching(/^postgresql: unavailable \(\w+\), retrying with back-off$/), expect.stringMatching(/^postgresql: available again after \d+ s$/)]);
    expect(captured.count('fetch pass failed; reconnecting with backoff')).toBe(0);
    expect(await h.service.queues.processMail.getFailedCount()).toBe(0);
    expect(await h.service.queues.sendMail.getFailedCount()).toBe(0);
  }, 150_000);
});
