// Statements built once (client.ts builtOnce, builtPerShape) run on the handle they are given: in
// a transaction, on its connection and in it (a statement drizzle prepared runs on the connection
// of the handle that built it, outside any transaction). And the values of a statement built per
// shape are written as drizzle writes them when it builds the statement each time: null as null,
// a value left undefined as the column's default, a date and JSON as their columns encode them.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { builtPerShape } from '../../../src/adapters/db/client.ts';
import { findPeopleByEmail, upsertPerson } from '../../../src/adapters/db/people.ts';
import { people, tickets } from '../../../src/adapters/db/schema.ts';
import { useScratchDatabase } from '../../support/harness.ts';

type TicketInsert = typeof tickets.$inferInsert;
const insertTicket = builtPerShape<TicketInsert, (typeof tickets.$inferSelect)[]>(tickets, (db, rows) => db.insert(tickets).values(rows).returning().prepare('test_ticket_insert'));
const setTicket = builtPerShape<Partial<TicketInsert>, unknown>(tickets, (db, [set]) => db.update(tickets).set(set!).where(eq(tickets.id, sql.placeholder('id'))).prepare('test_ticket_update'));

describe('statements built once', () => {
  const database = useScratchDatabase({ max: 3 });
  const seenOutside = async (email: string) => (await database.db.select().from(people).where(eq(people.email, email))).length > 0;

  it('run in the transaction they are given, and in its savepoints', async () => {
    expect(await findPeopleByEmail(database.db, ['kept@example.test'])).toEqual([]); // built, and run on the pool
    await database.db.transaction(async (tx) => {
      await upsertPerson(tx, 'Kept@example.test', 'Kept');
      // Uncommitted: the transaction sees the row through another statement built once, nobody else does.
      expect((await findPeopleByEmail(tx, ['kept@example.test'])).map((p) => p.name)).toEqual(['Kept']);
      expect(await seenOutside('kept@example.test')).toBe(false);
      await tx.transaction(async (inner) => {
        await upsertPerson(inner, 'undone@example.test');
        expect(await findPeopleByEmail(inner, ['undone@example.test', 'kept@example.test'])).toHaveLength(2);
        inner.rollback();
      }).catch(() => {});
      expect(await findPeopleByEmail(tx, ['undone@example.test'])).toEqual([]);
    });
    expect(await seenOutside('kept@example.test')).toBe(true);
    expect(await seenOutside('undone@example.test')).toBe(false);

    await expect(database.db.transaction(async (tx) => {
      const person = await upsertPerson(tx, 'rolled-back@example.test', 'Gone');
      expect(person.id).toBeGreaterThan(0);
      throw new Error('the change fails');
    })).rejects.toThrow('the change fails');
    expect(await seenOutside('rolled-back@example.test')).toBe(false);
  });

  it('write null, left-out, date and JSON values as drizzle writes them', async () => {
    const [submitter] = await database.db.insert(people).values({ email: 'submitter@example.test' }).returning();
    const closed = new Date('2030-01-02T03:04:05.678Z');
    const rows: TicketInsert[] = [
      { number: 1, ref: 'T-1', summary: 'Left out', submitterId: submitter!.id, resolution: null, closedAt: null, clientIds: ['AAAA123456'], type: undefined },
      { number: 2, ref: 'T-2', summary: 'Given', submitterId: submitter!.id, resolution: 'fixed', closedAt: closed, missingInfo: [], route: 'macch', type: 'request' },
    ];
    const mine = await database.db.transaction(async (tx) => insertTicket(tx, rows).execute());
    const theirs = await database.db.insert(tickets).values(rows.map((r) => ({ ...r, number: r.number! + 10, ref: `${r.ref}0` }))).returning();
    const comparable = (t: typeof tickets.$inferSelect) => ({ ...t, id: 0, number: 0, ref: '', createdAt: null, updatedAt: null });
    expect(mine.map(comparable)).toEqual(theirs.map(comparable));
    expect(mine[0]).toMatchObject({ type: 'issue', resolution: null, closedAt: null, clientIds: ['AAAA123456'], missingInfo: [] });
    expect(mine[1]).toMatchObject({ type: 'request', resolution: 'fixed', closedAt: closed, route: 'macch' });

    await setTicket(database.db, [{ closedAt: null, resolution: null, missingInfo: ['Client ID'], status: undefined }]).execute({ id: mine[1]!.id });
    const [updated] = await database.db.select().from(tickets).where(eq(tickets.id, mine[1]!.id));
    expect(updated).toMatchObject({ closedAt: null, resolution: null, missingInfo: ['Client ID'], status: 'new', route: 'macch' });
  });
});
