// `deskmail quarantine show|retry|drop ID` take an ID written in digits only: `1e1`, `0x1f` or `7.0`
// are numbers to Number() but not the ID anyone typed on purpose, and a drop cannot be undone. They
// are a usage error (exit 2) that touches nothing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createTestDatabase } from '../support/harness.ts';
import { runDeskmail } from '../support/cli.ts';

let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
let database: Database;
let config: Config;
let id: number;
beforeAll(async () => {
  scratch = await createTestDatabase();
  database = openDatabase(scratch.url, { max: 1 });
  const [held] = await database.sql<{ id: number }[]>`insert into inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, status, outcome, reason)
    values ('INBOX', 1, 1, ${Buffer.from('not mail')}, 'x', 8, 'quarantined', 'quarantined:NO_HEADERS', 'no headers') returning id`;
  id = held!.id;
  config = loadConfig({
    DATABASE_URL: scratch.url, IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test',
    SECRET_KEY: randomBytes(32).toString('hex'),
  });
}, 60_000);
afterAll(async () => {
  await database?.close();
  await scratch?.drop();
});

const status = async () => (await database.sql<{ status: string }[]>`select status from inbound_messages where id = ${id}`)[0]!.status;

it('refuses an ID in exponent, hex, decimal-point or signed form, and drops nothing', async () => {
  for (const written of [`${id}e0`, `0x${id.toString(16)}`, `${id}.0`, `+${id}`, ` ${id}`, '']) {
    for (const sub of ['show', 'drop']) {
      const out = await runDeskmail(config, ['quarantine', sub, written]);
      expect(out.code, `${sub} ${JSON.stringify(written)}`).toBe(2);
      expect(out.stderr, written).toMatch(/usage: deskmail quarantine/);
    }
  }
  expect(await status()).toBe('quarantined');
}, 120_000);

it('drops the message named by its ID in digits', async () => {
  const out = await runDeskmail(config, ['quarantine', 'drop', String(id)]);
  expect(out.code).toBe(0);
  expect(out.stdout).toContain(`message ${id} dropped`);
  expect(await status()).toBe('dropped');
}, 60_000);
