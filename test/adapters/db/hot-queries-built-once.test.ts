// The statements every message or status mail runs outside a transaction (the stored row's load,
// the sender check's verdict kept with it, a ticket by reply token or reference, a status mail's
// load and its "sent" mark) are built by drizzle once per database handle, not on every call; what
// they read and write stays the same.
import { eq } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../../src/adapters/db/outbound-store.ts';
import { inboundMessages, outboundMessages } from '../../../src/adapters/db/schema.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { ThreadClues } from '../../../src/inbound/thread.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const clues = (over: Partial<ThreadClues>): ThreadClues => ({ recipientAddresses: [], messageIds: [], pseudoRefs: [], subjectRef: null, bareSubjectRef: null, ...over });
const create: TicketChange = {
  kind: 'create', submitter: { email: 'rosa@example.test', name: 'Rosa' }, attachments: [], events: [], participants: [],
  ticket: { summary: 'The kettle in room 4 trips the fuse', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
} as TicketChange;

describe('hot queries', () => {
  const scratch = useScratchDatabase();
  afterEach(() => { vi.restoreAllMocks(); });

  it('are built once and then only run, reading and writing what they did', async () => {
    const inbound = new InboundStore(scratch.db);
    const tickets = new TicketStore(scratch.db, 'K');
    const outbound = new OutboundStore(scratch.db, 'desk.example.test', 'K');
    const applied = await tickets.apply(create, null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() });
    const ref = (await tickets.byId(applied.ticketId!))!.ref;
    const [mail] = await scratch.db.insert(outboundMessages).values({ ticketId: applied.ticketId!, recipient: 'rosa@example.test', template: 'submitted', messageId: 'kettle-1@desk.example.test' }).returning();
    const raw = Buffer.from('Message-ID: <kettle-2@example.test>\r\nSubject: Kettle\r\n\r\nIt tripped again this morning.\r\n');
    const stored = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw });

    const everyQuery = async () => {
      // A second store: its bytes were handed over by the first, so a load here reads them back.
      const loaded = [await inbound.load(stored.id), await new InboundStore(scratch.db).load(stored.id)];
      // The first verdict kept stands: a second check's is not written over it.
      const kept = [await inbound.keepSenderVerdict(stored.id, { verified: 'pass', reason: 'dmarc=pass for example.test' }),
        await inbound.keepSenderVerdict(stored.id, { verified: 'fail', reason: 'dmarc=fail for example.test' })];
      const byToken = await tickets.findThread(clues({}), applied.ticketId!, null);
      const byPseudoRef = await tickets.findThread(clues({ pseudoRefs: [ref.toLowerCase()] }), null, null);
      const send = await outbound.load(mail!.id);
      await outbound.markSent(mail!.id, 'Kettle trips the fuse');
      return { loaded, kept, byToken, byPseudoRef, send };
    };
    await everyQuery(); // the first calls build them
    const built = vi.spyOn(PgDialect.prototype, 'sqlToQuery');
    const { loaded, kept, byToken, byPseudoRef, send } = await everyQuery();
    expect(built).not.toHaveBeenCalled();

    expect(kept).toEqual([{ verified: 'pass', reason: 'dmarc=pass for example.test' }, { verified: 'pass', reason: 'dmarc=pass for example.test' }]);
    const [{ verdict }] = await scratch.db.select({ verdict: inboundMessages.senderVerdict }).from(inboundMessages).where(eq(inboundMessages.id, stored.id)) as [{ verdict: unknown }];
    expect(verdict).toEqual({ verified: 'pass', reason: 'dmarc=pass for example.test' });

    for (const row of loaded) {
      expect(row).toMatchObject({ id: stored.id, messageId: 'kettle-2@example.test', handledDuplicate: null });
      expect(row!.raw!.equals(raw)).toBe(true);
    }
    for (const found of [byToken, byPseudoRef]) {
      expect(found.ticket?.id).toBe(applied.ticketId);
      expect(found.participants.map((p) => `${p.role}:${p.email}`)).toEqual(['submitter:rosa@example.test']);
    }
    expect(byToken.matchedBy).toBe('token');
    expect(byPseudoRef.matchedBy).toBe('pseudo-id');
    expect(send).toMatchObject({ row: { id: mail!.id }, ticket: { id: applied.ticketId }, recipient: { email: 'rosa@example.test' } });
    const [sent] = await scratch.db.select().from(outboundMessages).where(eq(outboundMessages.id, mail!.id));
    expect(sent).toMatchObject({ status: 'sent', subject: 'Kettle trips the fuse', reason: null });
    expect(Math.abs(sent!.sentAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
