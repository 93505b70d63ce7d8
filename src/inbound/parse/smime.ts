// Opens opaque S/MIME mail (RFC 8551 3.5.2): a message whose whole content is one
// `application/pkcs7-mime` body holding a CMS structure (RFC 5652). Signed-data carries the real
// MIME entity inside it (not beside it, as multipart/signed does), so the entity is taken out and
// read as the message's content under the message's own header fields. The signature is not
// checked: the content is read as any unsigned mail is, and nothing says it was verified.
// Enveloped (encrypted) data cannot be read without the recipient's key; it is only recognised, so
// the stages can say so. Layers are opened one inside another (encrypted then signed, signed twice),
// up to a bound, and a pkcs7-mime body left unopened at the top is said to be so, for the same end.
// Pure: bytes in, bytes out, with a bounded walk of the BER/DER encoding.
import { splitHeaderBlock } from './repair.ts';

/** What the top of the mail is, as far as S/MIME goes. */
export type OpaqueSmime =
  | { kind: 'signed'; bytes: Buffer }
  | { kind: 'encrypted' }
  | null;

/**
 * How many S/MIME layers are opened, one inside another: mail encrypted then signed, or signed by
 * its sender and again by a gateway, is two; past this the mail is not opened further.
 */
export const MAX_SMIME_LAYERS = 3;

/**
 * The mail's opaque S/MIME layers opened, each inside the one before, up to MAX_SMIME_LAYERS:
 * `bytes` are the mail to read (the entity inside the last signature opened, under the outer header
 * fields, or the mail as it came); `signed` when a signature was opened; `encrypted` when a layer is
 * enveloped data; `unreadable` when the content is still a pkcs7-mime body that was not opened
 * (damaged, of a kind not read here, or nested deeper), so there is nothing of it to read.
 */
export function openSmimeLayers(bytes: Buffer): { bytes: Buffer; signed: boolean; encrypted: boolean; unreadable: boolean } {
  let current = bytes;
  let signed = false;
  for (let layer = 0; layer < MAX_SMIME_LAYERS; layer++) {
    const opened = openOpaqueSmime(current);
    if (opened?.kind === 'encrypted') return { bytes: current, signed, encrypted: true, unreadable: false };
    if (!opened) break;
    signed = true;
    current = opened.bytes;
  }
  return { bytes: current, signed, encrypted: false, unreadable: pkcs7ContentType(headerFields(splitHeaderBlock(current).header)) !== null };
}

/** How deep the BER walk goes, and how many elements it reads, before it gives up. */
const MAX_DEPTH = 24;
const MAX_ELEMENTS = 100_000;

const PKCS7_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);

// Object identifiers, as their DER content bytes.
const OID_SIGNED_DATA = Buffer.from('2a864886f70d010702', 'hex'); // 1.2.840.113549.1.7.2
const OID_ENVELOPED_DATA = Buffer.from('2a864886f70d010703', 'hex'); // 1.2.840.113549.1.7.3
const OID_AUTH_ENVELOPED_DATA = Buffer.from('2a864886f70d0109100117', 'hex'); // 1.2.840.113549.1.9.16.1.23
const OID_DATA = Buffer.from('2a864886f70d010701', 'hex'); // 1.2.840.113549.1.7.1

/** Header fields of the inner entity that describe its content; no other field of it is taken. */
const CONTENT_FIELD = /^content-/i;
/** Header fields of the outer message that describe the CMS body, replaced by the inner entity's. */
const OUTER_CONTENT_FIELD = /^content-(type|transfer-encoding|disposition|description|id|md5|length)$/i;

/**
 * The top-level S/MIME body of `bytes`: for opaque signed-data, the message with its content
 * replaced by the signed entity (the outer header fields kept, except those describing the CMS
 * body, plus the entity's own Content-* fields); for enveloped data, that it is encrypted; null for
 * anything else, or signed data that cannot be read (then the mail is parsed as it came).
 */
export function openOpaqueSmime(bytes: Buffer): OpaqueSmime {
  const { header, rest, eol } = splitHeaderBlock(bytes);
  const fields = headerFields(header);
  const contentType = pkcs7ContentType(fields);
  if (contentType === null) return null;
  const smimeType = smimeTypeOf(contentType);
  const encoding = fields.find((f) => f.name.toLowerCase() === 'content-transfer-encoding')?.value.trim().toLowerCase() ?? '7bit';
  const body = rest.subarray(rest.indexOf(eol.toString() + eol.toString()) === 0 ? eol.length * 2 : 0);
  const der = encoding === 'base64' ? Buffer.from(body.toString('latin1'), 'base64') : encoding === 'binary' ? body : null;
  const cms = der ? readContentInfo(der) : null;
  if (cms?.type === 'enveloped' || (!cms && (smimeType === 'enveloped-data' || smimeType === 'authenveloped-data'))) return { kind: 'encrypted' };
  if (cms?.type !== 'signed' || !cms.content) return null;
  const inner = entityOf(cms.content);
  const innerFields = headerFields(inner.header).filter((f) => CONTENT_FIELD.test(f.name));
  // An entity without a Content-Type is text/plain (RFC 2045 5.2), written as such so the outer one is not kept.
  if (!innerFields.some((f) => f.name.toLowerCase() === 'content-type')) innerFields.push({ name: 'Content-Type', value: 'text/plain; charset=us-ascii', raw: 'Content-Type: text/plain; charset=us-ascii' });
  const kept = fields.filter((f) => !OUTER_CONTENT_FIELD.test(f.name)).map((f) => f.raw);
  const headerText = [...kept, ...innerFields.map((f) => f.raw)].join('\r\n');
  return { kind: 'signed', bytes: Buffer.concat([Buffer.from(headerText, 'latin1'), inner.rest.length > 0 ? inner.rest : Buffer.from('\r\n\r\n')]) };
}

interface HeaderField { name: string; value: string; raw: string }

/** The Content-Type field's value when it names a pkcs7-mime body, else null. */
function pkcs7ContentType(fields: HeaderField[]): string | null {
  const value = fields.find((f) => f.name.toLowerCase() === 'content-type')?.value;
  return value !== undefined && PKCS7_TYPES.has(value.split(';')[0]!.trim().toLowerCase()) ? value : null;
}

/**
 * The entity's header block and the rest (from the blank line on). Content that does not open with
 * header fields (a bare text) is all body, under no header field.
 */
function entityOf(content: Buffer): { header: Buffer; rest: Buffer } {
  const split = splitHeaderBlock(content);
  const lines = split.header.toString('latin1').split(/\r?\n/);
  const isHeader = split.rest.length > 0 && lines.every((line, i) => (i > 0 && /^[ \t]/.test(line)) || /^[!-9;-~]+:/.test(line));
  return isHeader ? split : { header: Buffer.alloc(0), rest: Buffer.concat([Buffer.from('\r\n\r\n'), content]) };
}

/** The header block's fields, each with its folded lines as written (latin1, byte for byte). */
function headerFields(header: Buffer): HeaderField[] {
  const out: HeaderField[] = [];
  for (const line of header.toString('latin1').split(/\r?\n/)) {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.raw += `\r\n${line}`;
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim(), raw: line });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// A bounded BER reader: definite and indefinite lengths, constructed strings, nothing more.

interface Element {
  /** The identifier octet (class, constructed bit, tag number up to 30). */
  tag: number;
  constructed: boolean;
  /** Where the contents start, and end (before any end-of-contents octets). */
  start: number;
  end: number;
  /** The offset just after the whole element. */
  next: number;
}

interface Walk { buf: Buffer; elements: number }

/** The CMS ContentInfo: signed data with its encapsulated content (when it is id-data), or enveloped data. */
function readContentInfo(buf: Buffer): { type: 'signed'; content: Buffer | null } | { type: 'enveloped' } | null {
  try {
    const walk: Walk = { buf, elements: 0 };
    const info = readElement(walk, 0, buf.length, 0);
    if (!info || info.tag !== 0x30) return null;
    const [oid, explicit] = children(walk, info, 1, 2);
    if (!oid || oid.tag !== 0x06) return null;
    const type = buf.subarray(oid.start, oid.end);
    if (type.equals(OID_ENVELOPED_DATA) || type.equals(OID_AUTH_ENVELOPED_DATA)) return { type: 'enveloped' };
    if (!type.equals(OID_SIGNED_DATA) || !explicit || explicit.tag !== 0xa0) return null;
    const [signedData] = children(walk, explicit, 2, 1);
    if (!signedData || signedData.tag !== 0x30) return null;
    // SignedData: version, digestAlgorithms, encapContentInfo, ...
    const [, , encap] = children(walk, signedData, 3, 3);
    if (!encap || encap.tag !== 0x30) return null;
    const [eType, eContent] = children(walk, encap, 4, 2);
    if (!eType || eType.tag !== 0x06 || !buf.subarray(eType.start, eType.end).equals(OID_DATA)) return { type: 'signed', content: null };
    if (!eContent || eContent.tag !== 0xa0) return { type: 'signed', content: null };
    const [octets] = children(walk, eContent, 5, 1);
    if (!octets || (octets.tag & 0x1f) !== 0x04) return { type: 'signed', content: null };
    const chunks: Buffer[] = [];
    collectOctets(walk, octets, 6, chunks);
    return { type: 'signed', content: Buffer.concat(chunks) };
  } catch {
    return null;
  }
}

/** The first `count` children of a constructed element. */
function children(walk: Walk, parent: Element, depth: number, count: number): Element[] {
  const out: Element[] = [];
  if (!parent.constructed) return out;
  for (let at = parent.start; at < parent.end && out.length < count;) {
    const child = readElement(walk, at, parent.end, depth);
    if (!child) break;
    out.push(child);
    at = child.next;
  }
  return out;
}

/** The bytes of an OCTET STRING, primitive or built of primitive pieces (BER's chunked form). */
function collectOctets(walk: Walk, element: Element, depth: number, chunks: Buffer[]): void {
  if (!element.constructed) {
    chunks.push(walk.buf.subarray(element.start, element.end));
    return;
  }
  if (depth > MAX_DEPTH) throw new Error('too deep');
  for (let at = element.start; at < element.end;) {
    const piece = readElement(walk, at, element.end, depth + 1);
    if (!piece) throw new Error('bad octet string piece');
    if ((piece.tag & 0x1f) !== 0x04) throw new Error('not an octet string piece');
    collectOctets(walk, piece, depth + 1, chunks);
    at = piece.next;
  }
}

/**
 * The element at `at`, within `limit`; null at an end-of-contents marker. An indefinite length is
 * resolved by reading its children to their end-of-contents, within MAX_DEPTH and MAX_ELEMENTS.
 */
function readElement(walk: Walk, at: number, limit: number, depth: number): Element | null {
  if (depth > MAX_DEPTH) throw new Error('too deep');
  if (++walk.elements > MAX_ELEMENTS) throw new Error('too many elements');
  const { buf } = walk;
  if (at + 2 > limit) throw new Error('truncated');
  const tag = buf[at]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('high tag numbers are not read');
  const constructed = (tag & 0x20) !== 0;
  let pos = at + 1;
  const first = buf[pos++]!;
  if (tag === 0 && first === 0) return null;
  if (first < 0x80) return within({ tag, constructed, start: pos, end: pos + first, next: pos + first }, limit);
  const octets = first & 0x7f;
  if (octets === 0) {
    if (!constructed) throw new Error('indefinite primitive');
    let child = pos;
    for (;;) {
      if (child + 2 > limit) throw new Error('no end of contents');
      if (buf[child] === 0 && buf[child + 1] === 0) return { tag, constructed, start: pos, end: child, next: child + 2 };
      const element = readElement(walk, child, limit, depth + 1);
      if (!element) throw new Error('bad element');
      child = element.next;
    }
  }
  if (octets > 4 || pos + octets > limit) throw new Error('length too long');
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + buf[pos++]!;
  return within({ tag, constructed, start: pos, end: pos + length, next: pos + length }, limit);
}

function within(element: Element, limit: number): Element {
  if (element.end > limit) throw new Error('element runs past its container');
  return element;
}

/** The `smime-type` parameter of a Content-Type value (lower case), or null: read by splitting, so no pattern backtracks over a long header. */
function smimeTypeOf(contentType: string): string | null {
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'smime-type') continue;
    const value = param.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
    return /^[a-z-]+$/.test(value) ? value : null;
  }
  return null;
}
