// A change's outbox events go in as one multi-row insert: they keep their order (the relay takes
// them by id), each names its actor and note as before, and one whose once-only key is taken,
// by an event stored earlier or by an earlier event of the same change, is left out.
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, people } from '../../../src/adapters/db/schema.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import { useScratchDatabase } from '../../support/harness.ts';

describe('TicketStore.insertEvents', () => {
  const scratch = useScratchDatabase();

  it('stores the events in order, once per key', async () => {
    const store = new TicketStore(scratch.db, 'T');
    await store.insertEvents(scratch.db, null, [{ event: 'digest', actor: null, payload: { n: 0 }, dedupeKey: 'digest:taken' }], null);
    await scratch.db.transaction(async (tx) => {
      await store.insertEvents(tx, null, [
        { event: 'digest', actor: { email: 'Ann@Example.test', name: '' }, payload: { n: 1 } },
        { event: 'digest', actor: null, payload: { n: 2 }, dedupeKey: 'digest:taken' },
        { event: 'jobs_failed', actor: { email: 'ann@example.test', name: '' }, payload: { n: 3 }, dedupeKey: 'once' },
        { event: 'jobs_failed', actor: null, payload: { n: 4 }, dedupeKey: 'once' },
        { event: 'limits_summary', actor: null, payload: { n: 5 } },
      ], null);
    });
    const rows = await scratch.db.select().from(outbox).orderBy(asc(outbox.id));
    const [ann] = await scratch.db.select().from(people);
    expect(rows.map((r) => [r.event, (r.payload as { n: number }).n, r.actorId, r.dedupeKey])).toEqual([
      ['digest', 0, null, 'digest:taken'],
      ['digest', 1, ann!.id, null],
      ['jobs_failed', 3, ann!.id, 'once'],
      ['limits_summary', 5, null, null],
    ]);
    await store.insertEvents(scratch.db, null, [], null); // nothing to store: no statement, no error
    expect(await scratch.db.$count(outbox)).toBe(4);
  });
});
