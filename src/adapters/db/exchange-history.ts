// What the loop judgement (src/outbound/loop-brake.ts) needs to know of one sender on one ticket
// over the last hour: their earlier replies with arrival times (those made only of refused
// commands included), when our mail to them went out,
// and whether a loop note is there already. I/O: database, read only, one statement.
import { sql } from 'drizzle-orm';
import { HISTORY_MS, LOOP_NOTE_START, type ExchangeHistory } from '../../outbound/loop-brake.ts';
import { perHandle, preparedSql, type Db } from './client.ts';

type HistoryRow = { earlier: { receivedAt: string; text: string }[]; ours: string[]; noted: boolean };

/**
 * The three reads as columns of one select (json, decoded below), at most 500 of each list; built
 * once per database handle, as every reply runs it.
 */
const historyFor = perHandle((db) => {
  const [ticketId, email, since, at, inboundId, loopNote] = ['ticketId', 'email', 'since', 'at', 'inboundId', 'loopNote'].map((name) => sql.placeholder(name));
  return preparedSql<HistoryRow>(db, sql`select
    (select coalesce(json_agg(json_build_object('receivedAt', r.received_at, 'text', r.body) order by r.received_at), '[]'::json) from ((
      select i.received_at, n.body from notes n
        join people p on p.id = n.author_id
        join inbound_messages i on i.id = n.inbound_message_id
      where n.ticket_id = ${ticketId} and p.email = ${email} and n.kind in ('note', 'auto_reply')
        and i.received_at >= ${since}::timestamptz and i.id <> ${inboundId}
      order by i.received_at limit 500)
      union all (
      -- Replies made only of refused commands leave no note, only the refusal sent back: counted
      -- too (no text), at the latest as of the reply judged. A refusal beside a note of the same
      -- reply (one transaction, one now()) is that note's.
      select least(o.created_at, ${at}::timestamptz), '' from outbox o
        join people p on p.id = o.actor_id
      where o.ticket_id = ${ticketId} and p.email = ${email} and o.event = 'command_refused' and o.created_at >= ${since}::timestamptz
        and not exists (select 1 from notes n where n.ticket_id = o.ticket_id and n.author_id = o.actor_id and n.created_at = o.created_at)
      order by 1 limit 500)) r) as earlier,
    (select coalesce(json_agg(o.sent_at), '[]'::json) from (
      select sent_at from outbound_messages
      where ticket_id = ${ticketId} and recipient = ${email} and sent_at is not null and sent_at >= ${since}::timestamptz
      limit 500) o) as ours,
    exists (select 1 from notes
      where ticket_id = ${ticketId} and kind = 'system' and internal = true and starts_with(body, ${loopNote})) as noted`, 'exchange_history');
});

export async function loadExchangeHistory(db: Db, ticketId: number, sender: string, at: Date, inboundId: number): Promise<ExchangeHistory> {
  const email = sender.trim().toLowerCase();
  const since = new Date(at.getTime() - HISTORY_MS).toISOString();
  const [row] = await historyFor(db).execute({ ticketId, email, since, at: at.toISOString(), inboundId, loopNote: LOOP_NOTE_START + email });
  return {
    earlier: row!.earlier.map((r) => ({ receivedAt: new Date(r.receivedAt), text: r.text })),
    ourMailAt: row!.ours.map((t) => new Date(t)),
    loopNoted: row!.noted,
  };
}
