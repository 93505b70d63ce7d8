// What the pipeline asks about stored tickets and people, answered from PostgreSQL: the ticket a
// message's clues point at (with its participants), the person a reply token names, whether an
// address is an admin, whose mail a bounce reports on, what the status mail a reply answers said,
// and whether the message was handled before. Ids read from mail are asked about only when a row
// can have them (tickets/row-id.ts): any other names nobody. I/O: database, reads only.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { ThreadLookup } from '../../inbound/pipeline.ts';
import { isRowId } from '../../tickets/row-id.ts';
import { builtOnce, type Db } from './client.ts';
import type { HandledDuplicate, InboundStore } from './inbound-store.ts';
import { findPeopleByEmail, findPersonById } from './people.ts';
import { outboundMessages, people } from './schema.ts';
import { TicketStore } from './ticket-store.ts';

/**
 * The text of our status mail on a ticket with one of these Message-IDs, the first named first (a
 * reply names the mail it answers first: inbound/thread.ts): most replies quote one, so built once.
 */
const statementsFor = builtOnce((db) => {
  const ids = sql`${sql.placeholder('ids')}::text[]`;
  return {
    sentText: db.select({ text: outboundMessages.sentText }).from(outboundMessages)
      .where(and(eq(outboundMessages.ticketId, sql.placeholder('ticketId')), sql`${outboundMessages.messageId} = any(${ids})`, isNotNull(outboundMessages.sentText)))
      .orderBy(sql`array_position(${ids}, ${outboundMessages.messageId})`)
      .limit(1)
      .prepare('outbound_sent_text'),
  };
});

/** What is already known of the stored message: its Message-ID as stored and its handled duplicate, read with its row. */
export interface KnownDuplicate { messageId: string | null; handledDuplicate: HandledDuplicate | null }

/**
 * `inboundId` is the stored message being processed, or null for one that is not stored (a dry run).
 * `known`: its duplicate as read with its row, which answers `duplicateOf` for that same Message-ID
 * when it found none (comparing contents can only find fewer) or had no content to compare.
 */
export function databaseLookup(db: Db, tickets: TicketStore, inbound: InboundStore, inboundId: number | null, known?: KnownDuplicate): ThreadLookup {
  return {
    async findThread(clues, tokenTicketId, senderEmail) {
      const found = await tickets.findThread(clues, tokenTicketId, senderEmail);
      if (!found.ticket) return { ticket: null, matchedBy: found.matchedBy, participants: [] };
      // A closed ticket's open follow-up, which a late reply to it writes into (only a closed one has any to look for).
      const next = found.ticket.status === 'closed' ? await tickets.openFollowUpOf(found.ticket.id) : null;
      const openFollowUp = next
        ? { ticket: TicketStore.toState(next.ticket, next.assigneeEmail, next.closedAfterFix), participants: next.participants, removedByStaff: next.removedByStaff, muted: next.muted }
        : null;
      return { ticket: TicketStore.toState(found.ticket, found.assigneeEmail, found.closedAfterFix), matchedBy: found.matchedBy, participants: found.participants, removedByStaff: found.removedByStaff, muted: found.muted, openFollowUp };
    },
    personEmail: async (id) => (isRowId(id) ? (await findPersonById(db, id))?.email ?? null : null),
    async tokenEpochs(personIds) {
      // A person id no row can have gets no epoch: its address proves nothing, as a bad signature.
      const ids = personIds.filter(isRowId);
      if (ids.length === 0) return new Map();
      const rows = await db.select({ id: people.id, epoch: people.tokenEpoch }).from(people).where(inArray(people.id, ids));
      return new Map(rows.map((r) => [r.id, r.epoch]));
    },
    async bouncedRecipient(messageIds) {
      // The first id that is ours names the mail: the bounce lists the returned mail's own Message-ID
      // first, then the mail it answered, nearest first (pipeline.ts bounceIds). The ones after it may
      // be our mail to others on the ticket, whose addresses did not bounce. (A Message-ID is ours
      // once at most, so the position alone orders the rows.)
      const ids = [...new Set(messageIds)].slice(0, 50);
      if (ids.length === 0) return null;
      const listed = sql`${sql.param(ids)}::text[]`;
      const [row] = await db.select({ recipient: outboundMessages.recipient }).from(outboundMessages)
        .where(sql`${outboundMessages.messageId} = any(${listed})`)
        .orderBy(sql`array_position(${listed}, ${outboundMessages.messageId})`)
        .limit(1);
      return row?.recipient ?? null;
    },
    async sentMailText(ticketId, messageIds) {
      const ids = [...new Set(messageIds)].slice(0, 50);
      if (ids.length === 0 || !isRowId(ticketId)) return null;
      const [row] = await statementsFor(db).sentText.execute({ ticketId, ids });
      return row?.text ?? null;
    },
    isAdmin: async (email) => (await findPeopleByEmail(db, [email]))[0]?.isAdmin ?? false,
    async duplicateOf(messageId, fingerprint) {
      // A message not stored has no row of its own to exclude or to compare by content.
      if (inboundId === null && messageId === null) return undefined;
      // Only a Message-ID handled before costs a second look, with the content this time.
      const answered = known && known.messageId === messageId && (known.handledDuplicate === null || messageId === null || fingerprint === null);
      const dup = answered ? known.handledDuplicate : await inbound.findHandledDuplicate(inboundId ?? 0, messageId, fingerprint);
      return dup ? dup.ticketId : undefined;
    },
  };
}
