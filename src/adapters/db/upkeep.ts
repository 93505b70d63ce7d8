// Whether PostgreSQL keeps deskmail's tables in shape by itself. Every message updates rows (its
// status, its events once relayed, its ticket), and each update leaves a dead row behind that only
// VACUUM clears; the planner's statistics come from ANALYZE. Autovacuum does both, unless it is
// turned off for the server or for a table; then the tables grow with dead rows and every
// statement gets slower until someone runs VACUUM ANALYZE. The worker says so once as it starts.
// I/O: the database (reads settings only).
import type postgres from 'postgres';

export interface Upkeep {
  /** autovacuum for the whole server. */
  server: boolean;
  /** Tables of this schema with autovacuum turned off for them alone. */
  tablesOff: string[];
}

export async function readUpkeep(sql: postgres.Sql): Promise<Upkeep> {
  const [row] = await sql<{ server: boolean; off: string[] }[]>`
    select current_setting('autovacuum') = 'on' as server,
      coalesce(array_agg(c.relname::text order by c.relname) filter (where c.reloptions @> array['autovacuum_enabled=false']), '{}') as off
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'`;
  return { server: row!.server, tablesOff: row!.off };
}

/** The warning an operator needs, or null when autovacuum looks after every table. Pure. */
export function upkeepWarning(upkeep: Upkeep): string | null {
  if (!upkeep.server) {
    return 'PostgreSQL autovacuum is off: the tables keep every dead row and stale statistics, and each message costs more as they grow; turn autovacuum on, or run VACUUM ANALYZE regularly';
  }
  if (upkeep.tablesOff.length) {
    return `PostgreSQL autovacuum is off for ${upkeep.tablesOff.join(', ')}: those tables keep every dead row and stale statistics; turn it back on (ALTER TABLE ... RESET (autovacuum_enabled)), or run VACUUM ANALYZE on them regularly`;
  }
  return null;
}
