// Parses raw RFC 5322 bytes into a ParsedMessage. Pure (bytes in, data out): mailparser
// does the MIME work; this stage first repairs what mailparser reads badly (bare-CR line
// endings, raw 8-bit headers in legacy charsets, absurdly long header lines), then
// normalises addresses, ids and headers into our own types. When mailparser itself gives
// up, it throws UnparseableMessageError so the caller can quarantine the raw mail.
import { createHash } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { Address, AttachmentInfo, FromAmbiguity, ParsedMessage } from './types.ts';
import { withoutControlCharacters } from './control-characters.ts';
import { deliveryRecipientHeader } from './delivery-recipient.ts';
import { collectMail } from './parse/stream.ts';
import { restoreLargeParts, shortenLargeParts } from './parse/large-parts.ts';
import { repairRaw, splitHeaderBlock } from './parse/repair.ts';
import { uudecoded } from './parse/uudecode.ts';
import { openSmimeLayers } from './parse/smime.ts';
import { withTnefContent } from './parse/tnef.ts';
import { deliveryStatusInText, deliveryStatusText, returnedHeaderBlock } from './parse/delivery-report.ts';

export { SMALL_PART_BYTES } from './parse/stream.ts';
export { MAX_HEADER_BLOCK_BYTES, MAX_HEADER_LINE_BYTES } from './parse/repair.ts';

export interface ParseOptions {
  /**
   * Keep attachment bytes in the result (default true). When false, the bytes of parts larger
   * than SMALL_PART_BYTES are read through (hashed and measured) but never held, so a message
   * with a 25 MB attachment costs its raw bytes and little else; small parts (delivery
   * reports, returned headers, uuencoded text) keep their content.
   */
  keepAttachmentContent?: boolean;
  /**
   * When attachment bytes are not kept: measure and hash large base64 files natively instead of
   * through the parser (src/inbound/parse/large-parts.ts). Default true; the result is the same.
   */
  shortenLargeParts?: boolean;
}

/** Why a message could not be parsed at all. */
export type UnparseableReason = 'NOT_BYTES' | 'MIME_LIMIT_EXCEEDED' | 'MIME_PARSE_FAILED' | 'NORMALISE_FAILED';

/** Raised when the bytes cannot be turned into a ParsedMessage; the raw mail should be held for an admin. */
export class UnparseableMessageError extends Error {
  override readonly name = 'UnparseableMessageError';
  readonly code = 'UNPARSEABLE_MESSAGE';
  constructor(
    readonly reason: UnparseableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Ids longer than this are not ids (RFC 5322 lines stop at 998). */
const MAX_ID_LENGTH = 998;

export async function parseMessage(raw: Buffer | string, options: ParseOptions = {}): Promise<ParsedMessage> {
  if (typeof raw !== 'string' && !Buffer.isBuffer(raw)) {
    throw new UnparseableMessageError('NOT_BYTES', 'parseMessage expects a Buffer or a string');
  }
  const original = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const repaired = repairRaw(original);
  const { anomalies } = repaired;
  // Opaque S/MIME: signed mail is read from the entity it signs, layer by layer; encrypted mail, and
  // a pkcs7-mime body that could not be opened, are only marked so.
  const smime = openSmimeLayers(repaired.bytes);
  if (smime.signed) anomalies.push('smime-opaque-signed');
  if (smime.encrypted) anomalies.push('smime-encrypted');
  if (smime.unreadable) anomalies.push('smime-unreadable');
  const { bytes } = smime;
  let mail: ParsedMail;
  try {
    mail = await collectShortened(bytes, options) ?? await collectMail(bytes, options.keepAttachmentContent !== false);
  } catch (err) {
    // mailparser's own limits (header size per MIME node, number of parts) answer EMAXLEN.
    if ((err as { code?: unknown } | null)?.code === 'EMAXLEN') {
      throw new UnparseableMessageError('MIME_LIMIT_EXCEEDED', `mailparser limit exceeded: ${describe(err)}`, { cause: err });
    }
    throw new UnparseableMessageError('MIME_PARSE_FAILED', `mailparser rejected the message: ${describe(err)}`, { cause: err });
  }
  try {
    return toParsedMessage(mail, original, bytes, anomalies);
  } catch (err) {
    throw new UnparseableMessageError('NORMALISE_FAILED', `could not normalise the parsed message: ${describe(err)}`, { cause: err });
  }
}

/**
 * The parse of the mail with its large base64 files measured natively, or null when it has none,
 * when attachment bytes are kept, or when the parser read the shortened mail otherwise than the
 * markers expect (then the whole mail is parsed as it is).
 */
async function collectShortened(bytes: Buffer, options: ParseOptions): Promise<ParsedMail | null> {
  if (options.keepAttachmentContent !== false || options.shortenLargeParts === false) return null;
  const shortened = shortenLargeParts(bytes);
  if (!shortened) return null;
  try {
    const mail = await collectMail(shortened.bytes, false);
    return restoreLargeParts(mail.attachments as Parameters<typeof restoreLargeParts>[0], shortened.parts) ? mail : null;
  } catch {
    return null;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function toParsedMessage(mail: ParsedMail, raw: Buffer, repaired: Buffer, anomalies: string[]): ParsedMessage {
  const headers = collectHeaders(mail);
  const contentTypeHeader = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const contentType = (typeof contentTypeHeader?.value === 'string' ? contentTypeHeader.value : 'text/plain').toLowerCase();

  const messageIds = (headers['message-id'] ?? []).flatMap((value) => extractIds(value));
  if ((headers['message-id'] ?? []).length > 1) anomalies.push('duplicate-message-id');
  const messageId = messageIds[0] ?? firstId(mail.messageId);

  const fromLines = headers['from'] ?? [];
  if (fromLines.length > 1) anomalies.push('duplicate-from');
  const from = senderOf(addressList(mail.from)[0], fromLines);

  let attachments = mail.attachments.map((a): AttachmentInfo => uudecoded(a, {
    filename: a.filename ? withoutControlCharacters(a.filename) : defaultFilename(a.contentType),
    contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(),
    size: a.size,
    checksum: a.checksum,
    contentId: a.cid ?? null,
    inline: a.contentDisposition === 'inline' || Boolean(a.related),
    ...((a as { contentDropped?: boolean }).contentDropped ? {} : { content: a.content }),
    partId: a.partId ?? null,
    disposition: typeof a.contentDisposition === 'string' ? a.contentDisposition.toLowerCase() : null,
    hasOwnFilename: Boolean(a.filename),
  }));

  let text = typeof mail.text === 'string' ? withoutControlCharacters(mail.text) : '';
  let html = typeof mail.html === 'string' ? withoutControlCharacters(mail.html) : null;
  // Outlook's winmail.dat: the body and files it holds are the message's.
  const tnef = withTnefContent({ text, html, attachments });
  if (tnef) {
    ({ attachments } = tnef);
    text = withoutControlCharacters(tnef.text);
    html = tnef.html === null ? null : withoutControlCharacters(tnef.html);
    anomalies.push('tnef-opened');
  }
  // A multipart whose boundary never appears leaves mailparser with no parts at all; keep its body as text.
  if (contentType.startsWith('multipart/') && text.trim() === '' && html === null && attachments.length === 0) {
    const body = splitHeaderBlock(repaired).rest.toString('utf8').trim();
    if (body !== '') {
      text = withoutControlCharacters(body);
      anomalies.push('multipart-without-parts');
    }
  }

  return {
    messageId,
    inReplyTo: extractIds(mail.inReplyTo),
    references: extractIds(Array.isArray(mail.references) ? mail.references.join(' ') : mail.references),
    subject: withoutControlCharacters(typeof mail.subject === 'string' ? mail.subject : '').replace(/\s+/g, ' ').trim(),
    from,
    to: addressList(mail.to),
    cc: addressList(mail.cc),
    replyTo: addressList(mail.replyTo),
    deliveredTo: extractAddresses(deliveryRecipientHeader(headers) ?? '').slice(0, 1),
    date: mail.date instanceof Date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text,
    html,
    headers,
    contentType,
    contentTypeParams: lowerKeys(contentTypeHeader?.params ?? {}),
    attachments,
    effectiveMessageId: messageId ?? `${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@synthetic.invalid`,
    sender: addressList(mail.headers.get('sender') as AddressObject | undefined)[0] ?? null,
    returnPath: returnPathOf(headers['return-path'] ?? []),
    deliveryStatus: deliveryStatusText(mail) ?? (contentType === 'multipart/report' ? deliveryStatusInText(text) : null),
    returnedHeaders: returnedHeaderBlock(mail, contentType),
    anomalies,
    fromAmbiguity: fromAmbiguityOf(mail.from, fromLines, from),
  };
}

// ---------------------------------------------------------------------------------------
// Normalising mailparser's view.

/** Every header line, unfolded, keyed by lower-cased name. Values keep their raw (encoded) form. */
function collectHeaders(mail: ParsedMail): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { key, line } of mail.headerLines ?? []) {
    if (typeof key !== 'string' || typeof line !== 'string') continue;
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    (out[key.toLowerCase()] ??= []).push(value);
  }
  return out;
}

function addressList(value: AddressObject | AddressObject[] | undefined): Address[] {
  if (!value) return [];
  const objects = Array.isArray(value) ? value : [value];
  const out: Address[] = [];
  const walk = (entries: AddressObject['value'] | undefined, depth: number): void => {
    if (!Array.isArray(entries) || depth > 4) return;
    for (const entry of entries) {
      if (entry.group) walk(entry.group, depth + 1);
      else if (typeof entry.address === 'string' && entry.address.includes('@')) {
        out.push({ address: entry.address.trim().toLowerCase(), name: withoutControlCharacters(entry.name ?? '').trim() });
      } else if (typeof entry.name === 'string') {
        // A whole `"Name" <a@b>` inside one encoded word decodes into the name alone. Kept for
        // recipients; the sender is never read from there (see senderOf).
        const inner = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(entry.name);
        if (inner) out.push({ address: inner[2]!.toLowerCase(), name: withoutControlCharacters(inner[1]!).trim() });
      }
    }
  };
  for (const object of objects) walk(object?.value, 0);
  return out;
}

/** An RFC 2047 encoded word: =?charset?B|Q?text?= */
const ENCODED_WORD = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=/gi;

/**
 * The sender: the parsed From address only when it is written in the raw header outside any
 * encoded word. mailparser decodes encoded words before it reads addresses, so
 * `=?UTF-8?Q?"Admin"_<admin@x>?=` would otherwise become admin@x.
 */
function senderOf(parsed: Address | undefined, rawValues: string[]): Address | null {
  const visible = rawValues.map((v) => v.replace(ENCODED_WORD, ' ')).join('\n').toLowerCase();
  if (parsed && isWrittenWhole(visible, parsed.address)) return parsed;
  return fallbackAddress(rawValues);
}

/**
 * Whether `address` stands in `text` as a whole address: `summer@example.test` is not written in
 * `<summer@example.test.evil.test>`, only the start of another. Quotes bound it too, so a quoted
 * local part (`"a b"@example.test`) is found as written. One scan per occurrence.
 */
function isWrittenWhole(text: string, address: string): boolean {
  if (address === '') return false;
  for (let at = text.indexOf(address); at >= 0; at = text.indexOf(address, at + 1)) {
    if (isAddressEdge(text[at - 1]) && isAddressEdge(text[at + address.length])) return true;
  }
  return false;
}

/** The start or end of the text, or a character that cannot continue an address outside quotes. */
const isAddressEdge = (ch: string | undefined): boolean => ch === undefined || ' \t\r\n<>,;:"\'()[]'.includes(ch);

/**
 * How the From fails to name exactly one author (types.ts FromAmbiguity), or null. Read from
 * mailparser's structure of the header, which knows quotes and comments, so `"Doe, John" <j@x>`
 * and `j@x (cc m@y)` are one mailbox each; only entries with an address count as mailboxes.
 */
function fromAmbiguityOf(value: AddressObject | AddressObject[] | undefined, rawValues: string[], sender: Address | null): FromAmbiguity | null {
  if (rawValues.length > 1) return 'several-from-headers';
  const entries = (Array.isArray(value) ? value : value ? [value] : []).flatMap((object) => object?.value ?? []);
  if (entries.some((entry) => entry.group)) return 'group';
  if (entries.filter((entry) => typeof entry.address === 'string' && entry.address.includes('@')).length > 1) return 'several-mailboxes';
  // mailauth reads `=?UTF-8?Q?<x@y>?= <admin@z>` as from x@y: an encoded word is display text to
  // us (senderOf), an address to a reader that does not decode it, so DMARC would judge another
  // author. RFC 2047 (5, rule 3) allows no `@` or `<` unencoded there, so no client's name trips this.
  const inEncodedWords = rawValues.flatMap((v) => [...v.matchAll(ENCODED_WORD)].flatMap((m) => extractAddresses(m[0])));
  if (inEncodedWords.some((address) => address !== sender?.address)) return 'address-in-encoded-name';
  return null;
}

/** When mailparser finds no address in From (several From lines, odd syntax), take the first address-like token. */
function fallbackAddress(values: string[]): Address | null {
  for (const value of values) {
    // Encoded words are display text, so an address inside one is not looked for.
    const address = extractAddresses(value.replace(ENCODED_WORD, ' '))[0];
    if (address) return { address, name: '' };
  }
  return null;
}

function returnPathOf(values: string[]): string | null {
  const value = values[0];
  if (value === undefined) return null;
  if (/^<\s*>$/.test(value.trim()) || value.trim() === '') return '';
  return extractAddresses(value)[0] ?? value.trim().toLowerCase();
}

const ID_PATTERN = /<([^<>\s]+)>/g;

/** Message ids from a header value, brackets stripped; a bare id without brackets is accepted. */
export function extractIds(value: string | undefined | null): string[] {
  if (!value || typeof value !== 'string') return [];
  const ids = [...value.matchAll(ID_PATTERN)].map((m) => m[1]!).filter((id) => id.length <= MAX_ID_LENGTH);
  if (ids.length === 0) {
    const bare = value.trim();
    if (bare && !/\s/.test(bare) && bare.includes('@') && bare.length <= MAX_ID_LENGTH) ids.push(bare.replace(/^<|>$/g, ''));
  }
  return [...new Set(ids)];
}

function firstId(value: string | undefined): string | null {
  return extractIds(value)[0] ?? null;
}

/**
 * Every word of `value` between delimiters that has an `@` with something on either side. A
 * split and a test per word, so time is linear in the value: the header values read here are
 * not bounded yet, and a single pattern over them (an address before and after the `@`) took
 * time quadratic in a long word without one (18 s for a 480 KB Delivered-To).
 */
function extractAddresses(value: string): string[] {
  return value.split(/[\s<>,;"'()[\]]+/).filter((word) => /.@./.test(word)).map((word) => word.toLowerCase());
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function defaultFilename(contentType: string | undefined): string {
  const subtype = (contentType ?? 'application/octet-stream').split('/')[1] ?? 'bin';
  return `attachment.${subtype.replace(/[^a-z0-9]+/gi, '') || 'bin'}`;
}
