// A provider that rotates refresh tokens (as Microsoft's does): every refresh answers with a new
// refresh token and spends the old one; offering a spent one revokes the grant. On real servers
// (oidc-provider, Dovecot's oauth2 passdb): the worker follows each rotation, keeps the newest token
// sealed in PostgreSQL, and after a restart logs in with it rather than the configured, spent one.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRefreshToken } from '../../src/adapters/oauth2/refresh-token-store.ts';
import { restartService, startHarness, type Harness } from '../support/harness.ts';
import { startTestOidc, type TestCodeClient, type TestOidc } from '../support/oidc.ts';
import { captureLog, kickSessions, waitFor } from '../support/outage.ts';

const ALICE = 'alice@example.test';
const HELPDESK = 'helpdesk@example.test';
const APP: TestCodeClient = { clientId: 'deskmail-rotating', clientSecret: 'deskmail-rotating-secret-0123456789', username: HELPDESK, redirectUri: 'http://127.0.0.1:9/oauth2/callback' };
const TTL_SECONDS = 4;


describe('OAuth2 with a provider that rotates refresh tokens', () => {
  const captured = captureLog();
  let oidc: TestOidc;
  let h: Harness;
  let configured = '';
  beforeAll(async () => {
    oidc = await startTestOidc({ clients: [], codeClients: [APP], tokenTtlSeconds: TTL_SECONDS, rotateRefreshTokens: true });
    ({ refreshToken: configured } = await oidc.authorize(APP));
    h = await startHarness({
      users: [ALICE], log: captured.log, mail: { oauth2: { introspectionUrl: oidc.introspectionUrl } },
      env: { IMAP_AUTH: 'oauth2', IMAP_PASSWORD: '', OAUTH2_TOKEN_URL: oidc.tokenUrl, OAUTH2_CLIENT_ID: APP.clientId, OAUTH2_CLIENT_SECRET: APP.clientSecret, OAUTH2_REFRESH_TOKEN: configured },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await oidc?.stop();
  });

  const keptToken = async (): Promise<string | null> => {
    const sql = postgres(h.stack.config.DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ sealed: string }[]>`select sealed from oauth2_refresh_tokens`;
      expect(rows.length).toBeLessThanOrEqual(1);
      return rows[0] ? openRefreshToken(rows[0].sealed, h.stack.config.SECRET_KEY) : null;
    } finally {
      await sql.end();
    }
  };
  const expireAndReconnect = async (refreshes: number) => {
    await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000 + 500));
    await kickSessions(h, HELPDESK);
    await waitFor(`refresh ${refreshes}`, () => oidc.refreshed >= refreshes);
  };

  it('follows two rotations in one run: each refresh offers the token the last one gave', async () => {
    await h.send(ALICE, { subject: 'Cannot open the intake form', text: 'The intake form shows an error since this morning.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject));
    expect(oidc.refreshed).toBe(1);
    const first = await keptToken();
    expect(first).not.toBeNull();
    expect(first).not.toBe(configured);

    await expireAndReconnect(2);
    await h.send(ALICE, { subject: 'Report totals are wrong', text: 'The APR totals do not add up for Q3.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject) && /Issue \S+-2 /.test(m.subject));
    const second = await keptToken();
    expect(second).not.toBe(first);
    expect(h.service.fetcher?.lastError ?? null).toBeNull();
  }, 40_000);

  it('after a restart logs in with the kept token, not the spent configured one', async () => {
    await restartService(h);
    await expireAndReconnect(3);
    await h.send(ALICE, { subject: 'Locked out of my account', text: 'My account says locked after the password reset.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject) && /Issue \S+-3 /.test(m.subject), 20_000);
    expect(h.service.fetcher?.lastError ?? null).toBeNull();
    expect(captured.count(/^oauth2: refused/)).toBe(0);
    expect(captured.count(/^oauth2: the provider rotated the refresh token; the new one is kept$/)).toBeGreaterThanOrEqual(3);
    // No refresh token, spent or kept, is ever written to the log.
    const logged = JSON.stringify(captured.lines());
    expect(logged).not.toContain(configured);
    expect(logged).not.toContain((await keptToken())!);
  }, 40_000);
});
