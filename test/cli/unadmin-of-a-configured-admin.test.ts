// `deskmail people unadmin` of an address in ADMIN_EMAILS says that it stays an admin (the setting
// makes it one whatever the database says) and exits 1, instead of claiming it no longer is.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { createTestDatabase } from '../support/harness.ts';
import { runDeskmail } from '../support/cli.ts';

let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
let config: Config;
beforeAll(async () => {
  scratch = await createTestDatabase();
  config = loadConfig({
    DATABASE_URL: scratch.url, IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test',
    SECRET_KEY: randomBytes(32).toString('hex'), ADMIN_EMAILS: 'summer@example.test',
  });
}, 60_000);
afterAll(async () => scratch?.drop());

it('says a configured admin stays one, and unadmins one made in the database', async () => {
  const configured = await runDeskmail(config, ['people', 'unadmin', 'summer@example.test']);
  expect(configured.code).toBe(1);
  expect(configured.stderr).toMatch(/still an admin: it is in ADMIN_EMAILS/);
  expect((await runDeskmail(config, ['people', 'admin', 'becky@example.test'])).code).toBe(0);
  const made = await runDeskmail(config, ['people', 'unadmin', 'becky@example.test']);
  expect(made.code).toBe(0);
  expect(made.stdout).toContain('becky@example.test is no longer an admin');
}, 60_000);
