// A send reads its status mail and claims its row in one statement (one round trip fewer per mail),
// and the claim means what it did as a statement of its own: a pending row no other send holds is
// taken for SEND_CLAIM_MS; one held, sent or failed is not; a hold that lapsed is taken again. The
// row comes back as it was before the claim, as a load made before the claim read it.
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/adapters/db/client.ts';
import { OutboundStore } from '../../../src/adapters/db/outbound-store.ts';
import * as schema from '../../../src/adapters/db/schema.ts';
import { outboundMessages } from '../../../src/adapters/db/schema.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { SEND_CLAIM_MS } from '../../../src/workers/send-mail.ts';
import { createTestDatabase } from '../../support/harness.ts';

const create: TicketChange = {
  kind: 'create', submitter: { email: 'rosa@example.test', name: 'Rosa' }, attachments: [], events: [], participants: [],
  ticket: { summary: 'The kettle in room 4 trips the fuse', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
};

describe('a status mail loaded and claimed', () => {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: postgres.Sql;
  let db: Db;
  let sent = 0;

  beforeAll(async () => {
    scratch = await createTestDatabase();
    client = postgres(scratch.url, { max: 2, onnotice: () => {}, debug: () => { sent += 1; } });
    db = drizzle(client, { schema });
  });
  afterAll(async () => {
    await client.end({ timeout: 5 });
    await scratch.drop();
  });

  it('in one statement, taking only a pending row no other send holds', async () => {
    const outbound = new OutboundStore(db, 'desk.example.test', 'K');
    const { ticketId } = await new TicketStore(db, 'K').apply(create, null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() });
    let n = 0;
    const mail = async (status = 'pending') => (await db.insert(outboundMessages)
      .values({ ticketId, recipient: 'rosa@example.test', template: 'submitted', messageId: `kettle-${++n}@desk.example.test`, status }).returning())[0]!;
    const holdOf = async (id: number) => (await db.select({ until: outboundMessages.sendingUntil }).from(outboundMessages).where(eq(outboundMessages.id, id)))[0]!.until;
    const statements = async <T>(run: () => Promise<T>) => {
      sent = 0;
      const value = await run();
      return { value, sent };
    };

    const pending = await mail();
    const first = await statements(() => outbound.loadAndClaim(pending.id, SEND_CLAIM_MS));
    expect(first.sent).toBe(1);
    expect(first.value).toMatchObject({ claimed: true, row: { id: pending.id, status: 'pending', sendingUntil: null }, ticket: { id: ticketId }, recipient: { email: 'rosa@example.test' } });
    const held = await holdOf(pending.id);
    expect(Math.abs(held!.getTime() - (Date.now() + SEND_CLAIM_MS))).toBeLessThan(30_000);

    // Held by that send: another run reads it and waits; given back, it is taken again.
    const second = await outbound.loadAndClaim(pending.id, SEND_CLAIM_MS);
    expect(second).toMatchObject({ claimed: false, row: { status: 'pending', sendingUntil: held } });
    expect(await holdOf(pending.id)).toEqual(held);
    await outbound.release(pending.id);
    expect((await outbound.loadAndClaim(pending.id, SEND_CLAIM_MS))!.claimed).toBe(true);

    // Sent: read as it is, never claimed, untouched; what it reads is what load() reads.
    await outbound.markSent(pending.id, 'Kettle');
    const heldWhenSent = await holdOf(pending.id);
    const afterSent = (await outbound.loadAndClaim(pending.id, SEND_CLAIM_MS))!;
    expect(afterSent.claimed).toBe(false);
    const { claimed: _claimed, ...read } = afterSent;
    expect(read).toEqual(await outbound.load(pending.id));
    expect(read.row.status).toBe('sent');
    expect(await holdOf(pending.id)).toEqual(heldWhenSent);

    const failed = await mail('failed');
    expect(await outbound.loadAndClaim(failed.id, SEND_CLAIM_MS)).toMatchObject({ claimed: false, row: { status: 'failed' } });
    expect(await holdOf(failed.id)).toBeNull();

    // A hold whose send died lapses, and the next run takes the row.
    const lapsed = await mail();
    await db.update(outboundMessages).set({ sendingUntil: sql`now() - interval '1 second'` }).where(eq(outboundMessages.id, lapsed.id));
    expect((await outbound.loadAndClaim(lapsed.id, SEND_CLAIM_MS))!.claimed).toBe(true);
    expect((await holdOf(lapsed.id))!.getTime()).toBeGreaterThan(Date.now() + SEND_CLAIM_MS - 30_000);

    expect(await outbound.loadAndClaim(lapsed.id + 1000, SEND_CLAIM_MS)).toBeNull();
  });
});
