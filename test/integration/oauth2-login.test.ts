// OAuth2 logins on real servers: Dovecot's oauth2 passdb checks the worker's tokens by
// introspection at a real OpenID Connect provider (oidc-provider, run here, tokens living 6 s).
// The worker fetches with a token, gets a new one when the server refuses the cached one and when
// it expires, and reports a revoked client clearly. SMTP: a real SMTP server checking XOAUTH2
// tokens at the same provider.
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuth2TokenSource } from '../../src/adapters/oauth2/token-source.ts';
import { SmtpSender } from '../../src/adapters/smtp/sender.ts';
import { freePort } from '../../src/devmail/dovecot.ts';
import { RetryableError } from '../../src/errors.ts';
import { createTestDatabase, startHarness, type Harness } from '../support/harness.ts';
import { openDatabase } from '../../src/adapters/db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { mailLogins } from '../../src/main.ts';
import { pino } from 'pino';
import { authByIntrospection, startTestOidc, type TestClient, type TestOidc } from '../support/oidc.ts';
import { kickSessions, waitFor } from '../support/outage.ts';

const ALICE = 'alice@example.test';
const HELPDESK = 'helpdesk@example.test';
const APP: TestClient = { clientId: 'deskmail-app', clientSecret: 'deskmail-app-secret-0123456789', username: HELPDESK };
const TTL_SECONDS = 6;


describe('OAuth2 login to the mailbox', () => {
  let oidc: TestOidc;
  let h: Harness;
  beforeAll(async () => {
    oidc = await startTestOidc({ clients: [APP], tokenTtlSeconds: TTL_SECONDS });
    h = await startHarness({
      users: [ALICE], mail: { oauth2: { introspectionUrl: oidc.introspectionUrl } },
      env: { IMAP_AUTH: 'oauth2', IMAP_PASSWORD: '', OAUTH2_TOKEN_URL: oidc.tokenUrl, OAUTH2_CLIENT_ID: APP.clientId, OAUTH2_CLIENT_SECRET: APP.clientSecret },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await oidc?.stop();
  });

  const passesAfter = async (n: number) => waitFor('a fetch pass', () => (h.service.fetcher?.passes ?? 0) > n && h.service.fetcher?.lastError === null);

  it('fetches requests with a token and never with a password', async () => {
    expect(h.stack.config.IMAP_PASSWORD).toBe('');
    await h.send(ALICE, { subject: 'Cannot open the intake form', text: 'The intake form shows an error since this morning.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject));
    expect(oidc.issued).toBe(1);
  });

  it('gets a new token at once when the server refuses the cached one', async () => {
    // The provider forgets every token it issued; the worker's cached one is now refused.
    await oidc.restart([APP]);
    const before = h.service.fetcher!.passes;
    await kickSessions(h, HELPDESK);
    // A pass already under way when the session was dropped may finish first: wait for the new token too.
    await waitFor('a new token', () => oidc.issued >= 2);
    await passesAfter(before);
    expect(oidc.issued).toBe(2);
  });

  it('gets a new token once the old one expired', async () => {
    await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000 + 500));
    const before = h.service.fetcher!.passes;
    await kickSessions(h, HELPDESK);
    await waitFor('a new token', () => oidc.issued >= 3);
    await passesAfter(before);
    expect(oidc.issued).toBe(3);
    await h.send(ALICE, { subject: 'Report totals are wrong', text: 'The APR totals do not add up for Q3.' });
    await h.waitForMail(ALICE, (m) => /has been submitted/.test(m.subject) && /Issue \S+-2 /.test(m.subject));
  }, 20_000);

  it('reports a revoked client clearly and keeps trying', async () => {
    await oidc.restart([]);
    await kickSessions(h, HELPDESK);
    await waitFor('the fetcher reports the refusal', () => h.service.fetcher?.lastError?.code === 'OAUTH_CLIENT_REJECTED');
    expect(h.service.fetcher!.lastError!.message).toBe(`oauth2 token endpoint ${oidc.issuer} refused client ${APP.clientId} (invalid_client: client authentication failed); check the client, its secret or refresh token, and its permissions`);
    expect(h.service.fetcher!.lastError!.message).not.toContain(APP.clientSecret);
    // Reinstated, the worker logs in again by itself.
    await oidc.restart([APP]);
    await waitFor('fetching again', () => h.service.fetcher?.lastError === null, 70_000);
  }, 80_000);
});

describe('OAuth2 login to the SMTP server', () => {
  let oidc: TestOidc;
  let server: SMTPServer;
  let port = 0;
  const accepted: string[] = [];
  beforeAll(async () => {
    oidc = await startTestOidc({ clients: [APP], tokenTtlSeconds: 60 });
    port = await freePort();
    server = new SMTPServer({
      authMethods: ['XOAUTH2'], allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
      onAuth: authByIntrospection(oidc),
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => { accepted.push(String(session.user)); callback(); });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await oidc?.stop();
  });

  const mail = { from: HELPDESK, to: ALICE, subject: 'Status', html: '<p>ok</p>', text: 'ok', headers: { 'Message-ID': '<status-1@example.test>' }, envelopeFrom: HELPDESK };
  const url = () => `smtp://${encodeURIComponent(HELPDESK)}@127.0.0.1:${port}`;

  it('sends with a token, gets a new one after a refusal, and reports a revoked client', async () => {
    const tokens = new OAuth2TokenSource({ tokenUrl: oidc.tokenUrl, clientId: APP.clientId, clientSecret: APP.clientSecret, refreshToken: '', scope: '' });
    let sender = new SmtpSender(url(), { tokens });
    await sender.send(mail);
    sender.close();
    expect(accepted).toEqual([HELPDESK]);
    expect(tokens.fetched).toBe(1);

    // Tokens forgotten by the provider: the cached one is refused; at most one failed try later it sends again.
    await oidc.restart([APP]);
    sender = new SmtpSender(url(), { tokens });
    await sender.send(mail).catch((err: unknown) => {
      expect(err).toBeInstanceOf(RetryableError);
      return sender.send(mail);
    });
    sender.close();
    expect(accepted).toHaveLength(2);
    expect(tokens.fetched).toBe(2);

    await oidc.restart([]);
    tokens.invalidate();
    sender = new SmtpSender(url(), { tokens });
    const failure = await sender.send(mail).then(() => null, (err: unknown) => err);
    sender.close();
    expect(failure).toBeInstanceOf(RetryableError);
    expect((failure as RetryableError).code).toBe('OAUTH_CLIENT_REJECTED');
    expect((failure as Error).message).toMatch(/refused client deskmail-app \(invalid_client/);
    expect(accepted).toHaveLength(2);
  });

  it('gives the worker and the web pages one sender that logs in as SMTP_AUTH says', async () => {
    await oidc.restart([APP]);
    const scratch = await createTestDatabase();
    const database = openDatabase(scratch.url);
    try {
      const config = loadConfig({
        DATABASE_URL: scratch.url, IMAP_USER: HELPDESK, IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: HELPDESK, SECRET_KEY: 'unit-test-secret-key-0123456789abcdef',
        SMTP_URL: url(), SMTP_AUTH: 'oauth2', OAUTH2_TOKEN_URL: oidc.tokenUrl, OAUTH2_CLIENT_ID: APP.clientId, OAUTH2_CLIENT_SECRET: APP.clientSecret,
      });
      // The web's sign-in mail (web/start.ts) takes this sender; it had built its own with no login.
      const { sender, tokens } = mailLogins(config, database.db, pino({ level: 'silent' }));
      await sender.send(mail);
      sender.close();
      expect(accepted.at(-1)).toBe(HELPDESK);
      expect(tokens?.fetched).toBe(1);
    } finally {
      await database.close();
      await scratch.drop();
    }
  });
});
