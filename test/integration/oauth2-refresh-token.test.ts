// The OAuth2 refresh token grant on real servers: a real refresh token from a real OpenID Connect
// provider (oidc-provider, the authorization code flow driven over HTTP with offline_access and
// PKCE, consent granted at once), then the worker logs in to Dovecot over IMAP (oauth2 passdb,
// tokens checked by introspection) with access tokens it gets by refreshing, gets a new one when
// the old one expired, and reports a revoked grant clearly: one log line, /healthz 503 with why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { startTestOidc, type TestCodeClient, type TestOidc } from '../support/oidc.ts';
import { captureLog, type Healthz, kickSessions, startHealthz, waitFor } from '../support/outage.ts';

const ALICE = 'alice@example.test';
const HELPDESK = 'helpdesk@example.test';
const APP: TestCodeClient = { clientId: 'deskmail-mailbox', clientSecret: 'deskmail-mailbox-secret-0123456789', username: HELPDESK, redirectUri: 'http://127.0.0.1:9/oauth2/callback' };
const TTL_SECONDS = 5;


describe('OAuth2 refresh token login to the mailbox', () => {
  const captured = captureLog();
  let oidc: TestOidc;
  let h: Harness;
  let health: Healthz;
  let refreshToken = '';
  beforeAll(async () => {
    oidc = await startTestOidc({ clients: [], codeClients: [APP], tokenTtlSeconds: TTL_SECONDS });
    ({ refreshToken } = await oidc.authorize(APP));
    h = await startHarness({
      users: [ALICE], log: captured.log, mail: { oauth2: { introspectionUrl: oidc.introspectionUrl } },
      env: { IMAP_AUTH: 'oauth2', IMAP_PASSWORD: '', OAUTH2_TOKEN_URL: oidc.tokenUrl, OAUTH2_CLIENT_ID: APP.clientId, OAUTH2_CLIENT_SECRET: APP.clientSecret, OAUTH2_REFRESH_TOKEN: refreshToken },
    });
    health = await startHealthz(h, captured.log, 120_000);
  });
  afterAll(async () => {
    await health?.ops.close();
    await h?.stop();
    await oidc?.stop();
  });

  const passesAfter = async (n: number) => waitFor('a fetch pass', () => (h.service.fetcher?.passes ?? 0) > n && h.service.fetcher?.lastError === null);
  const healthz = () => health.get();

  it('fetches requests with an access token got by the refresh token', async () => {
    expect(refreshToken).not.toBe('');
    await h.send(ALICE, { subject: 'Cannot open the intake form', text: 'The intake form shows an error since this morning.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject));
    expect(oidc.refreshed).toBe(1);
    expect((await healthz()).status).toBe(200);
  });

  it('refreshes again once the access token expired', async () => {
    await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000 + 500));
    const before = h.service.fetcher!.passes;
    await kickSessions(h, HELPDESK);
    // A pass already under way when the session was dropped may finish first: wait for the refresh too.
    await waitFor('a refresh', () => oidc.refreshed >= 2);
    await passesAfter(before);
    expect(oidc.refreshed).toBe(2);
    await h.send(ALICE, { subject: 'Report totals are wrong', text: 'The APR totals do not add up for Q3.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject) && /Issue \S+-2 /.test(m.subject));
  }, 20_000);

  it('reports a revoked grant in one line and on /healthz, and keeps trying', async () => {
    await oidc.revoke(APP, refreshToken);
    await kickSessions(h, HELPDESK);
    await waitFor('the fetcher reports the refusal', () => h.service.fetcher?.lastError?.code === 'OAUTH_CLIENT_REJECTED');
    expect(h.service.fetcher!.lastError!.message).toMatch(new RegExp(`^oauth2 token endpoint ${oidc.issuer} refused client ${APP.clientId} \\(invalid_grant`));
    const sick = await healthz();
    expect(sick.status).toBe(503);
    expect(sick.body.reasons).toEqual([expect.stringMatching(/^oauth2: refused for \d+ s \(OAUTH_CLIENT_REJECTED: oauth2 token endpoint .+ refused client deskmail-mailbox \(invalid_grant.*\); check the client, its secret or refresh token, and its permissions\)$/)]);
    // A few retries later (back-off 1 s, 2 s, 4 s) still one line.
    const passes = h.service.fetcher!.passes;
    await new Promise((r) => setTimeout(r, 8000));
    expect(h.service.fetcher!.passes).toBe(passes);
    expect(captured.count(/^oauth2: refused \(OAUTH_CLIENT_REJECTED\), retrying with back-off$/)).toBe(1);
    expect(captured.count(/^oauth2: /)).toBe(1);
    // Neither the refresh token nor the client secret is ever written to the log.
    const logged = JSON.stringify(captured.lines());
    expect(logged).not.toContain(refreshToken);
    expect(logged).not.toContain(APP.clientSecret);
  }, 30_000);
});
