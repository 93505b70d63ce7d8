// Several processes (each `deskmail worker`, and `deskmail web` for sign-in mail) refresh with the
// one configured refresh token, each with its own token source and database connections. On a real
// provider that rotates refresh tokens and revokes the grant when a spent one is offered again
// (oidc-provider): every process keeps getting access tokens, refresh after refresh, and none ever
// offers a spent token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { pgRefreshTokenStore, refreshTokenLineage, sealRefreshToken } from '../../src/adapters/oauth2/refresh-token-store.ts';
import { OAuth2TokenSource, type OAuth2Settings } from '../../src/adapters/oauth2/token-source.ts';
import { createTestDatabase } from '../support/harness.ts';
import { startTestOidc, type TestCodeClient, type TestOidc } from '../support/oidc.ts';
import { captureLog } from '../support/outage.ts';

const HELPDESK = 'helpdesk@example.test';
const APP: TestCodeClient = { clientId: 'deskmail-shared', clientSecret: 'deskmail-shared-secret-0123456789', username: HELPDESK, redirectUri: 'http://127.0.0.1:9/oauth2/callback' };
const TTL_SECONDS = 2;
const SECRET_KEY = 'unit-test-secret-key-0123456789abcdef';

describe('a rotating refresh token shared by several processes', () => {
  const captured = captureLog();
  let oidc: TestOidc;
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  const databases: Database[] = [];
  let settings: OAuth2Settings;
  beforeAll(async () => {
    oidc = await startTestOidc({ clients: [], codeClients: [APP], tokenTtlSeconds: TTL_SECONDS, rotateRefreshTokens: true });
    const { refreshToken } = await oidc.authorize(APP);
    settings = { tokenUrl: oidc.tokenUrl, clientId: APP.clientId, clientSecret: APP.clientSecret, refreshToken, scope: '' };
    scratch = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.close()));
    await scratch?.drop();
    await oidc?.stop();
  });

  /** A process of its own: its own connections to the shared database, its own token source. */
  const newProcess = (): OAuth2TokenSource => {
    const database = openDatabase(scratch.url, { max: 2 });
    databases.push(database);
    return new OAuth2TokenSource(settings, Date.now, pgRefreshTokenStore(database.db, settings, SECRET_KEY, captured.log));
  };
  const isActive = async (token: string) => (await oidc.introspect(token)).active;

  it('keeps every process logging in across rotations, one after another and at the same moment', async () => {
    const worker = newProcess();
    const otherWorker = newProcess();
    const web = newProcess();
    const all = [worker, otherWorker, web];
    for (let round = 1; round <= 4; round += 1) {
      // Odd rounds one process after another, even rounds all at once.
      const tokens = round % 2 === 1
        ? await all.reduce<Promise<string[]>>(async (got, source) => [...(await got), await source.accessToken()], Promise.resolve([]))
        : await Promise.all(all.map((source) => source.accessToken()));
      for (const token of tokens) expect(await isActive(token)).toBe(true);
      // Every cached token is past its renewal time: the next round refreshes in each process.
      await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000));
    }
    expect(oidc.refreshed).toBe(4 * all.length);
    expect(all.map((source) => source.fetched)).toEqual([4, 4, 4]);
    expect(captured.count(/could not be kept/)).toBe(0);
    // Each refresh answered with a new refresh token, and each was kept.
    expect(captured.count(/^oauth2: the provider rotated the refresh token; the new one is kept$/)).toBe(4 * all.length);
  }, 30_000);

  it('offers the kept token once more when the one it offered was refused and another was kept meanwhile', async () => {
    // A process that does not wait its turn (an older deskmail during an upgrade) keeps a new token
    // just after this one read the store; the token this one then offers is refused (here revoked:
    // oidc-provider would revoke the whole grant for a spent one, which no retry can mend).
    const refused = await oidc.authorize(APP);
    const newer = await oidc.authorize(APP);
    await oidc.revoke(APP, refused.refreshToken);
    const own = { ...settings, refreshToken: refused.refreshToken };
    const database = openDatabase(scratch.url, { max: 2 });
    databases.push(database);
    const store = pgRefreshTokenStore(database.db, own, SECRET_KEY, captured.log);
    let meanwhile = true;
    const source = new OAuth2TokenSource(own, Date.now, {
      refreshing: (refresh) => store.refreshing(async (kept) => {
        if (meanwhile) {
          meanwhile = false;
          await database.sql`insert into oauth2_refresh_tokens (lineage, sealed, rotated_at) values (${refreshTokenLineage(own)}, ${sealRefreshToken(newer.refreshToken, SECRET_KEY)}, now())`;
        }
        return refresh(kept);
      }),
    });
    expect(await isActive(await source.accessToken())).toBe(true);
    expect(source.fetched).toBe(1);
  });
});
