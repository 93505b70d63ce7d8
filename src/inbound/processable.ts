// Decides whether a parsed message should be held for an admin instead of being processed,
// and why. Pure. Deliberately conservative: odd but readable mail (no Message-ID, odd
// charsets, repaired line endings) is processed; only mail we cannot act on is held.
import type { MailKindVerdict, ParsedMessage } from './types.ts';

export interface QuarantineReason {
  /** UPPER_SNAKE code, e.g. NO_SENDER. */
  code: string;
  reason: string;
}

/** Raw messages larger than this are held: far beyond what any mail server accepts (RFC 1870 SIZE limits are ~25-50 MiB). */
export const MAX_PROCESSABLE_BYTES = 64 * 1024 * 1024;

/** Why a message whose size the server reported over MAX_MESSAGE_MB is held with its headers only. */
export function oversizedMessageReason(bytes: number, limitBytes: number | undefined): QuarantineReason {
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  const limit = limitBytes === undefined ? '' : `, over the ${mb(limitBytes)} limit (MAX_MESSAGE_MB)`;
  return { code: 'MESSAGE_TOO_LARGE', reason: `the mail server reports ${bytes} bytes (${mb(bytes)})${limit}; only the headers were downloaded, the body was never read` };
}

/** `kind` is the message's kind as detectMailKind found it: a bounce needs no sender. */
export function findQuarantineReason(msg: ParsedMessage, rawSize: number, kind: MailKindVerdict['kind']): QuarantineReason | null {
  if (!Number.isFinite(rawSize) || rawSize <= 0) return { code: 'EMPTY_MESSAGE', reason: 'the raw message has no bytes' };
  if (rawSize > MAX_PROCESSABLE_BYTES) {
    return { code: 'MESSAGE_TOO_LARGE', reason: `the raw message has ${rawSize} bytes, over the ${MAX_PROCESSABLE_BYTES} byte limit` };
  }
  if (Object.keys(msg.headers).length === 0) return { code: 'NO_HEADERS', reason: 'no header could be read' };
  const anomalies = msg.anomalies ?? [];
  if (anomalies.includes('oversized-header-block')) {
    return { code: 'OVERSIZED_HEADERS', reason: 'the header block is larger than any mail client writes; header lines were dropped' };
  }
  // A bounce is matched to our mail by the returned Message-ID, not by its sender.
  if (!msg.from && kind !== 'bounce') return { code: 'NO_SENDER', reason: 'no usable From address' };
  return null;
}
