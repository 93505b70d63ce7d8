// The web lists' queries: a person's tickets (submitted or followed, never anyone else's), the
// queue order (open before closed, urgent first, then oldest), filters, search by reference, summary words, client
// ID and (for the queue) submitter, counts per status, and paging that clamps.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { countByStatus, listTickets, totalOf } from '../../../src/adapters/db/ticket-queries.ts';
import { useScratchDatabase } from '../../support/harness.ts';

describe('ticket list queries', () => {
  const scratch = useScratchDatabase();
  let alice: number;
  let bob: number;

  beforeAll(async () => {
    const db = scratch.db;
    const ids = await db.execute(sql`insert into people (email, name) values ('alice@example.test', 'Alice Doe'), ('bob@example.test', 'Bob Roe'), ('summer@example.test', 'Summer') returning id`) as unknown as { id: number }[];
    [alice, bob] = [ids[0]!.id, ids[1]!.id];
    const summer = ids[2]!.id;
    // number, status, priority, summary, submitter, client ids, age in hours, assignee
    const rows: [number, string, string, string, number, string[], number, number | null][] = [
      [1, 'new', 'normal', 'Caseload page shows an error', alice, ['AAAA111111'], 50, null],
      [2, 'assigned', 'urgent', 'Client waiting in the lobby, cannot enroll', bob, [], 10, summer],
      [3, 'closed', 'low', 'Report export is empty', alice, [], 40, summer],
      [4, 'new', 'urgent', 'Eligibility dates wrong for a client', alice, ['BBBB222222'], 5, null],
      [5, 'waiting_for_response', 'normal', 'How do I change my caseload?', bob, [], 60, null],
    ];
    for (const [n, status, priority, summary, submitter, clientIds, hours, assignee] of rows) {
      await db.execute(sql`insert into tickets (number, ref, status, priority, summary, submitter_id, client_ids, created_at, assignee_id)
        values (${n}, ${`Utah_RW-${n}`}, ${status}, ${priority}, ${summary}, ${submitter}, ${JSON.stringify(clientIds)}::jsonb, now() - ${hours} * interval '1 hour', ${assignee})`);
      await db.execute(sql`insert into participants (ticket_id, person_id, role) select id, ${submitter}, 'submitter' from tickets where number = ${n}`);
    }
    // Alice follows Bob's ticket 5; Summer is the assignee of 2 (assignee rows never count as "mine").
    await db.execute(sql`insert into participants (ticket_id, person_id, role) select id, ${alice}, 'interested' from tickets where number = 5`);
    await db.execute(sql`insert into participants (ticket_id, person_id, role) select id, ${summer}, 'assignee' from tickets where number = 2`);
  });

  const refs = (page: { rows: { ref: string }[] }) => page.rows.map((r) => r.ref);

  it("lists a person's submitted and followed tickets, newest first, and nobody else's", async () => {
    expect(refs(await listTickets(scratch.db, { personId: alice }, 'newest', 1, 25))).toEqual(['Utah_RW-4', 'Utah_RW-3', 'Utah_RW-1', 'Utah_RW-5']);
    expect(refs(await listTickets(scratch.db, { personId: bob }, 'newest', 1, 25))).toEqual(['Utah_RW-2', 'Utah_RW-5']);
  });

  it('orders the queue urgent first, then oldest first', async () => {
    expect(refs(await listTickets(scratch.db, {}, 'queue', 1, 25))).toEqual(['Utah_RW-2', 'Utah_RW-4', 'Utah_RW-5', 'Utah_RW-1', 'Utah_RW-3']);
  });

  it('filters by status, priority, assignee and urgency', async () => {
    expect(refs(await listTickets(scratch.db, { statuses: ['new', 'closed'] }, 'queue', 1, 25))).toEqual(['Utah_RW-4', 'Utah_RW-1', 'Utah_RW-3']);
    expect(refs(await listTickets(scratch.db, { urgent: true }, 'queue', 1, 25))).toEqual(['Utah_RW-2', 'Utah_RW-4']);
    expect(refs(await listTickets(scratch.db, { priority: 'low' }, 'queue', 1, 25))).toEqual(['Utah_RW-3']);
    expect(refs(await listTickets(scratch.db, { assignee: 'none' }, 'queue', 1, 25))).toEqual(['Utah_RW-4', 'Utah_RW-5', 'Utah_RW-1']);
  });

  it('finds tickets by reference, words of the summary and client ID, and by submitter only in the queue', async () => {
    expect(refs(await listTickets(scratch.db, { search: 'utah_rw-3' }, 'queue', 1, 25))).toEqual(['Utah_RW-3']);
    expect(refs(await listTickets(scratch.db, { search: 'caseload' }, 'queue', 1, 25))).toEqual(['Utah_RW-5', 'Utah_RW-1']);
    expect(refs(await listTickets(scratch.db, { search: 'bbbb222222' }, 'queue', 1, 25))).toEqual(['Utah_RW-4']);
    expect(refs(await listTickets(scratch.db, { search: 'bob' }, 'queue', 1, 25))).toEqual([]);
    expect(refs(await listTickets(scratch.db, { search: 'bob', searchSubmitter: true }, 'queue', 1, 25))).toEqual(['Utah_RW-2', 'Utah_RW-5']);
    expect(refs(await listTickets(scratch.db, { search: '100%_\\' , searchSubmitter: true }, 'queue', 1, 25))).toEqual([]);
    // A person's search stays inside their own tickets.
    expect(refs(await listTickets(scratch.db, { personId: bob, search: 'Utah_RW-1' }, 'newest', 1, 25))).toEqual([]);
  });

  it('counts per status whatever the status choice, and pages with clamping', async () => {
    const counts = await countByStatus(scratch.db, { personId: alice, statuses: ['new'] });
    expect(counts).toEqual({ new: 2, closed: 1, waiting_for_response: 1 });
    expect(totalOf(counts, ['new'])).toBe(2);
    expect(totalOf(counts, [])).toBe(4);
    const page2 = await listTickets(scratch.db, {}, 'queue', 2, 2);
    expect(page2).toMatchObject({ total: 5, page: 2, pageCount: 3 });
    expect(refs(page2)).toEqual(['Utah_RW-5', 'Utah_RW-1']);
    expect((await listTickets(scratch.db, {}, 'queue', 99, 2)).page).toBe(3);
  });
});
