// Sends one rendered mail over SMTP with nodemailer (pooled). Translates failures: 4xx and
// network trouble are RetryableError, 5xx PermanentError. I/O: the SMTP server.
import nodemailer from 'nodemailer';
import { PermanentError, RetryableError } from '../../errors.ts';
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
  constructor(url: string, options: { allowPlaintext?: boolean } = {}) {
    const u = new URL(url);
    const security = transportSecurity(u.hostname, { implicitTls: u.protocol === 'smtps:', allowPlaintext: options.allowPlaintext ?? false });
    this.transport = nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 25)),
      secure: security === 'implicit',
      // requireTLS: no STARTTLS offered means no mail sent (and no password), never a plain-text fallback.
      requireTLS: security === 'starttls-required',
      auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
      pool: true,
      maxConnections: 8,
      ignoreTLS: isLoopbackHost(u.hostname),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
  }

  async send(mail: OutgoingEmail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: mail.headers,
        messageId: mail.headers['Message-ID'],
        envelope: { from: mail.envelopeFrom, to: [mail.to] },
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) throw new PermanentError('SMTP_REJECTED', `smtp rejected with ${code}`, { cause: err });
      if (code !== undefined) throw new RetryableError('SMTP_TEMPORARY', `smtp deferred with ${code}`, { cause: err });
      throw new RetryableError('SMTP_CONNECT', 'smtp send failed', { cause: err });
    }
  }

  close(): void {
    this.transport.close();
  }
}
