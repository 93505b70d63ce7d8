// The count of a message the server refuses and its hold are kept with the mailbox cursor and
// written only with a fencing token at least as high as the one that last moved it: a fetcher that
// lost its lease can neither count nor hold, and a cursor that moves starts the count again. The
// hold is a row without bytes whose server copy is left alone, and only it can be asked for again.
// A count can be forgotten (the fetcher does so when the server was away between two cuts).
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const HELD = { code: 'FETCH_REFUSED', reason: 'refused in a test' };

describe('a refused message kept with the cursor', () => {
  const scratch = useScratchDatabase();

  it('counts passes in a row for the same UID, starts again for another or after the cursor moved', async () => {
    const store = new InboundStore(scratch.db);
    expect(await store.countRefusal('A', 1, 4, 5, 2)).toBe(1);
    expect(await store.countRefusal('A', 1, 4, 5, 2)).toBe(2);
    expect(await store.countRefusal('A', 1, 4, 6, 2)).toBe(1);
    expect(await store.countRefusal('A', 1, 4, 6, 2)).toBe(2);
    expect(await store.saveCursor('A', 1, 4, 2)).toBe(true);
    expect(await store.countRefusal('A', 1, 4, 6, 2)).toBe(1);
    // Under a new UIDVALIDITY the same number is another message.
    expect(await store.countRefusal('A', 2, 0, 6, 2)).toBe(1);
  });

  it('forgets the count of that UID only (the cursor stays), and not with a fencing token below the one that moved it', async () => {
    const store = new InboundStore(scratch.db);
    expect(await store.saveCursor('E', 1, 4, 3)).toBe(true);
    expect(await store.countRefusal('E', 1, 4, 5, 3)).toBe(1);
    expect(await store.countRefusal('E', 1, 4, 5, 3)).toBe(2);
    // Another UID's, another UIDVALIDITY's, or an older lease's: nothing forgotten.
    expect(await store.forgetRefusal('E', 1, 6, 3)).toBe(false);
    expect(await store.forgetRefusal('E', 2, 5, 3)).toBe(false);
    expect(await store.forgetRefusal('E', 1, 5, 2)).toBe(false);
    expect(await store.countRefusal('E', 1, 4, 5, 3)).toBe(3);
    expect(await store.forgetRefusal('E', 1, 5, 3)).toBe(true);
    expect(await store.cursor('E')).toMatchObject({ uidValidity: 1, lastUid: 4, fence: 3 });
    expect(await store.countRefusal('E', 1, 4, 5, 3)).toBe(1);
  });

  it('neither counts nor holds with a fencing token below the one that moved the cursor', async () => {
    const store = new InboundStore(scratch.db);
    expect(await store.saveCursor('B', 1, 4, 5)).toBe(true);
    expect(await store.countRefusal('B', 1, 4, 5, 4)).toBe(false);
    expect(await store.holdRefused('B', 1, 5, HELD, 4)).toBe(false);
    expect(await store.cursor('B')).toMatchObject({ lastUid: 4, fence: 5 });
    expect((await scratch.sql`select 1 from inbound_messages where mailbox = 'B'`).length).toBe(0);
  });

  it('holds it in one step with the cursor moved past it, and only such a row can be asked for again', async () => {
    const store = new InboundStore(scratch.db);
    expect(await store.countRefusal('C', 1, 4, 5, 3)).toBe(1);
    const id = await store.holdRefused('C', 1, 5, HELD, 3);
    expect(id).not.toBe(false);
    expect(await store.cursor('C')).toMatchObject({ lastUid: 5, fence: 3 });
    const [row] = await scratch.sql<{ status: string; outcome: string; size: number; done: boolean }[]>`
      select status, outcome, size, mailbox_done_at is not null as done from inbound_messages where id = ${id as number}`;
    expect(row).toEqual({ status: 'quarantined', outcome: 'quarantined:FETCH_REFUSED', size: 0, done: true });
    // Left alone on the server: never among the messages to flag or move.
    expect(await store.handledNotMarked('C', 1)).toEqual([]);

    const other = (await store.store({ mailbox: 'C', uidValidity: 1, uid: 3, raw: Buffer.from('Subject: x\r\n\r\nx') })).id;
    await store.quarantine(other, 'NO_SENDER', 'a test');
    expect(await store.requestRefetch(other)).toBe(false);
    expect(await store.requestRefetch(id as number)).toBe(true);
    expect(await store.refetchRequested('C')).toEqual([{ id, uid: 5, uidValidity: 1 }]);

    // A fetcher that lost its lease cannot write what it fetched.
    expect(await store.storeRefetched('C', id as number, Buffer.from('Subject: y\r\n\r\ny'), undefined, 2)).toBe(false);
    expect(await store.storeRefetched('C', id as number, Buffer.from('Subject: y\r\n\r\ny'), undefined, 3)).toBe(true);
    const [after] = await scratch.sql<{ status: string; size: number; done: boolean }[]>`
      select status, size, mailbox_done_at is not null as done from inbound_messages where id = ${id as number}`;
    expect(after).toEqual({ status: 'pending', size: 15, done: false });
    expect(await store.refetchRequested('C')).toEqual([]);
  });

  it('keeps a hold an admin asked to be fetched again in the list until the fetcher comes to it, and lets it be dropped', async () => {
    const store = new InboundStore(scratch.db);
    expect(await store.countRefusal('D', 1, 4, 5, 3)).toBe(1);
    const id = await store.holdRefused('D', 1, 5, HELD, 3);
    if (id === false) throw new Error('not held');
    expect(await store.requestRefetch(id)).toBe(true);
    const listed = (await store.listQuarantined()).find((r) => r.id === id);
    expect(listed?.outcome).toBe('quarantined:FETCH_REFUSED (to be fetched again)');
    expect(await store.drop(id, 'dropped in a test')).toBe(true);
    expect((await store.listQuarantined()).some((r) => r.id === id)).toBe(false);
  });
});
