// Parses raw RFC 5322 bytes into a ParsedMessage. Pure (bytes in, data out): mailparser
// does the MIME work; this stage first repairs what mailparser reads badly (bare-CR line
// endings, raw 8-bit headers in legacy charsets, absurdly long header lines), then
// normalises addresses, ids and headers into our own types. When mailparser itself gives
// up, it throws UnparseableMessageError so the caller can quarantine the raw mail.
import { createHash } from 'node:crypto';
import { MailParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Address, AttachmentInfo, ParsedMessage } from './types.ts';
import { deliveryRecipientHeader } from './delivery-recipient.ts';

export interface ParseOptions {
  /**
   * Keep attachment bytes in the result (default true). When false, the bytes of parts larger
   * than SMALL_PART_BYTES are read through (hashed and measured) but never held, so a message
   * with a 25 MB attachment costs its raw bytes and little else; small parts (delivery
   * reports, returned headers, uuencoded text) keep their content.
   */
  keepAttachmentContent?: boolean;
}

/** Parts up to this size keep their content even when attachment content is not kept. */
export const SMALL_PART_BYTES = 1024 * 1024;

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

/** A header line longer than this is cut (RFC 5322 allows 998 characters; we are generous). */
export const MAX_HEADER_LINE_BYTES = 64 * 1024;
/** Header lines past this many bytes of header block are dropped (mailparser refuses 1 MiB per MIME node). */
export const MAX_HEADER_BLOCK_BYTES = 512 * 1024;
/** Ids longer than this are not ids (RFC 5322 lines stop at 998). */
const MAX_ID_LENGTH = 998;

export async function parseMessage(raw: Buffer | string, options: ParseOptions = {}): Promise<ParsedMessage> {
  if (typeof raw !== 'string' && !Buffer.isBuffer(raw)) {
    throw new UnparseableMessageError('NOT_BYTES', 'parseMessage expects a Buffer or a string');
  }
  const original = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const { bytes, anomalies } = repairRaw(original);
  let mail: ParsedMail;
  try {
    mail = await collectMail(bytes, options.keepAttachmentContent !== false);
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
 * mailparser's simpleParser, except that an attachment's bytes are only kept when asked for
 * (or when the part is small): otherwise the stream is drained, and mailparser's own sha256
 * and size are all that remain of it.
 */
function collectMail(bytes: Buffer, keepContent: boolean): Promise<ParsedMail> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser({
      checksumAlgo: 'sha256',
      keepDeliveryStatus: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
    } as ConstructorParameters<typeof MailParser>[0]);
    const mail = { attachments: [] } as unknown as ParsedMail & Record<string, unknown>;
    let settled = false;
    const fail = (err: unknown) => {
      if (!settled) { settled = true; reject(err); }
    };
    parser.on('error', fail);
    parser.on('headers', (headers) => {
      mail.headers = headers;
      mail.headerLines = (parser.headerLines || []) as ParsedMail['headerLines'];
    });
    let reading = false;
    const read = (): void => {
      reading = true;
      for (;;) {
        const data = parser.read() as null | (Record<string, unknown> & { type: string });
        if (data === null) { reading = false; return; }
        if (data.type === 'text') {
          for (const key of ['text', 'html', 'textAsHtml', 'textConversionError']) if (key in data) mail[key] = data[key];
          continue;
        }
        if (data.type === 'attachment') {
          const attachment = data as unknown as { content: NodeJS.ReadableStream; release: () => void };
          mail.attachments.push(attachment as unknown as ParsedMail['attachments'][number]);
          const chunks: Buffer[] = [];
          let length = 0;
          let kept = true;
          attachment.content.on('data', (chunk: Buffer) => {
            length += chunk.length;
            if (!keepContent && length > SMALL_PART_BYTES) { kept = false; chunks.length = 0; }
            if (kept) chunks.push(chunk);
          });
          attachment.content.on('end', () => {
            (attachment as unknown as { content: Buffer }).content = kept ? Buffer.concat(chunks, length) : Buffer.alloc(0);
            (attachment as { contentDropped?: boolean }).contentDropped = !kept;
            attachment.release();
            read();
          });
          return; // the parser waits for release() before it goes on
        }
      }
    };
    parser.on('readable', () => { if (!reading) read(); });
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      // Mirrors simpleParser: the parsed header fields become properties of the result.
      for (const [key, value] of (mail.headers ?? new Map()) as Map<string, unknown>) {
        const name = key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
        if (['subject', 'references', 'date', 'to', 'from', 'cc', 'bcc', 'messageId', 'inReplyTo', 'replyTo'].includes(name)) mail[name] = value;
      }
      resolve(mail);
    });
    parser.end(bytes);
  });
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

  if ((headers['from'] ?? []).length > 1) anomalies.push('duplicate-from');
  const from = senderOf(addressList(mail.from)[0], headers['from'] ?? []);

  const attachments = mail.attachments.map((a): AttachmentInfo => uudecoded(a, {
    filename: a.filename ? withoutControls(a.filename) : defaultFilename(a.contentType),
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

  let text = typeof mail.text === 'string' ? withoutControls(mail.text) : '';
  const html = typeof mail.html === 'string' ? withoutControls(mail.html) : null;
  // A multipart whose boundary never appears leaves mailparser with no parts at all; keep its body as text.
  if (contentType.startsWith('multipart/') && text.trim() === '' && html === null && attachments.length === 0) {
    const body = splitHeaderBlock(repaired).rest.toString('utf8').trim();
    if (body !== '') {
      text = withoutControls(body);
      anomalies.push('multipart-without-parts');
    }
  }

  return {
    messageId,
    inReplyTo: extractIds(mail.inReplyTo),
    references: extractIds(Array.isArray(mail.references) ? mail.references.join(' ') : mail.references),
    subject: withoutControls(typeof mail.subject === 'string' ? mail.subject : '').replace(/\s+/g, ' ').trim(),
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
  };
}

// ---------------------------------------------------------------------------------------
// Repairs before mailparser sees the bytes.

interface Repaired {
  bytes: Buffer;
  anomalies: string[];
}

const CR = 0x0d;
const LF = 0x0a;

/** Fixes line endings, cuts giant header lines and transcodes raw 8-bit headers to UTF-8. */
function repairRaw(input: Buffer): Repaired {
  const anomalies: string[] = [];
  let bytes = input;
  // Old Mac mail uses CR alone as line end; mailparser then sees one endless header line.
  const probe = bytes.subarray(0, 64 * 1024);
  if (probe.includes(CR) && !probe.includes(LF)) {
    bytes = Buffer.from(bytes.map((b) => (b === CR ? LF : b)));
    anomalies.push('bare-cr-line-endings');
  }
  const split = splitHeaderBlock(bytes);
  const lines = splitLines(split.header);
  const kept: Buffer[] = [];
  let total = 0;
  let cutLine = false;
  let cutBlock = false;
  let transcodedAs: string | null = null;
  const charsetHint = charsetHintOf(bytes);
  for (let line of lines) {
    if (total > MAX_HEADER_BLOCK_BYTES) {
      cutBlock = true;
      break;
    }
    if (line.length > MAX_HEADER_LINE_BYTES) {
      line = line.subarray(0, MAX_HEADER_LINE_BYTES);
      cutLine = true;
    }
    if (hasHighBytes(line) && !isValidUtf8(line)) {
      const { text, charset } = decodeLegacyHeader(line, charsetHint);
      line = Buffer.from(text, 'utf8');
      transcodedAs ??= charset;
    }
    kept.push(line);
    total += line.length;
  }
  if (cutLine) anomalies.push('oversized-header-line');
  if (cutBlock) anomalies.push('oversized-header-block');
  if (transcodedAs) anomalies.push(`raw-8bit-header:${transcodedAs}`);
  if (!cutLine && !cutBlock && !transcodedAs) return { bytes, anomalies };
  const eol = split.eol;
  const header = Buffer.concat(kept.flatMap((line, i) => (i === 0 ? [line] : [eol, line])));
  return { bytes: Buffer.concat([header, split.rest]), anomalies };
}

/** The header block (without its final blank line) and everything from that blank line on. */
function splitHeaderBlock(bytes: Buffer): { header: Buffer; rest: Buffer; eol: Buffer } {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const useCrlf = crlf >= 0 && (lf < 0 || crlf < lf);
  const at = useCrlf ? crlf : lf;
  const eol = Buffer.from(useCrlf || (at < 0 && bytes.includes('\r\n')) ? '\r\n' : '\n');
  if (at < 0) return { header: bytes, rest: Buffer.alloc(0), eol };
  return { header: bytes.subarray(0, at), rest: bytes.subarray(at), eol };
}

function splitLines(header: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    if (header[i] === LF) {
      const end = i > start && header[i - 1] === CR ? i - 1 : i;
      lines.push(header.subarray(start, end));
      start = i + 1;
    }
  }
  lines.push(header.subarray(start));
  return lines;
}

function hasHighBytes(line: Buffer): boolean {
  for (const b of line) if (b >= 0x80) return true;
  return false;
}

function isValidUtf8(line: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(line);
    return true;
  } catch {
    return false;
  }
}

/** A charset named anywhere in the message's Content-Type lines, as a hint for raw header bytes. */
function charsetHintOf(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 256 * 1024).toString('latin1');
  const match = /charset\s*=\s*"?([A-Za-z0-9_.:-]+)/i.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

// Candidates for raw 8-bit headers, most likely first. Senders that put raw bytes in headers
// rarely say which charset; the body's charset is a hint, the text itself decides.
const LEGACY_CHARSETS = ['windows-1252', 'shift_jis', 'euc-jp', 'gb18030', 'big5', 'euc-kr', 'koi8-r', 'windows-1251'];
const CHARSET_FAMILY: Record<string, string[]> = {
  'iso-2022-jp': ['shift_jis', 'euc-jp'],
  shift_jis: ['shift_jis'],
  sjis: ['shift_jis'],
  'euc-jp': ['euc-jp'],
  gb2312: ['gb18030'],
  gbk: ['gb18030'],
  gb18030: ['gb18030'],
  big5: ['big5'],
  'euc-kr': ['euc-kr'],
  'ks_c_5601-1987': ['euc-kr'],
  'koi8-r': ['koi8-r'],
  'windows-1251': ['windows-1251'],
};

function decodeLegacyHeader(line: Buffer, hint: string | null): { text: string; charset: string } {
  // Mostly UTF-8 with a few broken bytes: keep the UTF-8 and mark the broken bytes.
  const { valid, invalid } = countUtf8Sequences(line);
  if (valid > 0 && valid >= invalid) return { text: new TextDecoder('utf-8').decode(line), charset: 'utf-8-lossy' };
  const hinted = hint ? (CHARSET_FAMILY[hint] ?? (isKnownCharset(hint) ? [hint] : [])) : [];
  const candidates = [...new Set([...hinted, ...LEGACY_CHARSETS])];
  let best: { text: string; charset: string; score: number } | null = null;
  for (const charset of candidates) {
    let text: string;
    try {
      text = decodeStrict(line, charset);
    } catch {
      continue;
    }
    // A hinted charset wins ties.
    const score = plausibility(text) + (hinted.includes(charset) ? 0.5 : 0);
    if (!best || score > best.score) best = { text, charset, score };
  }
  return best ?? { text: decodeStrict(line, 'windows-1252'), charset: 'windows-1252' };
}

// Node's TextDecoder reads windows-1252 as ISO-8859-1; these are the printable 0x80-0x9f of windows-1252.
const WINDOWS_1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeStrict(bytes: Buffer, charset: string): string {
  const text = new TextDecoder(charset, { fatal: true }).decode(bytes);
  if (charset !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** Valid multi-byte UTF-8 sequences and stray high bytes in a line. */
function countUtf8Sequences(line: Buffer): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < line.length; i++) {
    const b = line[i]!;
    if (b < 0x80) continue;
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b <= 0xdf ? 1 : -1;
    let ok = need > 0 && i + need < line.length + 0;
    for (let k = 1; ok && k <= need; k++) ok = ((line[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += need;
    } else invalid++;
  }
  return { valid, invalid };
}

function isKnownCharset(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/**
 * Scores how much decoded header text looks like real words rather than mojibake. Scores are
 * per source byte, so a two-byte ideograph and two one-byte letters weigh alike.
 */
function plausibility(text: string): number {
  let score = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!.codePointAt(0)!;
    if (c < 0x80) continue;
    const prev = chars[i - 1] ?? ' ';
    const next = chars[i + 1] ?? ' ';
    if (c >= 0x3040 && c <= 0x30ff) score += 3; // hiragana, katakana
    else if (c >= 0x4e00 && c <= 0x9fff) score += isAsciiLetter(prev) || isAsciiLetter(next) ? 0 : 2; // CJK ideographs; glued to a Latin word they are mojibake
    else if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff5e)) score += 2; // CJK punctuation, full-width forms
    else if (c >= 0xac00 && c <= 0xd7af) score += 1.5; // Hangul
    else if (c >= 0xff61 && c <= 0xff9f) score -= 2; // half-width katakana: mostly mojibake
    else if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x400 && c <= 0x4ff)) {
      // Latin or Cyrillic letters count when they sit inside a word whose case is regular.
      const inWord = /\p{L}/u.test(prev) || /\p{L}/u.test(next);
      const oddCase = /\p{Ll}/u.test(prev) && /\p{Lu}/u.test(chars[i]!);
      // Runs of accented Latin letters are what Cyrillic or CJK bytes look like read as Latin-1.
      const accentRun = c < 0x400 && isAccentedLatin(prev) && isAccentedLatin(next);
      score += oddCase || accentRun ? -1 : inWord ? 1 : 0.25;
    } else score -= 1.5;
  }
  return score;
}

function isAsciiLetter(c: string): boolean {
  return /^[A-Za-z]$/.test(c);
}

function isAccentedLatin(c: string): boolean {
  const code = c.codePointAt(0)!;
  return code >= 0xc0 && code <= 0x24f;
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

/** mailparser leaves Content-Transfer-Encoding: x-uuencode parts encoded; decode them here. */
function uudecoded(part: ParsedMail['attachments'][number], info: AttachmentInfo): AttachmentInfo {
  const cte = String(part.headers?.get('content-transfer-encoding') ?? '').toLowerCase();
  if (!/^(x-)?uu(encode|e)?$/.test(cte.trim()) || !info.content) return info;
  const decoded = uudecode(info.content.toString('latin1'));
  if (!decoded) return info;
  return { ...info, content: decoded, size: decoded.length, checksum: createHash('sha256').update(decoded).digest('hex') };
}

/** Classic uuencode: optional "begin <mode> <name>", lines led by a length character, "`" or "end". */
function uudecode(text: string): Buffer | null {
  const lines = text.split(/\r?\n/);
  const begin = lines.findIndex((l) => /^begin\s+\d+\s/.test(l));
  const body = lines.slice(begin + 1).filter((l) => l !== '');
  if (body.length === 0 || !body.every((l) => l.trim() === 'end' || /^[\x20-\x60]+$/.test(l))) return null;
  const out: number[] = [];
  for (const line of body) {
    if (line.trim() === 'end') break;
    const length = (line.charCodeAt(0) - 32) & 0x3f;
    if (length === 0) continue;
    const bytes: number[] = [];
    for (let i = 1; bytes.length < length && i < line.length; i += 4) {
      const c = [0, 1, 2, 3].map((k) => ((line.charCodeAt(i + k) || 32) - 32) & 0x3f);
      bytes.push(((c[0]! << 2) | (c[1]! >> 4)) & 0xff, ((c[1]! << 4) | (c[2]! >> 2)) & 0xff, ((c[2]! << 6) | c[3]!) & 0xff);
    }
    out.push(...bytes.slice(0, length));
  }
  return Buffer.from(out);
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
        out.push({ address: entry.address.trim().toLowerCase(), name: withoutControls(entry.name ?? '').trim() });
      } else if (typeof entry.name === 'string') {
        // A whole `"Name" <a@b>` inside one encoded word decodes into the name alone. Kept for
        // recipients; the sender is never read from there (see senderOf).
        const inner = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(entry.name);
        if (inner) out.push({ address: inner[2]!.toLowerCase(), name: withoutControls(inner[1]!).trim() });
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
  if (parsed && visible.includes(parsed.address)) return parsed;
  return fallbackAddress(rawValues);
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

const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_MESSAGE_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);

/** RFC 3464: the machine-readable part of a delivery report. */
function deliveryStatusText(mail: ParsedMail): string | null {
  const parts = mail.attachments.filter((a) => DELIVERY_STATUS_TYPES.has((a.contentType ?? '').toLowerCase()));
  if (parts.length === 0) return null;
  return parts.map((a) => a.content.toString('utf8')).join('\n\n');
}

/** A report whose MIME structure is broken can still carry its RFC 3464 fields in the text. */
function deliveryStatusInText(text: string): string | null {
  const at = text.search(/^(reporting-mta|final-recipient|original-recipient)\s*:/im);
  return at >= 0 ? text.slice(at, at + 16 * 1024) : null;
}

/** RFC 6522: the third part of a report carries the returned message or just its headers. */
function returnedHeaderBlock(mail: ParsedMail, contentType: string): string | null {
  const inReport = contentType === 'multipart/report';
  const part = mail.attachments.find((a) => {
    const type = (a.contentType ?? '').toLowerCase();
    return type === 'text/rfc822-headers' || type === 'message/global-headers' || (inReport && RETURNED_MESSAGE_TYPES.has(type));
  });
  if (!part) return null;
  const text = part.content.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return (end >= 0 ? text.slice(0, end) : text).slice(0, MAX_HEADER_BLOCK_BYTES);
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

function extractAddresses(value: string): string[] {
  return [...value.matchAll(/[^\s<>,;"'()[\]]+@[^\s<>,;"'()[\]]+/g)].map((m) => m[0].toLowerCase());
}

// PostgreSQL text refuses NUL, and the other C0 controls are never meant as text; mail that
// carries them (broken clients, binary pasted into a body) is still a request. Tab and line
// ends stay.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** The string without C0 control characters other than tab, LF and CR. */
function withoutControls(value: string): string {
  return value.replace(CONTROL_CHARS, '');
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function defaultFilename(contentType: string | undefined): string {
  const subtype = (contentType ?? 'application/octet-stream').split('/')[1] ?? 'bin';
  return `attachment.${subtype.replace(/[^a-z0-9]+/gi, '') || 'bin'}`;
}
