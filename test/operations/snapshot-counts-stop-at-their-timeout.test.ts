// The operations snapshot (/metrics, /healthz, `deskmail status`) counts in PostgreSQL with the
// server itself stopping the counts at the snapshot's timeout: a scrape that gives up leaves no
// statement running on a connection mail processing needs.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOperationsSnapshot } from '../../src/operations/snapshot.ts';
import { useScratchDatabase } from '../support/harness.ts';

describe('the operations snapshot\'s counts', () => {
  const scratch = useScratchDatabase();
  let redis: Redis;
  beforeAll(() => { redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'); });
  afterAll(async () => { redis?.disconnect(); });

  it('are stopped by the server at the timeout when a count cannot finish', async () => {
    const sources = { sql: scratch.sql, queues: [], redis, prefix: 'snapshot-test', mailbox: 'INBOX', timeoutMs: 300 };
    expect((await readOperationsSnapshot(sources)).errors).toEqual([]);
    // Another session holds the table: the count waits on it.
    const db = (await scratch.sql<{ db: string }[]>`select current_database() as db`)[0]!.db;
    const blocker = await scratch.sql.reserve();
    try {
      await blocker`begin`;
      await blocker`lock table inbound_messages in access exclusive mode`;
      const snapshot = await readOperationsSnapshot(sources);
      expect(snapshot.errors.join(' ')).toMatch(/^postgresql: /);
      // Shortly after the timeout nothing of the snapshot is left waiting on the server.
      await new Promise((r) => setTimeout(r, 400));
      const waiting = await scratch.sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where datname = ${db} and pid <> pg_backend_pid() and wait_event_type = 'Lock'`;
      expect(waiting[0]!.n).toBe(0);
    } finally {
      await blocker`rollback`;
      blocker.release();
    }
  });
});
