// A command's own scratch database for one test file: a fresh migrated PostgreSQL database, the
// settings a `deskmail` command runs with against it, and `seed` to fill it before the tests;
// dropped after them. I/O: PostgreSQL.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { TicketChange } from '../../src/tickets/ticket-change.ts';
import { createTestDatabase } from './harness.ts';

export function useCliDatabase(seed?: (database: Database) => Promise<void>): { readonly database: Database; readonly config: Config } {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let database: Database | undefined;
  let config: Config | undefined;
  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = openDatabase(scratch.url, { max: 1 });
    config = loadConfig({
      DATABASE_URL: scratch.url, IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test',
      SECRET_KEY: randomBytes(32).toString('hex'),
    });
    await seed?.(database);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });
  return { get database() { return database!; }, get config() { return config!; } };
}

/** Files an assigned ticket from alice@example.test straight through the store, as a command finds it; its ref. */
export async function fileAssignedTicket(database: Database, prefix = 'Utah_RW'): Promise<string> {
  const created = await new TicketStore(database.db, prefix).apply({
    kind: 'create', submitter: { email: 'alice@example.test', name: 'Alice' }, participants: [], attachments: [], events: [],
    ticket: { summary: 'Wrong org', originalSubject: 'Wrong org', description: 'd', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
  } as TicketChange, null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() });
  return created.ref!;
}
