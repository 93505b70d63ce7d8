// The status-mail sender keeps several SMTP connections (pooled), each logged in with its own
// OAuth2 token. A connection that could get no token does not colour the others: a message a
// logged-in connection has rejected (550) is a rejected message, not an OAuth2 outage. On real
// servers: an SMTP server checking XOAUTH2 tokens at a real OpenID Connect provider.
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuth2TokenSource } from '../../src/adapters/oauth2/token-source.ts';
import { SmtpSender, type OutgoingEmail } from '../../src/adapters/smtp/sender.ts';
import { freePort } from '../../src/devmail/dovecot.ts';
import { PermanentError, RetryableError } from '../../src/errors.ts';
import { authByIntrospection, startTestOidc, type TestClient, type TestOidc } from '../support/oidc.ts';
import { waitFor } from '../support/outage.ts';

const HELPDESK = 'helpdesk@example.test';
const SLOW = 'slow@example.test';
const UNKNOWN = 'nobody@example.test';
const APP: TestClient = { clientId: 'deskmail-pool', clientSecret: 'deskmail-pool-secret-0123456789', username: HELPDESK };

describe('a rejected status mail on a pooled OAuth2 SMTP connection', () => {
  let oidc: TestOidc;
  let server: SMTPServer;
  let port = 0;
  let release = () => {};
  let slowArrived = false;
  beforeAll(async () => {
    oidc = await startTestOidc({ clients: [APP], tokenTtlSeconds: 60 });
    port = await freePort();
    server = new SMTPServer({
      authMethods: ['XOAUTH2'], allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
      onAuth: authByIntrospection(oidc),
      onRcptTo(address, _session, callback) {
        if (address.address === UNKNOWN) return callback(Object.assign(new Error('5.1.1 no such mailbox'), { responseCode: 550 }));
        // Keeps its connection busy until released.
        if (address.address === SLOW) {
          slowArrived = true;
          release = () => callback();
          return;
        }
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await oidc?.stop();
  });

  const mail = (to: string, n: number): OutgoingEmail => ({ from: HELPDESK, to, subject: 'Status', html: '<p>ok</p>', text: 'ok', headers: { 'Message-ID': `<status-${n}@example.test>` }, envelopeFrom: HELPDESK });

  it('is reported as rejected, though another connection could get no token', async () => {
    const tokens = new OAuth2TokenSource({ tokenUrl: oidc.tokenUrl, clientId: APP.clientId, clientSecret: APP.clientSecret, refreshToken: '', scope: '' });
    const sender = new SmtpSender(`smtp://${encodeURIComponent(HELPDESK)}@127.0.0.1:${port}`, { tokens });
    try {
      // A connection that is logged in, and busy with a mail for a while.
      const slow = sender.send(mail(SLOW, 1));
      await waitFor('the first connection busy', () => slowArrived);
      // The provider stops accepting the client: a second connection opened meanwhile gets no token.
      await oidc.restart([]);
      tokens.invalidate();
      const noToken = await sender.send(mail(HELPDESK, 2)).then(() => null, (err: unknown) => err);
      expect(noToken).toBeInstanceOf(RetryableError);
      expect((noToken as RetryableError).code).toBe('OAUTH_CLIENT_REJECTED');
      release();
      await slow;

      // The first connection, still logged in, sends the next mail, which the server rejects.
      const rejected = await sender.send(mail(UNKNOWN, 3)).then(() => null, (err: unknown) => err);
      expect(rejected).toBeInstanceOf(PermanentError);
      expect((rejected as PermanentError).code).toBe('SMTP_REJECTED');
      expect((rejected as Error).message).toBe('smtp rejected with 550');
    } finally {
      sender.close();
    }
  });
});
