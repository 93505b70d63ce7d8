// drizzle's queries are prepared once per connection and reused (one round trip for a repeat, no
// fresh parse and plan in the server), in plain queries, in transactions and in savepoints alike.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { people } from '../../../src/adapters/db/schema.ts';
import { useScratchDatabase } from '../../support/harness.ts';

describe('statements drizzle sends', () => {
  // One connection, so the statements it holds are the ones these queries prepared.
  const database = useScratchDatabase({ max: 1 });

  /** The statements the server holds prepared for the one connection. */
  const prepared = async (): Promise<string[]> =>
    (await database.sql<{ statement: string }[]>`select statement from pg_prepared_statements`).map((r) => r.statement);

  it('are prepared on the connection, whether sent alone, in a transaction or in a savepoint', async () => {
    await database.db.select().from(people).where(eq(people.email, 'a@example.test'));
    await database.db.transaction(async (tx) => {
      await tx.insert(people).values({ email: 'b@example.test', name: '' });
      await tx.transaction(async (inner) => {
        await inner.update(people).set({ name: 'B' }).where(eq(people.email, 'b@example.test'));
      });
    });
    const statements = await prepared();
    expect(statements.some((s) => /^select .* from "people" where "people"\."email" = \$1/.test(s))).toBe(true);
    expect(statements.some((s) => s.startsWith('insert into "people"'))).toBe(true);
    expect(statements.some((s) => s.startsWith('update "people" set "name" = $1'))).toBe(true);
  });

  it('are reused: the same query again adds no statement', async () => {
    const before = (await prepared()).length;
    expect(before).toBeGreaterThan(0);
    for (const email of ['c@example.test', 'd@example.test', 'e@example.test']) await database.db.select().from(people).where(eq(people.email, email));
    expect((await prepared()).length).toBe(before);
    const [row] = await database.db.select().from(people).where(eq(people.email, 'b@example.test'));
    expect(row?.name).toBe('B');
  });
});
