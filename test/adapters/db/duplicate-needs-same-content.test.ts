// A message is the duplicate of one handled under the same Message-ID only when their contents'
// fingerprints agree: other mail sent under a reused Message-ID is not one. A message handled
// before fingerprints were kept (none stored) still counts as the same mail, as it always did; so
// does everything when the message's own fingerprint is not known.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { inboundMessages, people, tickets } from '../../../src/adapters/db/schema.ts';
import { databaseLookup } from '../../../src/adapters/db/thread-lookup.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const mail = (messageId: string, body: string) =>
  Buffer.from(`From: a@example.test\r\nMessage-ID: <${messageId}>\r\nSubject: s\r\n\r\n${body}\r\n`);

describe('a handled duplicate has the same content', () => {
  const scratch = useScratchDatabase();
  let uid = 0;
  let number = 0;

  const ticket = async () => {
    const [person] = await scratch.db.insert(people).values({ email: `p${++number}@example.test`, name: '' }).returning();
    const [row] = await scratch.db.insert(tickets).values({
      number, ref: `T-${number}`, status: 'new', type: 'issue', priority: 'normal', summary: 's', originalSubject: 's', description: 'd', submitterId: person!.id,
    }).returning();
    return row!.id;
  };

  const put = async (raw: Buffer, handled?: { ticketId: number | null; contentFingerprint: string | null }) => {
    const store = new InboundStore(scratch.db);
    const { id } = await store.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw });
    if (handled) await scratch.db.update(inboundMessages).set({ status: 'processed', ...handled }).where(eq(inboundMessages.id, id));
    return id;
  };

  /** What the pipeline asks, both ways: with the duplicate read with the row, and read again. */
  const askBothWays = async (id: number, messageId: string, fingerprint: string | null) => {
    const inbound = new InboundStore(scratch.db);
    const store = new TicketStore(scratch.db, 'T');
    const row = (await inbound.load(id))!;
    const withRow = await databaseLookup(scratch.db, store, inbound, id, row).duplicateOf(messageId, fingerprint);
    const asked = await databaseLookup(scratch.db, store, inbound, id).duplicateOf(messageId, fingerprint);
    expect(withRow).toEqual(asked);
    return asked;
  };

  it('is the handled message with the same fingerprint, not other mail under its Message-ID', async () => {
    const first = await ticket();
    const second = await ticket();
    await put(mail('form@example.test', 'first request'), { ticketId: first, contentFingerprint: 'aaa' });
    await put(mail('form@example.test', 'second request'), { ticketId: second, contentFingerprint: 'bbb' });
    const id = await put(mail('form@example.test', 'a third'));
    expect(await askBothWays(id, 'form@example.test', 'aaa')).toBe(first);
    expect(await askBothWays(id, 'form@example.test', 'bbb')).toBe(second);
    expect(await askBothWays(id, 'form@example.test', 'ccc')).toBeUndefined();
    expect(await new InboundStore(scratch.db).findHandledDuplicate(id, 'form@example.test', 'ccc')).toBeNull();
  });

  it('is a message handled before fingerprints were kept, whatever its content', async () => {
    const old = await ticket();
    await put(mail('legacy@example.test', 'stored by an earlier version'), { ticketId: old, contentFingerprint: null });
    const id = await put(mail('legacy@example.test', 'something else'));
    expect(await askBothWays(id, 'legacy@example.test', 'ddd')).toBe(old);
  });

  it('is any handled message with the Message-ID when the fingerprint is not known', async () => {
    const t = await ticket();
    await put(mail('unknown@example.test', 'one'), { ticketId: t, contentFingerprint: 'eee' });
    const id = await put(mail('unknown@example.test', 'two'));
    expect(await askBothWays(id, 'unknown@example.test', null)).toBe(t);
  });
});
