// Decides when two messages are the same mail: a hash of what the author wrote (From, the decoded
// subject, Date, the text and HTML bodies, each file's SHA-256), none of what the transport adds
// or rewrites on the way (Received, Return-Path, Delivered-To, Authentication-Results, a part's
// transfer encoding). The same mail delivered twice has one fingerprint; other mail sent under a
// reused Message-ID has its own. Pure; one pass over the parsed message, no second parse.
import { createHash, type Hash } from 'node:crypto';
import type { ParsedMessage } from './types.ts';

/**
 * The fingerprint, sha256 hex. Date counts: RFC 5322 makes it the moment the author sent the mail,
 * set once and carried unchanged by every relay, so a delivery of the same mail never changes it,
 * while the same text sent again later (a form or script repeating a request) is mail of its own.
 * Read from the message before its text is bounded for the later stages (text-limits.ts).
 */
export function fingerprintContent(msg: ParsedMessage): string {
  const hash = createHash('sha256');
  field(hash, 'from', msg.from?.address ?? '');
  // Refolding a header changes its whitespace, not its words.
  field(hash, 'subject', msg.subject.replace(/\s+/g, ' ').trim());
  // The header as written, not as parsed: a Date the parser cannot read comes back as the time of
  // parsing, which would make two copies of one mail look like two mails.
  field(hash, 'date', (msg.headers['date']?.[0] ?? '').replace(/\s+/g, ' ').trim());
  field(hash, 'text', bodyText(msg.text));
  field(hash, 'html', bodyText(msg.html ?? ''));
  for (const file of msg.attachments) field(hash, 'file', file.checksum);
  return hash.digest('hex');
}

/** Each field with its name and length first, so no two different messages hash the same bytes. */
function field(hash: Hash, name: string, value: string): void {
  hash.update(`${name}:${Buffer.byteLength(value)}:`);
  hash.update(value);
}

/** Line ends as a relay may rewrite them (CRLF, LF), and the trailing ones it may add, left out. */
function bodyText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trimEnd();
}
