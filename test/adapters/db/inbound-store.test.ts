// The raw mail comes back from PostgreSQL byte for byte, whatever its size: it is read in slices
// (4 MiB each) so a large message is never held as one hex string.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { useScratchDatabase } from '../../support/harness.ts';

describe('InboundStore.load', () => {
  const scratch = useScratchDatabase();

  it.each([
    ['a small message', 2_000],
    ['exactly one slice', 4 * 1024 * 1024],
    ['a slice and one byte', 4 * 1024 * 1024 + 1],
    ['several slices', 9 * 1024 * 1024 + 123],
  ])('returns %s unchanged', async (_name, size) => {
    const store = new InboundStore(scratch.db);
    const raw = Buffer.concat([Buffer.from('From: a@example.test\r\nSubject: x\r\n\r\n'), randomBytes(size)]);
    const { id } = await store.store({ mailbox: 'INBOX', uidValidity: 1, uid: size, raw });
    const row = await store.load(id);
    expect(row!.size).toBe(raw.length);
    expect(row!.raw.equals(raw)).toBe(true);
  });
});
