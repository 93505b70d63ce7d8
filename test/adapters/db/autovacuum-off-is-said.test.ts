// The worker says, once as it starts, when PostgreSQL's autovacuum does not look after its tables
// (off for the server, or for one table): they would keep every dead row and stale statistics.
import { describe, expect, it } from 'vitest';
import { readUpkeep, upkeepWarning } from '../../../src/adapters/db/upkeep.ts';
import { restartService, startHarness, useScratchDatabase } from '../../support/harness.ts';
import { captureLog } from '../../support/outage.ts';

describe('autovacuum on deskmail\'s tables', () => {
  const database = useScratchDatabase({ max: 1 });

  it('reads the server\'s setting and the tables that have it turned off', async () => {
    const [setting] = await database.sql<{ autovacuum: string }[]>`show autovacuum`;
    expect((await readUpkeep(database.sql)).tablesOff).toEqual([]);
    await database.sql`alter table outbox set (autovacuum_enabled = false)`;
    await database.sql`alter table inbound_messages set (autovacuum_enabled = false, fillfactor = 90)`;
    expect(await readUpkeep(database.sql)).toEqual({ server: setting!.autovacuum === 'on', tablesOff: ['inbound_messages', 'outbox'] });
    await database.sql`alter table outbox reset (autovacuum_enabled)`;
    expect((await readUpkeep(database.sql)).tablesOff).toEqual(['inbound_messages']);
  });

  it('warns about the server first, then about the tables, and says nothing when all is looked after', () => {
    expect(upkeepWarning({ server: true, tablesOff: [] })).toBeNull();
    expect(upkeepWarning({ server: false, tablesOff: ['outbox'] })).toMatch(/^PostgreSQL autovacuum is off: .*VACUUM ANALYZE/);
    expect(upkeepWarning({ server: true, tablesOff: ['inbound_messages', 'outbox'] })).toMatch(/^PostgreSQL autovacuum is off for inbound_messages, outbox: /);
  });
});

describe('a worker starting on tables that autovacuum does not look after', () => {
  it('says so once as it starts, in the warning the settings call for', async () => {
    const captured = captureLog();
    const h = await startHarness({ users: [], log: captured.log });
    try {
      const sql = h.service.database.sql;
      await sql`alter table outbox set (autovacuum_enabled = false)`;
      // Whatever the server's own setting, a table with autovacuum off calls for a warning.
      const expected = upkeepWarning(await readUpkeep(sql));
      expect(expected).not.toBeNull();
      const before = captured.count(expected!);
      await restartService(h);
      expect(captured.count(expected!)).toBe(before + 1);
    } finally {
      await h.stop();
    }
  });
});
