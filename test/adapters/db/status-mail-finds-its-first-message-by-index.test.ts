// A status mail threads under its ticket's first stored message, which OutboundStore.load reads in
// the same statement as the rest of the mail. That lookup goes through the index of a ticket's
// messages: a mailbox of thousands of messages is not read whole for every status mail.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { OutboundStore } from '../../../src/adapters/db/outbound-store.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const TICKETS = 300;
const MESSAGES = 6000;

describe('the status mail load on a full mailbox', () => {
  // One connection: the statistics read after the load are its own.
  const database = useScratchDatabase({ max: 1 });

  /** Rows of inbound_messages read so far, by scans and through indexes, this connection's statistics flushed first. */
  const rowsRead = async (): Promise<number> => {
    await database.db.execute(sql`select pg_stat_force_next_flush()`);
    const [row] = (await database.db.execute(sql`select (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int as n
      from pg_stat_user_tables where relname = 'inbound_messages'`)) as unknown as { n: number }[];
    return row!.n;
  };

  it('reads the ticket\'s first message through an index, not every message before it', async () => {
    const { db } = database;
    await db.execute(sql`insert into people (email, name) values ('alice@example.test', 'Alice')`);
    await db.execute(sql`insert into tickets (number, ref, summary, submitter_id)
      select n, 'Utah_RW-' || n, 'Request ' || n, (select id from people) from generate_series(1, ${TICKETS}) n`);
    // The other tickets' messages interleaved as mail arrives; the last ticket's come after them all.
    await db.execute(sql`insert into inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, message_id, ticket_id, status)
      select 'INBOX', 1, n, convert_to('Subject: ' || n, 'UTF8'), md5(n::text), 12, 'm' || n || '@example.test',
        (select id from tickets where number = case when n > ${MESSAGES - 20} then ${TICKETS} else 1 + n % ${TICKETS - 1} end), 'processed'
      from generate_series(1, ${MESSAGES}) n`);
    await db.execute(sql`insert into outbox (ticket_id, event) select id, 'submitted' from tickets where number = ${TICKETS}`);
    await db.execute(sql`insert into outbound_messages (outbox_id, ticket_id, recipient, template, message_id)
      select o.id, o.ticket_id, 'alice@example.test', 'submitted', 'out-1@example.test' from outbox o`);
    await db.execute(sql`analyze`);
    const [row] = (await db.execute(sql`select id from outbound_messages`)) as unknown as { id: number }[];

    const before = await rowsRead();
    const loaded = await new OutboundStore(db, 'example.test', 'Utah_RW').load(row!.id);
    const after = await rowsRead();
    expect(loaded?.threadIds).toEqual([`m${MESSAGES - 19}@example.test`]);
    // The row itself and the ticket's first message, not the thousands before them.
    expect(after - before).toBeLessThan(10);
  });
});
