// The statements that carry raw mail are planned generically: a custom plan puts every parameter
// into the plan as a constant, and the server then copies each message's bytes in planning. A
// batch's INSERT, whose text changes with its row count, would always be planned that way.
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const mail = (n: number, bytes = 2048): Buffer =>
  Buffer.from(`Message-ID: <raw-plan-${n}@example.test>\r\nFrom: a@example.test\r\nSubject: ${n}\r\n\r\n${'x'.repeat(bytes)}\r\n`);

describe('storing raw mail', () => {
  // One connection, so the statements it holds are the ones the store prepared.
  const database = useScratchDatabase({ max: 1 });

  it('plans the statements that carry the bytes without their values', async () => {
    const store = new InboundStore(database.db);
    await store.storeMany('INBOX', 1, [{ uid: 1, raw: mail(1) }, { uid: 2, raw: mail(2) }]);
    await store.storeMany('INBOX', 1, [{ uid: 3, raw: mail(3) }, { uid: 4, raw: mail(4) }, { uid: 5, raw: mail(5) }]);
    await store.store({ mailbox: 'INBOX', uidValidity: 1, uid: 6, raw: mail(6) });
    const plans = await database.sql<{ statement: string; generic: number; custom: number }[]>`
      select statement, generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
      where statement like 'insert into "inbound_messages"%'`;
    // Two batch texts (two and three rows) and the single row's.
    expect(plans.length).toBe(3);
    for (const plan of plans) {
      expect(plan.custom).toBe(0);
      expect(plan.generic).toBeGreaterThan(0);
    }
    // And the bytes are stored whole.
    const rows = await database.sql<{ uid: number; size: number; length: number }[]>`select uid::int, size, length(raw) as length from inbound_messages order by uid`;
    expect(rows.map((r) => r.uid)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of rows) expect(r.length).toBe(r.size);
  });

  it('keeps the generic planning to its own transaction', async () => {
    const [setting] = await database.sql<{ mode: string }[]>`select current_setting('plan_cache_mode') as mode`;
    expect(setting?.mode).toBe('auto');
  });
});
