// Sends one rendered mail over SMTP with nodemailer (pooled). Translates failures: 4xx and
// network trouble are RetryableError, 5xx PermanentError. I/O: the SMTP server.
import nodemailer from 'nodemailer';
import { PermanentError, RetryableError, type ErrorCode } from '../../errors.ts';
import type { OAuth2TokenSource } from '../oauth2/token-source.ts';
import { isLoopbackHost, transportSecurity } from '../transport-security.ts';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Envelope sender; empty string for the null reverse-path. */
  envelopeFrom: string;
}

export class SmtpSender {
  private readonly transport;

  /** `allowPlaintext`: send without TLS when a non-loopback server offers no STARTTLS (SMTP_ALLOW_PLAINTEXT). */
  constructor(url: string, options: { tokens?: OAuth2TokenSource; allowPlaintext?: boolean } = {}) {
    const u = new URL(url);
    const user = decodeURIComponent(u.username);
    const security = transportSecurity(u.hostname, { implicitTls: u.protocol === 'smtps:', allowPlaintext: options.allowPlaintext ?? false });
    // With OAuth2 the login is SASL XOAUTH2 with a token from the token source (RFC 7628 style);
    // nodemailer asks for one per connection, and again with renew=true when the server refused it.
    const auth = options.tokens ? { type: 'OAuth2', user } : u.username ? { user, pass: decodeURIComponent(u.password) } : undefined;
    this.transport = nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 25)),
      secure: security === 'implicit',
      // requireTLS: no STARTTLS offered means no mail sent (and no password), never a plain-text fallback.
      requireTLS: security === 'starttls-required',
      auth,
      pool: true,
      maxConnections: 8,
      ignoreTLS: isLoopbackHost(u.hostname),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    const tokens = options.tokens;
    if (tokens) {
      this.transport.set('oauth2_provision_cb', (_user: string, renew: boolean, callback: (err: Error | null, token?: string) => void) => {
        if (renew) tokens.invalidate();
        tokens.accessToken().then((token) => {
          this.tokenFailure = null;
          callback(null, token);
        }, (err: Error & { code?: ErrorCode }) => {
          // nodemailer rewrites the error's code to EAUTH; keep ours for the caller.
          this.tokenFailure = { code: err.code ?? 'OAUTH_TOKEN_UNAVAILABLE', message: err.message };
          callback(err);
        });
      });
    }
    this.tokens = tokens;
  }

  private readonly tokens: OAuth2TokenSource | undefined;
  /**
   * Why the token source could not give a token for a login, until it gives one again. Shared by the
   * pooled connections: it explains a failed login only, never a refusal on a logged-in connection.
   */
  private tokenFailure: { code: ErrorCode; message: string } | null = null;

  async send(mail: OutgoingEmail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        // Our HTML is mostly ASCII markup, for which nodemailer's count of every character always
        // picks quoted-printable: said once here, the count (and the size of each mail) is spared.
        html: { content: mail.html, contentTransferEncoding: 'quoted-printable' },
        text: mail.text,
        headers: mail.headers,
        messageId: mail.headers['Message-ID'],
        envelope: { from: mail.envelopeFrom, to: [mail.to] },
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'EAUTH') {
        // No token for the login. Even a refused client is retryable here: the mail is not at
        // fault, and it must wait (then be set aside) rather than be recorded as rejected.
        const tokenFailure = this.tokenFailure;
        if (tokenFailure) throw new RetryableError(tokenFailure.code, tokenFailure.message, { cause: err });
        // A refused login is the account's problem, not the message's: retried (and set aside
        // after the last attempt), never recorded as a rejected mail. The next try gets a new token.
        this.tokens?.invalidate();
        throw new RetryableError('SMTP_CONNECT', `smtp login refused (${(err as { responseCode?: number }).responseCode ?? 'no code'})`, { cause: err });
      }
      const code = (err as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) throw new PermanentError('SMTP_REJECTED', `smtp rejected with ${code}`, { cause: err });
      if (code !== undefined) throw new RetryableError('SMTP_TEMPORARY', `smtp deferred with ${code}`, { cause: err });
      throw new RetryableError('SMTP_CONNECT', 'smtp send failed', { cause: err });
    }
  }

  /** Connects and greets (and logs in, when configured) without sending: is the server back? */
  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}
