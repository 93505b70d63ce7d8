// `deskmail worker` and `deskmail web` both migrate at start, so after an upgrade (or with several
// workers started at once) processes migrate the same database together. Each must succeed, and
// every migration be applied exactly once: they take turns under one advisory lock.
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../../src/adapters/db/client.ts';
import { createTestDatabase } from '../../support/harness.ts';

const PROCESSES = 6;
const journal = JSON.parse(readFileSync(new URL('../../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: { when: number }[] };

let scratch: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
afterEach(async () => {
  await scratch?.drop();
  scratch = undefined;
});

async function migratedOnce(url: string): Promise<void> {
  const database = openDatabase(url, { max: 1 });
  try {
    const applied = await database.sql<{ created_at: string }[]>`select created_at from drizzle.__drizzle_migrations order by created_at`;
    expect(applied.map((m) => Number(m.created_at))).toEqual(journal.entries.map((e) => e.when));
    const [tickets] = await database.sql<{ count: number }[]>`select count(*)::int as count from tickets`;
    expect(tickets!.count).toBe(0);
  } finally {
    await database.close();
  }
}

it.each([
  ['an empty database', 'empty' as const],
  ['a database that does not exist yet', 'none' as const],
])('%s migrated by several processes at once: all succeed, each migration applied once', async (_, schema) => {
  scratch = await createTestDatabase(undefined, { schema });
  const results = await Promise.allSettled(Array.from({ length: PROCESSES }, () => migrateDatabase(scratch!.url)));
  expect(results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'ok'))).toEqual(Array(PROCESSES).fill('ok'));
  await migratedOnce(scratch.url);
  // And once more later, as the next start does: nothing left to apply.
  await migrateDatabase(scratch.url);
  await migratedOnce(scratch.url);
}, 120_000);
