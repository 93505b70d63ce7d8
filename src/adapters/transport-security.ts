// How IMAP and SMTP connections are protected. A password or a mail sent over a network in clear
// text can be read and changed on the way, and a server that "offers no STARTTLS" may be an
// attacker who stripped the offer: so TLS is required, except for a server on this machine
// (loopback) or when the operator says plain text is acceptable (IMAP_ALLOW_PLAINTEXT,
// SMTP_ALLOW_PLAINTEXT). Pure: no I/O.
import { isIP } from 'node:net';

/**
 * `implicit`: TLS from the first byte (imaps, smtps). `starttls-required`: upgrade or fail.
 * `starttls-if-offered`: upgrade when the server offers it, else continue in plain text.
 */
export type TransportSecurity = 'implicit' | 'starttls-required' | 'starttls-if-offered';

/** True for names and addresses that never leave this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

export function transportSecurity(host: string, options: { implicitTls: boolean; allowPlaintext: boolean }): TransportSecurity {
  if (options.implicitTls) return 'implicit';
  if (options.allowPlaintext || isLoopbackHost(host)) return 'starttls-if-offered';
  return 'starttls-required';
}
