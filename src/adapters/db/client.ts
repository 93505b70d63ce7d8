// Opens the PostgreSQL connection (postgres.js + drizzle) and applies the committed migrations.
// I/O: the database. Connection failures become RetryableError(DB_UNAVAILABLE).
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.ts';
import { projectPath } from '../../project-files.ts';

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/**
 * Queries built once per database handle and kept with it (drizzle builds a query's text anew on
 * every call): `perHandle(build)` gives a function that builds them on a handle's first use.
 */
export function perHandle<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    let queries = built.get(db);
    if (!queries) built.set(db, (queries = build(db)));
    return queries;
  };
}

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

const MIGRATIONS = projectPath('drizzle');

/** `readOnly`: every transaction of the connection is read-only (PostgreSQL refuses any write). */
export function openDatabase(url: string, options: { max?: number; readOnly?: boolean } = {}): Database {
  const connection = options.readOnly ? { default_transaction_read_only: true } : {};
  const sql = postgres(url, { max: options.max ?? 20, onnotice: () => {}, connect_timeout: 10, connection });
  const db = drizzle(preparingStatements(sql), { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * The connection as drizzle sees it, with every statement prepared once per connection and reused.
 * drizzle runs its queries through `unsafe()`, which postgres.js does not prepare: each statement with
 * parameters then costs two round trips (describe, then bind and execute) and a fresh parse and plan in
 * the server. Prepared, a repeat is one round trip. Transactions and savepoints hand drizzle a client
 * that prepares likewise. postgres.js names the statements per connection and re-prepares one that the
 * server no longer knows (after a schema change).
 */
function preparingStatements<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  type Unsafe = postgres.Sql['unsafe'];
  type Opened = (inner: postgres.TransactionSql) => unknown;
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'unsafe') return ((query, parameters, options) => (value as Unsafe)(query, parameters, { ...options, prepare: true })) as Unsafe;
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const opened = args.pop() as Opened;
          return (value as (...a: unknown[]) => unknown)(...args, (inner: postgres.TransactionSql) => opened(preparingStatements(inner)));
        };
      }
      return value;
    },
  });
}

/** Creates the database named in `url` when it does not exist yet (connects to `postgres`). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) {
      await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        // Created meanwhile by another process: said as 42P04, or as 23505 on pg_database's unique
        // index when the two were created at the same moment.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Drops the database named in `url` (the demo's own throwaway database). */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql.unsafe(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The advisory lock processes that migrate one database take turns under. */
const MIGRATION_LOCK = 'deskmail:migrate';

/**
 * Creates the database when missing and applies the committed migrations not applied yet. Processes
 * that start together (a worker and the web after an upgrade, several workers at once) take turns:
 * drizzle's migrator reads which migrations are applied, then applies the rest, with no lock of its
 * own, so two at once would both apply the same migration and one fail on a relation that exists.
 * The session advisory lock is held on the one connection of this pool, on which the migrator runs.
 */
export async function migrateDatabase(url: string): Promise<void> {
  await ensureDatabaseExists(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Advisory locks belong to one database, so other databases on the server never wait here.
    await sql`select pg_advisory_lock(hashtextextended(${MIGRATION_LOCK}, 0))`;
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS });
  } finally {
    // Closing the connection releases the lock, also when a migration failed.
    await sql.end({ timeout: 5 });
  }
}
