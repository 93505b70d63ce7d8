// Clearing raw mail past RAW_MAIL_DAYS works through the due rows a batch at a time until none is
// left, touches no pending or quarantined message however old, and leaves each row's facts. A
// cleared row loads without bytes, cannot be put back in line, and still answers as a duplicate.
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const DAY = 86_400_000;
const mail = (n: number) => Buffer.from(`From: a@example.test\r\nSubject: ${n}\r\nMessage-ID: <m${n}@example.test>\r\n\r\nClient AAAA11111${n % 10}.\r\n`);

describe('InboundStore.clearRawMail', () => {
  const scratch = useScratchDatabase();

  it('clears every due message a batch at a time and nothing pending, quarantined or recent', async () => {
    const store = new InboundStore(scratch.db);
    const now = new Date();
    const old = new Date(now.getTime() - 40 * DAY).toISOString();
    const ids: Record<string, number[]> = { ignored: [], dropped: [], recent: [], pending: [], quarantined: [] };
    for (let n = 0; n < 12; n++) {
      const group = n < 7 ? 'ignored' : n < 8 ? 'dropped' : n < 9 ? 'recent' : n < 10 ? 'pending' : 'quarantined';
      const { id } = await store.store({ mailbox: 'INBOX', uidValidity: 1, uid: n + 1, raw: mail(n), ...(group === 'quarantined' ? { held: { code: 'MESSAGE_TOO_LARGE', reason: 'test' } } : {}) });
      ids[group]!.push(id);
    }
    const { sql } = scratch;
    await sql`update inbound_messages set status = 'ignored', outcome = 'ignored:auto-reply', processed_at = ${old} where id in ${sql([...ids.ignored!, ...ids.recent!])}`;
    await sql`update inbound_messages set status = 'dropped', outcome = 'dropped', processed_at = ${old} where id in ${sql(ids.dropped!)}`;
    await sql`update inbound_messages set processed_at = now() where id in ${sql(ids.recent!)}`;
    await sql`update inbound_messages set received_at = ${old}, processed_at = ${old} where id in ${sql([...ids.pending!, ...ids.quarantined!])}`;

    expect(await store.clearRawMail(new Date(now.getTime() - 30 * DAY), now, 3)).toBe(8);
    const rows = await sql<{ id: number; raw: Buffer | null; message_id: string; raw_sha256: string; size: number }[]>`select id, raw, message_id, raw_sha256, size from inbound_messages order by id`;
    const cleared = rows.filter((r) => r.raw === null).map((r) => r.id);
    expect(cleared).toEqual([...ids.ignored!, ...ids.dropped!]);
    for (const r of rows) expect([r.message_id, r.raw_sha256.length, r.size > 0]).toEqual([expect.stringMatching(/^m\d+@example\.test$/), 64, true]);
    expect(await store.clearRawMail(new Date(now.getTime() - 30 * DAY), now, 3)).toBe(0);

    // Loaded without bytes, with the day they went; never put back in line.
    const loaded = await new InboundStore(scratch.db).load(ids.dropped![0]!);
    expect(loaded).toMatchObject({ raw: null, status: 'dropped', messageId: 'm7@example.test' });
    expect(loaded!.rawClearedAt?.getTime()).toBe(now.getTime());
    expect(await store.release(ids.dropped![0]!)).toBe(false);
    // The same mail again is still a duplicate of the cleared one: by its content fingerprint, which
    // clearing keeps; other mail under the same Message-ID is not.
    await sql`update inbound_messages set content_fingerprint = ${'f'.repeat(64)} where id = ${ids.ignored![0]!}`;
    expect(await store.findHandledDuplicate(ids.recent![0]!, 'm0@example.test', 'f'.repeat(64))).toEqual({ ticketId: null });
    expect(await store.findHandledDuplicate(ids.recent![0]!, 'm0@example.test', 'e'.repeat(64))).toBeNull();
  });
});
