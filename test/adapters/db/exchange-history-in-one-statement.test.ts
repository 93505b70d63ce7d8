// What the loop judgement reads of one sender on one ticket (their replies in the last hour,
// oldest first, without the message being judged; when our mail to them went out; whether a
// loop note is there) comes in one statement, with the same answers as three.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadExchangeHistory } from '../../../src/adapters/db/exchange-history.ts';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { inboundMessages, notes, outboundMessages, people } from '../../../src/adapters/db/schema.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import { HISTORY_MS, LOOP_NOTE_START } from '../../../src/outbound/loop-brake.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const AT = new Date('2026-03-02T10:00:00.123Z');
const ago = (ms: number) => new Date(AT.getTime() - ms);

describe('loadExchangeHistory', () => {
  const scratch = useScratchDatabase();

  it('reads the sender\'s replies, our mail to them and the loop note', async () => {
    const store = new TicketStore(scratch.db, 'T');
    const inbound = new InboundStore(scratch.db);
    const { ticketId } = await store.apply({
      kind: 'create', submitter: { email: 'ann@example.test', name: '' }, participants: [], attachments: [], events: [],
      ticket: { summary: 's', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
    } as TicketChange, null, { kind: 'test', maxAttachmentBytes: 0, now: AT });
    const [ann] = await scratch.db.select().from(people).where(eq(people.email, 'ann@example.test'));
    const [bob] = await scratch.db.insert(people).values({ email: 'bob@example.test', name: '' }).returning();
    let uid = 0;
    const reply = async (authorId: number, receivedAt: Date, body: string, kind = 'note') => {
      const { id } = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw: Buffer.from(`Subject: r\r\n\r\n${uid}`) });
      await scratch.db.update(inboundMessages).set({ receivedAt }).where(eq(inboundMessages.id, id));
      await scratch.db.insert(notes).values({ ticketId: ticketId!, authorId, kind, body, stripped: '', internal: false, inboundMessageId: id });
      return id;
    };
    await reply(ann!.id, ago(30_000), 'second');
    await reply(ann!.id, ago(90_000), 'first');
    await reply(ann!.id, ago(60_000), 'away', 'auto_reply');
    await reply(ann!.id, ago(HISTORY_MS + 1000), 'too old');
    await reply(bob!.id, ago(20_000), 'someone else');
    const judged = await reply(ann!.id, AT, 'the one judged');
    const mailAt = [ago(40_000), ago(100_000)];
    for (const [i, sentAt] of [...mailAt, ago(HISTORY_MS + 5000), null].entries()) {
      await scratch.db.insert(outboundMessages).values({ ticketId: ticketId!, recipient: 'ann@example.test', template: 'new_note', messageId: `m${i}@helpdesk.test`, sentAt, status: sentAt ? 'sent' : 'pending' });
    }
    await scratch.db.insert(outboundMessages).values({ ticketId: ticketId!, recipient: 'bob@example.test', template: 'new_note', messageId: 'bob@helpdesk.test', sentAt: ago(1000), status: 'sent' });

    const history = await loadExchangeHistory(scratch.db, ticketId!, ' Ann@Example.test ', AT, judged);
    expect(history.earlier).toEqual([
      { receivedAt: ago(90_000), text: 'first' }, { receivedAt: ago(60_000), text: 'away' }, { receivedAt: ago(30_000), text: 'second' },
    ]);
    expect(history.ourMailAt.map((d) => d.getTime()).sort()).toEqual(mailAt.map((d) => d.getTime()).sort());
    expect(history.loopNoted).toBe(false);
    await scratch.db.insert(notes).values({ ticketId: ticketId!, authorId: null, kind: 'system', body: `${LOOP_NOTE_START}ann@example.test: held`, stripped: '', internal: true });
    expect((await loadExchangeHistory(scratch.db, ticketId!, 'ann@example.test', AT, judged)).loopNoted).toBe(true);
    expect((await loadExchangeHistory(scratch.db, ticketId!, 'bob@example.test', AT, judged))).toEqual({
      earlier: [{ receivedAt: ago(20_000), text: 'someone else' }], ourMailAt: [ago(1000)], loopNoted: false,
    });
  });
});
