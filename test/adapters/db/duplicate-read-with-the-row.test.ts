// process-mail reads a message's handled duplicate with its row, in one round trip, instead of
// asking findHandledDuplicate afterwards: both answers agree for every case the check tells
// apart (same Message-ID handled or still pending, no Message-ID but the same bytes, a
// different mail, the message itself, a duplicate handled without a ticket).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { inboundMessages, people, tickets } from '../../../src/adapters/db/schema.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const mail = (messageId: string | null, body: string) =>
  Buffer.from(`From: a@example.test\r\n${messageId ? `Message-ID: <${messageId}>\r\n` : ''}Subject: s\r\n\r\n${body}\r\n`);

describe('the handled duplicate read with the row', () => {
  const scratch = useScratchDatabase();
  let uid = 0;

  it('answers as findHandledDuplicate does', async () => {
    const store = new InboundStore(scratch.db);
    const put = async (raw: Buffer, handled?: { status: string; ticketId: number | null }) => {
      const { id } = await store.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw });
      if (handled) await scratch.db.update(inboundMessages).set(handled).where(eq(inboundMessages.id, id));
      return id;
    };
    await put(mail('filed@example.test', 'one'), { status: 'processed', ticketId: null });
    await put(mail('waiting@example.test', 'two'));
    await put(mail(null, 'same bytes'), { status: 'ignored', ticketId: null });
    const cases = {
      sameIdHandled: await put(mail('filed@example.test', 'one again')),
      sameIdPending: await put(mail('waiting@example.test', 'two again')),
      sameBytesNoId: await put(mail(null, 'same bytes')),
      otherBytesNoId: await put(mail(null, 'other bytes')),
      newMail: await put(mail('new@example.test', 'three')),
    };
    const answers: Record<string, unknown> = {};
    for (const [name, id] of Object.entries(cases)) {
      // Another store, as another worker: the row is read from the database, not from what this one kept.
      const row = (await new InboundStore(scratch.db).load(id))!;
      const asked = await store.findHandledDuplicate(id, row.messageId);
      expect(row.handledDuplicate, name).toEqual(asked);
      answers[name] = row.handledDuplicate;
    }
    expect(answers).toEqual({
      sameIdHandled: { ticketId: null }, sameIdPending: null, sameBytesNoId: { ticketId: null }, otherBytesNoId: null, newMail: null,
    });
  });

  it('names the ticket the duplicate went to, and the kept bytes come with it', async () => {
    const store = new InboundStore(scratch.db);
    const first = await store.store({ mailbox: 'INBOX', uidValidity: 2, uid: 1, raw: mail('ticketed@example.test', 'x') });
    const [person] = await scratch.db.insert(people).values({ email: 't@example.test', name: '' }).returning();
    const [ticket] = await scratch.db.insert(tickets).values({
      number: 9001, ref: 'T-9001', status: 'new', type: 'issue', priority: 'normal', summary: 's', originalSubject: 's', description: 'd', submitterId: person!.id,
    }).returning();
    await scratch.db.update(inboundMessages).set({ status: 'processed', ticketId: ticket!.id }).where(eq(inboundMessages.id, first.id));
    const raw = mail('ticketed@example.test', 'x again');
    const { id } = await store.store({ mailbox: 'INBOX', uidValidity: 2, uid: 2, raw });
    const row = (await store.load(id))!; // this store kept the bytes
    expect(row.handledDuplicate).toEqual({ ticketId: ticket!.id });
    expect(row.raw!.equals(raw)).toBe(true);
  });
});
