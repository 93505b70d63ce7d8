// Opens the PostgreSQL connection (postgres.js + drizzle) and applies the committed migrations.
// I/O: the database. Connection failures become RetryableError(DB_UNAVAILABLE).
import { getTableColumns, is, sql, SQL } from 'drizzle-orm';
import { PgDialect, type PgPreparedQuery, type PgTable, type PreparedQueryConfig } from 'drizzle-orm/pg-core';
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

/** A statement drizzle built, as `.prepare(name)` or preparedSql gives it. */
type Built = PgPreparedQuery<PreparedQueryConfig>;

/**
 * Where the statements that run on any handle are built: a handle without a connection, made with
 * the schema as openDatabase makes every handle, so what it builds is what theirs would.
 */
let builder: Db | undefined;
const builderHandle = (): Db => (builder ??= drizzle.mock({ schema }));
const dialect = new PgDialect();

/** The connection a handle's statements run on: its pool's, or its transaction's own. */
function connectionOf(handle: Db | Tx): postgres.Sql {
  const client = (handle._.session as unknown as { client?: postgres.Sql }).client;
  if (!client) throw new Error('a database handle without a connection of its own');
  return client;
}

/** A statement the builder built, on `connection`: the same statement, run there (one small object). */
function runningOn<S extends Built>(statement: S, connection: postgres.Sql): S {
  if (!('client' in statement)) throw new Error('a prepared statement that does not name its connection');
  return Object.create(statement, { client: { value: connection } }) as S;
}

/**
 * Statements built once per process, to run on any handle: the database, or one of its
 * transactions (`statementsFor(tx).lockRow.execute({ id })`). drizzle builds a query's text anew
 * on every call (about 1.4 ms of the worker's main thread a message, when the transaction that
 * files one built its dozen statements each time), and a statement it prepared runs on the
 * connection of the handle that built it: inside a transaction, it would run outside it, on another
 * connection of the pool (drizzle-orm#2826). These are built on the builder, whose handles' text
 * depends on the schema alone, and each handle gets them on its own connection.
 */
export function builtOnce<Q extends Record<string, Built>>(build: (db: Db) => Q): (handle: Db | Tx) => Q {
  let built: Q | undefined;
  const onHandle = new WeakMap<Db | Tx, Q>();
  return (handle) => {
    let statements = onHandle.get(handle);
    if (!statements) {
      built ??= build(builderHandle());
      const connection = connectionOf(handle);
      statements = Object.fromEntries(Object.entries(built).map(([key, statement]) => [key, runningOn(statement, connection)])) as Q;
      onHandle.set(handle, statements);
    }
    return statements;
  };
}

/**
 * A statement written in SQL (no query builder), built as `db.execute` would build it: it gives
 * its rows as the driver does, each an object by column name. Placeholders are sql.placeholder.
 */
export function preparedSql<Row>(db: Db, query: SQL, name: string): PgPreparedQuery<PreparedQueryConfig & { execute: postgres.RowList<Row[]> }> {
  return db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
}

/** Statements kept per shape: more shapes than this (a request copying in dozens) are built for their one run. */
const SHAPES_KEPT = 32;

/**
 * A statement built once per shape of the rows it writes (builtOnce's, for rows whose number and
 * given keys vary): `build` gets `rows` with each value a placeholder. A value left undefined stays
 * out, as drizzle leaves it (`default` in an insert, not set in an update): which keys each row
 * gives, and how many rows, make the shape. Every other value is filled as drizzle fills a value it
 * builds into the statement: null as null, anything else as its column encodes it (a key that is
 * no column of `table`, which `build` writes into SQL of its own, as it is); `build` sees each as
 * its placeholder, typed as the value it stands for. Run it with the values of the placeholders
 * `build` wrote itself: `insertRows(tx, rows).execute({ id })`.
 */
export function builtPerShape<T extends Record<string, unknown>, R>(
  table: PgTable, build: (db: Db, rows: T[]) => PgPreparedQuery<PreparedQueryConfig & { execute: R }>,
): (handle: Db | Tx, rows: T[]) => { execute(values?: Record<string, unknown>): Promise<R> } {
  const columns: Record<string, { mapToDriverValue(value: unknown): unknown }> = getTableColumns(table);
  const kept = new Map<string, Built>();
  return (handle, rows) => {
    const values: Record<string, unknown> = {};
    const shape: string[] = [];
    const placeholders = rows.map((row, i) => {
      const keys = Object.keys(row).filter((key) => row[key] !== undefined).sort();
      shape.push(keys.join(','));
      return Object.fromEntries(keys.map((key) => {
        const value = row[key];
        if (is(value, SQL)) throw new Error(`builtPerShape: ${key} is SQL; write it into the statement instead`);
        const name = `${i}.${key}`;
        values[name] = value === null || !columns[key] ? value : columns[key].mapToDriverValue(value);
        return [key, sql`${sql.placeholder(name)}`];
      }));
    }) as T[];
    const key = shape.join('|');
    let statement = kept.get(key);
    if (!statement) {
      statement = build(builderHandle(), placeholders) as Built;
      if (kept.size < SHAPES_KEPT) kept.set(key, statement);
    }
    const bound = runningOn(statement, connectionOf(handle));
    return { execute: (own = {}) => bound.execute({ ...own, ...values }) as Promise<R> };
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
