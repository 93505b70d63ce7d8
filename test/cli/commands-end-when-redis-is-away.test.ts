// Commands that need the queues end by themselves when Redis does not answer: they say so and
// exit 1 instead of waiting for it for ever, and `quarantine retry` leaves the message held (it
// is put back in line only when its job can be queued).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { inboundMessages } from '../../src/adapters/db/schema.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createTestDatabase } from '../support/harness.ts';
import { runDeskmail } from '../support/cli.ts';

let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
let database: Database;
let config: Config;
let held = 0;
beforeAll(async () => {
  scratch = await createTestDatabase();
  database = openDatabase(scratch.url);
  config = loadConfig({
    DATABASE_URL: scratch.url, REDIS_URL: 'redis://127.0.0.1:6399', QUEUE_PREFIX: `tc${randomBytes(4).toString('hex')}`,
    IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: randomBytes(32).toString('hex'),
  });
  const store = new InboundStore(database.db);
  ({ id: held } = await store.store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw: Buffer.from('From: a@example.test\r\nSubject: s\r\n\r\nbody\r\n') }));
  await store.quarantine(held, 'PROCESSING_FAILED', 'a test');
}, 60_000);
afterAll(async () => {
  await database?.close();
  await scratch?.drop();
});

it.each([['jobs', 'failed'], ['jobs', 'retry']])('deskmail %s %s says Redis is away and exits 1', async (...args) => {
  const result = await runDeskmail(config, args);
  expect(result.stderr).toMatch(/Redis does not answer/);
  expect(result.code).toBe(1);
}, 40_000);

it('deskmail quarantine retry says Redis is away, exits 1 and leaves the message held', async () => {
  const result = await runDeskmail(config, ['quarantine', 'retry', String(held)]);
  expect(result.stderr).toMatch(/Redis does not answer/);
  expect(result.code).toBe(1);
  const [row] = await database.db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, held));
  expect(row!.status).toBe('quarantined');
}, 40_000);
