// The shapes that flow through the inbound pipeline: a parsed message and what the pure
// stages conclude about it. Pure data; no I/O. Incoming headers are untrusted: our
// conclusions live in these types, never written back into the parsed message.

export interface Address {
  /** Lower-cased address, e.g. `alice@example.test`. */
  address: string;
  name: string;
}

export interface AttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
  /** sha256 hex of the content. */
  checksum: string;
  contentId: string | null;
  inline: boolean;
  /** The bytes; absent when the parse was asked to skip contents. */
  content?: Buffer;
}

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
  /** Addresses the message was delivered to as the server saw them (Delivered-To, X-Original-To, Envelope-To). */
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
}

/** What kind of mail this is, decided before any ticket logic runs. */
export type MailKind = 'new' | 'reply' | 'auto_reply' | 'bounce' | 'list' | 'own';
