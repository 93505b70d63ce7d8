// The shapes that flow through the inbound pipeline: a parsed message and what the pure
// stages conclude about it. Pure data; no I/O. Incoming headers are untrusted: our
// conclusions live in these types, never written back into the parsed message.

export interface Address {
  /** Lower-cased address, e.g. `alice@example.test`. */
  address: string;
  name: string;
}

/** A file sent with a message; the ticket keeps it (tickets/types.ts). */
export type { AttachmentInfo } from '../tickets/types.ts';
import type { AttachmentInfo } from '../tickets/types.ts';

export interface ParsedMessage {
  /** Message-ID with angle brackets stripped, or null when absent/unparseable. */
  messageId: string | null;
  /** In-Reply-To ids, brackets stripped. */
  inReplyTo: string[];
  /** References ids, brackets stripped, in header order. */
  references: string[];
  /** Decoded subject ('' when missing). */
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** The address our receiving server delivered the message to: the topmost Delivered-To only (0 or 1 entries). */
  deliveredTo: string[];
  date: Date | null;
  /** The text/plain body; '' when the message has none. */
  text: string;
  /** The text/html body, or null. */
  html: string | null;
  /** Lower-cased header name -> every raw (unfolded) value, in order. */
  headers: Record<string, string[]>;
  /** Top-level MIME type, lower-cased, e.g. `multipart/report`. */
  contentType: string;
  /** Parameters of the top-level Content-Type (lower-cased keys). */
  contentTypeParams: Record<string, string>;
  attachments: AttachmentInfo[];
  // The fields below were added later; they are optional so hand-built messages in tests stay valid.
  // parseMessage always fills them.
  /** messageId when present, else a stable id derived from the raw bytes (`<sha256>@synthetic.invalid`). */
  effectiveMessageId?: string;
  /** Decoded Sender header address, or null. */
  sender?: Address | null;
  /** Return-Path as given: '' for the null reverse-path `<>`, null when the header is absent. */
  returnPath?: string | null;
  /**
   * Text of the message/delivery-status part of a delivery report (RFC 3464), or null.
   * Several such parts are joined with a blank line.
   */
  deliveryStatus?: string | null;
  /** Header block of the returned original (message/rfc822 or text/rfc822-headers part of a report), or null. */
  returnedHeaders?: string | null;
  /** What parsing had to repair or could not read, e.g. `bare-cr-line-endings`, `duplicate-message-id`. */
  anomalies?: string[];
  /**
   * How the From fails to name exactly one author, or null when it names one. Such a From proves
   * nobody, whatever a check of it says (inbound/sender-auth.ts senderVerdictFor).
   */
  fromAmbiguity?: FromAmbiguity | null;
}

/**
 * Ways a From names more than one author, or names one differently to different readers:
 * - `several-from-headers`: more than one From line (RFC 5322 3.6 allows one);
 * - `several-mailboxes`: a From listing more than one mailbox (RFC 5322 3.6.2 allows it only with
 *   a Sender, and DMARC, RFC 7489 6.6.1, judges one domain);
 * - `group`: group syntax (`team: a@x;`), which a From may not hold at all (RFC 5322 3.6.2);
 * - `address-in-encoded-name`: an address inside an encoded display name (RFC 2047) other than the
 *   sender's, which a reader that does not decode it (a DMARC checker) takes for the author.
 */
export type FromAmbiguity = 'several-from-headers' | 'several-mailboxes' | 'group' | 'address-in-encoded-name';

/** What kind of mail this is, decided before any ticket logic runs. */
export type MailKind = 'new' | 'reply' | 'auto_reply' | 'bounce' | 'list' | 'own';

/** One recipient a delivery report speaks of (RFC 3464 per-recipient fields, or read from the text). */
export interface BounceRecipient {
  address: string;
  /** Enhanced status code, e.g. `5.1.1` (RFC 3463), or null when the report gives none. */
  status: string | null;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded; null when not given. */
  action: string | null;
  /** Diagnostic-Code without its type prefix, or the server's reply line from the text. */
  diagnostic: string | null;
}

/** What a bounce says about our outgoing mail. */
export interface BounceReport {
  recipients: BounceRecipient[];
  /** Message-ID of the returned original, brackets stripped. */
  originalMessageId: string | null;
  /**
   * The ids the returned original names, nearest first: its In-Reply-To, then its References newest
   * (last) first; brackets stripped, de-duplicated.
   */
  originalReferences: string[];
  /** True for a delay notice: the server is still trying (Action: delayed, or 4.x.x without Action). */
  temporary: boolean;
}

/** detectMailKind's answer. 'person' becomes 'new' or 'reply' once threading has run. */
export interface MailKindVerdict {
  kind: 'person' | 'auto_reply' | 'bounce' | 'list' | 'own';
  /** Which rule decided, e.g. 'auto-submitted header', 'ooo subject', 'delivery-status report'. */
  reason: string;
  bounce?: BounceReport;
}

/** Settings the kind and guard stages need: our addresses, loop header name and Message-ID domain. */
export interface MailKindContext {
  ownAddresses: string[];
  /** Name of our loop header, e.g. `X-Deskmail-Loop`. */
  loopHeader: string;
  /** Domain of the Message-IDs we generate, e.g. `desk.example.com`. */
  ownMessageIdDomain: string;
}
