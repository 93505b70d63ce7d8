// Decides whether the sender of a message over MAX_MESSAGE_MB (only its headers were downloaded)
// gets a short "your message was too large" answer, and what it says. No answer to automatic mail
// (RFC 3834 signs, bounces, lists, our own loop header), nor to a From that failed DMARC or names
// more than one author: the answer must not become backscatter to a forged sender. Pure: headers,
// verdicts and sizes in.
import { mayAnswerAutomatically } from './auto-reply-guard.ts';
import { isUnverified, senderVerdictFor, type SenderAuth } from './sender-auth.ts';
import type { MailKindContext, MailKindVerdict, ParsedMessage } from './types.ts';

export type OversizedAnswer =
  | { kind: 'answer'; to: string; subject: string; text: string }
  | { kind: 'silent'; reason: string };

export interface OversizedMessage {
  /** The message as parsed from its header block alone. */
  headers: ParsedMessage;
  /** Its kind, as detectMailKind read the headers. */
  verdict: MailKindVerdict;
  /** The sender check on the header block (a body hash cannot be checked without the body). */
  senderAuth: SenderAuth;
  /** Its size as the mail server reported it, and MAX_MESSAGE_MB in bytes. */
  bytes: number;
  limitBytes: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`;

export function decideOversizedAnswer(message: OversizedMessage, ctx: MailKindContext): OversizedAnswer {
  const { headers, verdict, bytes, limitBytes } = message;
  const may = mayAnswerAutomatically(headers, ctx, verdict);
  if (!may.ok) return { kind: 'silent', reason: may.reason };
  const senderAuth = senderVerdictFor(message.senderAuth, headers);
  if (isUnverified(senderAuth)) return { kind: 'silent', reason: `unverified sender: ${senderAuth.reason}` };
  const to = headers.from!.address;
  const subject = headers.subject.trim();
  // Room for the mail's own headers and the encoding of files (base64 adds a third).
  const filesUnder = mb(Math.floor((limitBytes * 0.7) / MB) * MB || limitBytes * 0.7);
  return {
    kind: 'answer',
    to,
    subject: `Your message was too large: ${subject === '' ? '(no subject)' : subject}`.slice(0, 200),
    text: [
      `Your message${subject === '' ? '' : ` "${subject.slice(0, 150)}"`} was too large (${mb(bytes)}, limit ${mb(limitBytes)}), so it was not read and no ticket was opened.`,
      `Please send it again with files smaller than ${filesUnder} in all, or share large files through a link.`,
    ].join('\n\n'),
  };
}
