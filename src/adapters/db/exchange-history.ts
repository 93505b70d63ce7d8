// What the loop judgement (src/outbound/loop-brake.ts) needs to know of one sender on one ticket
// over the last hour: their earlier replies with arrival times, when our mail to them went out,
// and whether a loop note is there already. I/O: database, read only.
import { and, eq, gte, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { HISTORY_MS, LOOP_NOTE_START, type ExchangeHistory } from '../../outbound/loop-brake.ts';
import type { Db } from './client.ts';
import { inboundMessages, notes, outboundMessages, people } from './schema.ts';

export async function loadExchangeHistory(db: Db, ticketId: number, sender: string, at: Date, inboundId: number): Promise<ExchangeHistory> {
  const email = sender.trim().toLowerCase();
  const since = new Date(at.getTime() - HISTORY_MS);
  const [earlier, ours, noted] = await Promise.all([
    db.select({ receivedAt: inboundMessages.receivedAt, text: notes.body }).from(notes)
      .innerJoin(people, eq(people.id, notes.authorId))
      .innerJoin(inboundMessages, eq(inboundMessages.id, notes.inboundMessageId))
      .where(and(
        eq(notes.ticketId, ticketId), eq(people.email, email), inArray(notes.kind, ['note', 'auto_reply']),
        gte(inboundMessages.receivedAt, since), ne(inboundMessages.id, inboundId),
      ))
      .orderBy(inboundMessages.receivedAt).limit(500),
    db.select({ sentAt: outboundMessages.sentAt }).from(outboundMessages)
      .where(and(eq(outboundMessages.ticketId, ticketId), eq(outboundMessages.recipient, email), isNotNull(outboundMessages.sentAt), gte(outboundMessages.sentAt, since)))
      .limit(500),
    db.select({ id: notes.id }).from(notes)
      .where(and(eq(notes.ticketId, ticketId), eq(notes.kind, 'system'), eq(notes.internal, true),
        sql`starts_with(${notes.body}, ${LOOP_NOTE_START + email})`))
      .limit(1),
  ]);
  return {
    earlier: earlier.map((r) => ({ receivedAt: r.receivedAt, text: r.text })),
    ourMailAt: ours.map((r) => r.sentAt!),
    loopNoted: noted.length > 0,
  };
}
