// A person named several times in one transaction (the submitter, then the actor of each event)
// is read once, and the naming rules hold as if each call had read the row: a name fills an empty
// one, only proven mail replaces a proven name, and what the transaction wrote is what it sees.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { upsertPerson } from '../../../src/adapters/db/people.ts';
import { people } from '../../../src/adapters/db/schema.ts';
import { useScratchDatabase } from '../../support/harness.ts';

describe('upsertPerson, the same person several times in one transaction', () => {
  const scratch = useScratchDatabase();

  it('keeps the naming rules and returns what the transaction wrote', async () => {
    const seen = await scratch.db.transaction(async (tx) => {
      const created = await upsertPerson(tx, 'Ann@Example.test');
      const named = await upsertPerson(tx, 'ann@example.test', 'Ann Proven', true);
      const unproven = await upsertPerson(tx, 'ann@example.test', 'Someone Else', false);
      const renamed = await upsertPerson(tx, 'ann@example.test', 'Ann Renamed', true);
      const again = await upsertPerson(tx, 'ann@example.test');
      return { created, named, unproven, renamed, again };
    });
    expect(seen.created.name).toBe('');
    expect(seen.named).toMatchObject({ id: seen.created.id, name: 'Ann Proven', nameVerified: true });
    expect(seen.unproven.name).toBe('Ann Proven');
    expect(seen.renamed.name).toBe('Ann Renamed');
    expect(seen.again.name).toBe('Ann Renamed');
    const [row] = await scratch.db.select().from(people).where(eq(people.email, 'ann@example.test'));
    expect(row).toMatchObject({ id: seen.created.id, name: 'Ann Renamed', nameVerified: true });
  });

  it('reads the row again in a new transaction, so a change committed meanwhile is seen', async () => {
    await scratch.db.transaction(async (tx) => { await upsertPerson(tx, 'bob@example.test'); });
    await scratch.db.update(people).set({ name: 'Bob From Elsewhere' }).where(eq(people.email, 'bob@example.test'));
    const later = await scratch.db.transaction(async (tx) => upsertPerson(tx, 'bob@example.test'));
    expect(later.name).toBe('Bob From Elsewhere');
  });
});
