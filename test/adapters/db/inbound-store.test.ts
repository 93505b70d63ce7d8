// The raw mail comes back from PostgreSQL byte for byte, whatever its size: it is written as bytes
// (16 MiB a statement) and read as bytes in slices (RAW_SLICE_BYTES each, through a binary COPY)
// into one buffer. The store that wrote a message
// hands its bytes to its own process-mail once, and the row still has them for anyone else.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InboundStore, RAW_SLICE_BYTES } from '../../../src/adapters/db/inbound-store.ts';
import { useScratchDatabase } from '../../support/harness.ts';

describe('InboundStore.load', () => {
  const scratch = useScratchDatabase();

  it.each([
    ['a small message', 2_000],
    ['exactly one slice', RAW_SLICE_BYTES],
    ['a slice and one byte', RAW_SLICE_BYTES + 1],
    ['several slices', 9 * RAW_SLICE_BYTES + 123],
    ['more than one written slice', 16 * 1024 * 1024 + 4 * 1024 * 1024 + 7],
  ])('returns %s unchanged', async (_name, size) => {
    const store = new InboundStore(scratch.db);
    const raw = Buffer.concat([Buffer.from('From: a@example.test\r\nSubject: x\r\n\r\n'), randomBytes(size)]);
    const { id } = await store.store({ mailbox: 'INBOX', uidValidity: 1, uid: size, raw });
    // Read by another store, as another worker would: from the row, not from what this one kept.
    const row = await new InboundStore(scratch.db).load(id);
    expect(row!.size).toBe(raw.length);
    expect(row!.raw!.equals(raw)).toBe(true);
  });
});

describe('InboundStore.load on one connection', () => {
  // One connection, so a COPY that left it paused would stall every statement after it.
  const scratch = useScratchDatabase({ max: 1 });

  it('reads several large messages one after another and the connection still answers', async () => {
    const writer = new InboundStore(scratch.db);
    const raws = [3, 5].map((n) => Buffer.concat([Buffer.from('Subject: x\r\n\r\n'), randomBytes(n * RAW_SLICE_BYTES + 11)]));
    const ids: number[] = [];
    for (const [i, raw] of raws.entries()) ids.push((await writer.store({ mailbox: 'INBOX', uidValidity: 1, uid: i + 1, raw })).id);
    const reader = new InboundStore(scratch.db);
    for (const [i, id] of ids.entries()) expect((await reader.load(id))!.raw!.equals(raws[i]!)).toBe(true);
    expect(await scratch.sql`select 1 as one`).toEqual([{ one: 1 }]);
  }, 30_000);

  it('lets statements asked for during its COPY wait for it instead of failing', async () => {
    // With every connection busy the driver queues a statement behind a running one; behind a
    // COPY that fails (COPY_IN_PROGRESS), as does the COPY. Here the one connection is always
    // busy: three large messages read at once (each a COPY per slice) and statements in between.
    const raws = [4, 5, 6].map((n) => Buffer.concat([Buffer.from('Subject: x\r\n\r\n'), randomBytes(n * RAW_SLICE_BYTES + n)]));
    const writer = new InboundStore(scratch.db);
    const ids: number[] = [];
    for (const [i, raw] of raws.entries()) ids.push((await writer.store({ mailbox: 'INBOX', uidValidity: 2, uid: i + 1, raw })).id);
    let loading = true;
    const asked: Promise<unknown>[] = [];
    const others = async () => {
      while (loading) {
        const one = scratch.sql`select 1 as one`;
        asked.push(one);
        await one;
      }
    };
    const loads = Promise.all(ids.map((id) => new InboundStore(scratch.db).load(id))).finally(() => { loading = false; });
    const [rows] = await Promise.all([loads, others(), others(), others()]);
    for (const [i, row] of rows.entries()) expect(row!.raw!.equals(raws[i]!)).toBe(true);
    expect(asked.length).toBeGreaterThan(3);
    expect(await Promise.all(asked)).toEqual(asked.map(() => [{ one: 1 }]));
  }, 30_000);
});

describe('InboundStore.storeMany', () => {
  const scratch = useScratchDatabase();

  it('stores small and large messages in one call, answers in input order, and finds them again on a repeat', async () => {
    const store = new InboundStore(scratch.db);
    const raw = (size: number) => Buffer.concat([Buffer.from(`From: a@example.test\r\nMessage-ID: <m${size}@example.test>\r\n\r\n`), randomBytes(size)]);
    const messages = [{ uid: 7, raw: raw(3_000) }, { uid: 8, raw: raw(17 * 1024 * 1024) }, { uid: 9, raw: raw(100) }, { uid: 11, raw: raw(5 * 1024 * 1024) }];
    const first = await store.storeMany('INBOX', 3, messages);
    expect(first.map((r) => r.isNew)).toEqual([true, true, true, true]);
    expect(new Set(first.map((r) => r.id)).size).toBe(4);
    const elsewhere = new InboundStore(scratch.db);
    for (const [i, m] of messages.entries()) {
      const row = await elsewhere.load(first[i]!.id);
      expect(row!.uid).toBe(m.uid);
      expect(row!.messageId).toBe(`m${m.raw.length - (m.raw.indexOf('\r\n\r\n') + 4)}@example.test`);
      expect(row!.raw!.equals(m.raw)).toBe(true);
    }
    // A refetch after a crash: the same UIDs again, with one new message between them.
    const again = await store.storeMany('INBOX', 3, [messages[0]!, { uid: 10, raw: raw(50) }, messages[1]!, messages[2]!, messages[3]!]);
    expect(again.map((r) => r.isNew)).toEqual([false, true, false, false, false]);
    expect([again[0]!.id, again[2]!.id, again[3]!.id, again[4]!.id]).toEqual(first.map((r) => r.id));
  });
});

describe('InboundStore hand-off of what it just stored', () => {
  const scratch = useScratchDatabase();

  it('gives the bytes it stored to its own first load, and the row gives them after that', async () => {
    const store = new InboundStore(scratch.db);
    const raw = Buffer.concat([Buffer.from('From: a@example.test\r\nSubject: hand-off\r\n\r\n'), randomBytes(10_000)]);
    const { id } = (await store.storeMany('INBOX', 4, [{ uid: 1, raw }]))[0]!;
    const first = await store.load(id);
    expect(first!.raw).toBe(raw); // the very buffer: nothing read back
    const second = await store.load(id);
    expect(second!.raw).not.toBe(raw);
    expect(second!.raw!.equals(raw)).toBe(true);
  });
});
