// When the provider rotates the refresh token and PostgreSQL refuses to keep the new one (a full
// disk, a restart), the login goes ahead and the failure is logged: with the database's reason,
// and without the sealed token or anything else of the statement that failed (a failed query's
// message carries its parameters). On a real PostgreSQL, whose insert is made to fail by a trigger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/db/client.ts';
import { pgRefreshTokenStore } from '../../../src/adapters/oauth2/refresh-token-store.ts';
import { createTestDatabase } from '../../support/harness.ts';
import { captureLog } from '../../support/outage.ts';

const SETTINGS = { tokenUrl: 'https://login.example.test/token', clientId: 'app', clientSecret: 's', refreshToken: 'configured-token', scope: '' };
const ROTATED = 'rotated-refresh-token-0123456789';

describe('a rotated refresh token that could not be kept', () => {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = openDatabase(scratch.url, { max: 1 });
    await database.sql.unsafe(`
      create function refuse_token() returns trigger language plpgsql as $$ begin raise exception 'no room left for it'; end $$;
      create trigger refuse_token before insert on oauth2_refresh_tokens for each row execute function refuse_token();`);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('lets the login go ahead and logs why, without the token, sealed or plain, or the statement', async () => {
    const captured = captureLog();
    const store = pgRefreshTokenStore(database.db, SETTINGS, 'secret-key-for-the-test', captured.log);
    const result = await store.refreshing(async () => ({ accessToken: 'a', rotatedTo: ROTATED }));
    expect(result.kept).toBe(false);
    const [line] = captured.lines().filter((l) => l.outcome === 'oauth2:refresh-token-not-kept');
    expect(line).toBeDefined();
    const text = JSON.stringify(line);
    expect(text).toMatch(/no room left for it/);
    expect(text).not.toMatch(/v1\.|params|insert into|oauth2_refresh_tokens|rotated-refresh-token/i);
  });
});
