// Large base64 files, measured without the MIME parser walking them. When attachment bytes are
// not kept, the parser's line splitter and base64 decoder still read every byte of every file
// in JavaScript, a few characters at a time, only for a size and a hash. Before the parser sees
// the mail, each large base64 part of a multipart that is neither text, a message nor TNEF (whose
// body is read) is decoded here by Node's own decoder, measured and hashed, and its body replaced
// by a marker; the parser then meets a small part, and the marker's attachment gets the real size
// and hash back.
//
// Only mail whose layout leaves no doubt is shortened: headers without lone CRs, a boundary given
// plainly, a body of nothing but the base64 alphabet and line ends with padding only at its end,
// and the line after it a delimiter of its own multipart. Anything else is left to the parser as
// it is, and a marker the parser did not return as an attachment makes the caller parse the
// whole mail again (restoreLargeParts answers false). Pure.
import { createHash, randomBytes } from 'node:crypto';

/** Base64 bodies shorter than this are left to the parser (cheap there, and small parts keep content). */
export const LARGE_PART_BYTES = 16 * 1024;
/** How deep multiparts are followed, and how many parts are looked at, before the rest is left alone. */
const MAX_DEPTH = 8;
const MAX_PARTS = 500;
/** A part's header block longer than this is left to the parser. */
const MAX_PART_HEADER_BYTES = 64 * 1024;

export interface LargePart {
  size: number;
  checksum: string;
}

export interface ShortenedMail {
  bytes: Buffer;
  /** Marker content (as the parser decodes it) to what the part really held. */
  parts: Map<string, LargePart>;
}

interface Cut { start: number; end: number; marker: string }

/** The mail with its large base64 files replaced by markers, or null when there is nothing to shorten. */
export function shortenLargeParts(bytes: Buffer): ShortenedMail | null {
  const top = readEntity(bytes, 0, bytes.length);
  if (!top || !top.type.startsWith('multipart/') || !top.boundary) return null;
  const nonce = randomBytes(12).toString('hex');
  const cuts: Cut[] = [];
  const parts = new Map<string, LargePart>();
  const budget = { parts: MAX_PARTS };
  walkMultipart(bytes, top.bodyStart, bytes.length, false, top.boundary, 1, budget, (start, end, part) => {
    const marker = `deskmail-large-part:${nonce}:${cuts.length}`;
    cuts.push({ start, end, marker });
    parts.set(marker, part);
  });
  if (cuts.length === 0) return null;
  const pieces: Buffer[] = [];
  let at = 0;
  for (const cut of cuts) {
    pieces.push(bytes.subarray(at, cut.start), Buffer.from(Buffer.from(cut.marker, 'latin1').toString('base64'), 'latin1'));
    at = cut.end;
  }
  pieces.push(bytes.subarray(at));
  return { bytes: Buffer.concat(pieces), parts };
}

/** The parser's view of an attachment, as far as the markers go. */
interface ParsedAttachment { content?: unknown; size?: number; checksum?: string; contentDropped?: boolean }

/**
 * Gives each marker's attachment its real size and hash, its content dropped. False when a
 * marker is not among the attachments exactly once: the parser read the layout otherwise, and
 * the whole mail must be parsed again.
 */
export function restoreLargeParts(attachments: ParsedAttachment[], parts: Map<string, LargePart>): boolean {
  const found = new Map<string, ParsedAttachment>();
  for (const a of attachments) {
    if (!Buffer.isBuffer(a.content) || a.content.length > 64) continue;
    const marker = a.content.toString('latin1');
    if (!parts.has(marker)) continue;
    if (found.has(marker)) return false;
    found.set(marker, a);
  }
  if (found.size !== parts.size) return false;
  for (const [marker, a] of found) {
    const part = parts.get(marker)!;
    a.size = part.size;
    a.checksum = part.checksum;
    a.content = Buffer.alloc(0);
    a.contentDropped = true;
  }
  return true;
}

interface Entity { type: string; boundary: string | null; encoding: string; bodyStart: number }

/** The header block from `start`: content type, boundary, transfer encoding, where the body starts; null when unclear. */
function readEntity(bytes: Buffer, start: number, end: number): Entity | null {
  const fields = new Map<string, string>();
  let name: string | null = null;
  let at = start;
  for (;;) {
    if (at >= end || at - start > MAX_PART_HEADER_BYTES) return null;
    const nl = bytes.indexOf(0x0a, at);
    if (nl < 0 || nl >= end) return null;
    const line = bytes.toString('latin1', at, nl > at && bytes[nl - 1] === 0x0d ? nl - 1 : nl);
    at = nl + 1;
    if (line.includes('\r')) return null;
    if (line === '') break;
    if (line[0] === ' ' || line[0] === '\t') {
      if (name === null) return null;
      fields.set(name, `${fields.get(name)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    name = line.slice(0, colon).trim().toLowerCase();
    // A second Content-Type or transfer encoding: which one counts is the parser's call.
    if ((name === 'content-type' || name === 'content-transfer-encoding') && fields.has(name)) return null;
    fields.set(name, line.slice(colon + 1).trim());
  }
  const contentType = fields.get('content-type') ?? '';
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return { type, boundary: type.startsWith('multipart/') ? boundaryOf(contentType) : null, encoding: (fields.get('content-transfer-encoding') ?? '').toLowerCase(), bodyStart: at };
}

/** The boundary parameter when given plainly (once, no RFC 2231 pieces, only the characters RFC 2046 allows). */
function boundaryOf(contentType: string): string | null {
  let found: string | null = null;
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    if (key.startsWith('boundary*')) return null;
    if (key !== 'boundary') continue;
    // Two boundary parameters: which one counts is the parser's call.
    if (found !== null) return null;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"')) {
      // A quoted value with a ";" inside was cut by the split: left to the parser.
      if (value.length < 2 || !value.endsWith('"')) return null;
      value = value.slice(1, -1);
    }
    found = value;
  }
  if (found === null || found.length === 0 || found.length > 70 || found.endsWith(' ') || !/^[0-9A-Za-z'()+_,./:=? -]+$/.test(found)) return null;
  return found;
}

type OnLargePart = (start: number, end: number, part: LargePart) => void;

/**
 * The parts of a multipart whose body runs from `start` to `end`: each delimiter line of
 * `boundary` begins a part, a large base64 leaf is reported, a nested multipart is followed.
 * `endsAtDelimiter`: `end` is where a delimiter of an enclosing multipart begins (which also ends
 * the last part of a multipart that is never closed), not the end of the mail.
 */
function walkMultipart(bytes: Buffer, start: number, end: number, endsAtDelimiter: boolean, boundary: string, depth: number, budget: { parts: number }, onLarge: OnLargePart): void {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let at = findDelimiter(bytes, start, end, delimiter);
  while (at && !at.closing) {
    if (--budget.parts < 0) return;
    const partStart = at.next;
    const following = findDelimiter(bytes, partStart, end, delimiter);
    // The part ends at the line ending in front of the next delimiter (it belongs to the delimiter).
    const partEnd = following ? following.lineStart : end;
    const part = readEntity(bytes, partStart, partEnd);
    if (part) {
      if (part.type.startsWith('multipart/')) {
        if (part.boundary && depth < MAX_DEPTH) walkMultipart(bytes, part.bodyStart, partEnd, following !== null || endsAtDelimiter, part.boundary, depth + 1, budget, onLarge);
      } else if ((following || endsAtDelimiter) && part.encoding === 'base64' && partEnd - part.bodyStart >= LARGE_PART_BYTES && !/^(text|message)\/|^application\/(vnd\.)?ms-tnef$/.test(part.type) && part.type.includes('/')) {
        const measured = measureBase64(bytes, part.bodyStart, partEnd);
        if (measured) onLarge(part.bodyStart, partEnd, measured);
      }
    }
    at = following;
  }
}

interface Delimiter { lineStart: number; next: number; closing: boolean }

/**
 * The first delimiter line of `delimiter` ("--" + boundary) at or after `from`: at a line start,
 * followed by an optional "--", spaces or tabs and the line end (or the end of the mail after a
 * closing one). `lineStart` includes the line ending in front of it.
 */
function findDelimiter(bytes: Buffer, from: number, end: number, delimiter: Buffer): Delimiter | null {
  let at = from;
  for (;;) {
    const hit = bytes.indexOf(delimiter, at);
    if (hit < 0 || hit + delimiter.length > end) return null;
    at = hit + 1;
    const atLineStart = hit === from || bytes[hit - 1] === 0x0a;
    if (!atLineStart) continue;
    let i = hit + delimiter.length;
    const closing = bytes[i] === 0x2d && bytes[i + 1] === 0x2d;
    if (closing) i += 2;
    while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
    let next: number;
    if (i >= end) {
      if (!closing) continue;
      next = end;
    } else if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) next = i + 2;
    else if (bytes[i] === 0x0a) next = i + 1;
    else continue;
    let lineStart = hit;
    if (hit > from && bytes[hit - 1] === 0x0a) lineStart = hit >= from + 2 && bytes[hit - 2] === 0x0d ? hit - 2 : hit - 1;
    return { lineStart, next, closing };
  }
}

/** How much of a body is read as text at a time: memory stays a few slices, whatever the file's size. */
const MEASURE_SLICE_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const EQUALS = 0x3d;

/**
 * Size and sha256 of a base64 body, decoded natively a slice of whole lines at a time; null unless
 * it is plainly base64: only the alphabet and CRLF or LF line ends, padding only at its very end, a
 * whole number of 4-character groups.
 *
 * No pattern runs over the body: the line ends are found by indexOf, and the decoder itself checks
 * the alphabet. Node's base64 decoder reads exactly the alphabet (and the URL-safe "-" and "_",
 * refused first) as data and skips anything else; so a stretch of 4n characters (bytes other than
 * line ends; a lone CR is one) decodes to 3n bytes, less its padding, only when every one of them
 * is base64. Decoding with the line ends in place spares a copy of each slice without them.
 */
function measureBase64(bytes: Buffer, start: number, end: number): LargePart | null {
  const hash = createHash('sha256');
  let size = 0;
  // Characters read but not decoded yet (less than a group), from `pendingFrom` on.
  let pending = 0;
  let pendingFrom = start;
  let padded = false;
  for (let at = start; at < end;) {
    // Slices end after a line feed, so a CRLF is never split between two of them (unless a line
    // is longer than a slice: a CR at a slice's end is then a lone CR, as the slice reads it).
    let sliceEnd = Math.min(end, at + MEASURE_SLICE_BYTES);
    if (sliceEnd < end) {
      const lastLf = bytes.lastIndexOf(LF, sliceEnd - 1);
      if (lastLf >= at) sliceEnd = lastLf + 1;
    }
    const sliceStart = at;
    const text = bytes.toString('latin1', sliceStart, sliceEnd);
    at = sliceEnd;
    const chars = text.length - lineEndBytes(text);
    if (chars === 0) continue;
    // Padding ends the data: nothing may follow it, in this slice or a later one.
    const pads = paddingAtEnd(text);
    if (padded || pads < 0 || text.includes('-') || text.includes('_')) return null;
    padded = pads > 0;
    const total = pending + chars;
    const groups = Math.floor(total / 4);
    pending = total % 4;
    if (groups === 0) continue;
    const cut = pending === 0 ? sliceEnd : sliceStart + startOfLastChars(text, pending);
    const encoded = pendingFrom === sliceStart && cut === sliceEnd ? text : bytes.toString('latin1', pendingFrom, cut);
    const decoded = Buffer.from(encoded, 'base64');
    // Padding left undecoded (in `pending`) fails at the end anyway, so it is counted here too.
    if (decoded.length !== groups * 3 - pads) return null;
    hash.update(decoded);
    size += decoded.length;
    pendingFrom = cut;
  }
  return pending === 0 ? { size, checksum: hash.digest('hex') } : null;
}

/** Is the character at `i` a line end: an LF, or a CR right before one? */
function isLineEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === LF || (c === CR && text.charCodeAt(i + 1) === LF);
}

/** How many bytes of `text` are line ends (LF, CRLF). */
function lineEndBytes(text: string): number {
  let count = 0;
  for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', lf + 1)) count += lf > 0 && text.charCodeAt(lf - 1) === CR ? 2 : 1;
  return count;
}

/** How many "=" end the characters of `text` (0, 1 or 2); -1 when one is followed by anything else, or more than two. */
function paddingAtEnd(text: string): number {
  const first = text.indexOf('=');
  if (first < 0) return 0;
  let pads = 0;
  for (let i = first; i < text.length; i++) {
    if (text.charCodeAt(i) === EQUALS) pads++;
    else if (!isLineEnd(text, i)) return -1;
  }
  return pads <= 2 ? pads : -1;
}

/** Where the last `count` characters of `text` (line ends aside) begin. */
function startOfLastChars(text: string, count: number): number {
  let i = text.length;
  for (let left = count; left > 0;) if (!isLineEnd(text, --i)) left--;
  return i;
}
