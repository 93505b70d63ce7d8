// Reads Outlook's TNEF (MS-OXTNEF): the `application/ms-tnef` part, mostly named winmail.dat, in
// which Outlook and Exchange send a message's body and files when they think the other side is
// Outlook too. Only what a request needs is read: the plain body (attBody, or PR_BODY among the
// message's MAPI properties), the HTML body (PR_HTML / PR_BODY_HTML) and each attached file (its
// name, type and bytes). Compressed RTF is not read. Every length is checked against the bytes
// left and every count is capped, so hostile input ends the read, never the process. Pure.
import { createHash } from 'node:crypto';
import type { AttachmentInfo } from '../types.ts';
import { SMALL_PART_BYTES } from './stream.ts';

/** A file carried inside the TNEF stream. */
export interface TnefFile {
  filename: string;
  contentType: string | null;
  content: Buffer;
}

export interface TnefContent {
  /** The plain body, or null when it holds none. */
  text: string | null;
  /** The HTML body, or null. */
  html: string | null;
  files: TnefFile[];
}

const SIGNATURE = 0x223e9f78;
const LVL_MESSAGE = 1;
const LVL_ATTACHMENT = 2;

// Attributes (id and type in one 32-bit word, as written).
const ATT_BODY = 0x0002800c;
const ATT_MAPI_PROPS = 0x00069003;
const ATT_OEM_CODEPAGE = 0x00069007;
const ATT_ATTACH_REND_DATA = 0x00069002;
const ATT_ATTACH_TITLE = 0x00018010;
const ATT_ATTACH_DATA = 0x0006800f;
const ATT_ATTACHMENT = 0x00069005;

// MAPI property ids.
const PR_BODY = 0x1000;
const PR_HTML = 0x1013;
const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;

// MAPI property types.
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;
/** The fixed sizes of the other types, as written (values under 4 bytes are padded to 4). */
const FIXED_SIZES: Record<number, number> = {
  0x0001: 0, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8,
  0x000a: 4, 0x000b: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16,
};

/** Caps: attributes in the stream, properties in one list, values of one property and of a list, files. */
const MAX_ATTRIBUTES = 10_000;
const MAX_PROPERTIES = 5_000;
const MAX_VALUES = 1_000;
const MAX_LIST_VALUES = 20_000;
const MAX_FILES = 50;

/** Is this part a TNEF stream: its type says so, or it is winmail.dat, and its bytes open with the signature? */
export function isTnef(part: { contentType: string; filename: string; content?: Buffer }): boolean {
  const named = /^application\/(vnd\.)?ms-tnef$/.test(part.contentType) || /^winmail\.dat$/i.test(part.filename);
  return named && part.content !== undefined && part.content.length >= 6 && part.content.readUInt32LE(0) === SIGNATURE;
}

/** A message's readable content, as the parse stage gives it. */
export interface MessageContent {
  text: string;
  html: string | null;
  attachments: AttachmentInfo[];
}

/**
 * The message's content with its TNEF part opened, or null when it has none that can be read. Only
 * a part of at most SMALL_PART_BYTES is read, whether the parse keeps larger parts' bytes or not, so
 * every parse of one mail (the worker's, and the one that reads a stored file back) gives the same
 * files. The TNEF body becomes the text: in place of
 * a text part that is empty or only repeats it, under one that says something else. The files it
 * carries take the TNEF part's place among the attachments, found again by a part id under its own.
 */
export function withTnefContent(message: MessageContent): MessageContent | null {
  const part = message.attachments.find((a) => isTnef(a));
  const tnef = part?.content && part.content.length <= SMALL_PART_BYTES ? readTnef(part.content) : null;
  if (!part || !tnef || (tnef.text === null && tnef.html === null && tnef.files.length === 0)) return null;
  const outer = message.text.trim();
  const text = tnef.text === null ? message.text
    : outer === '' || squash(tnef.text).includes(squash(outer)) ? tnef.text
    : `${message.text.trimEnd()}\n\n${tnef.text}`;
  const files = tnef.files.map((f, i): AttachmentInfo => ({
    filename: f.filename,
    contentType: f.contentType ?? 'application/octet-stream',
    size: f.content.length,
    checksum: createHash('sha256').update(f.content).digest('hex'),
    contentId: null,
    inline: false,
    content: f.content,
    partId: `${part.partId ?? '1'}.tnef.${i + 1}`,
    disposition: 'attachment',
    hasOwnFilename: true,
  }));
  const attachments = message.attachments.flatMap((a) => (a === part ? files : [a]));
  return { text, html: message.html ?? tnef.html, attachments };
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The body and files of a TNEF stream, or null when it is not one or cannot be read. */
export function readTnef(buf: Buffer): TnefContent | null {
  try {
    return read(buf);
  } catch {
    return null;
  }
}

interface FileDraft { title: string | null; longName: string | null; mimeTag: string | null; data: Buffer | null }

function read(buf: Buffer): TnefContent | null {
  if (buf.length < 6 || buf.readUInt32LE(0) !== SIGNATURE) return null;
  let at = 6;
  let codepage = 1252;
  let attBody: Buffer | null = null;
  let body: string | null = null;
  let html: string | null = null;
  const drafts: FileDraft[] = [];
  for (let count = 0; at < buf.length; count++) {
    if (count >= MAX_ATTRIBUTES) throw new Error('too many attributes');
    need(buf, at, 9);
    const level = buf[at]!;
    const id = buf.readUInt32LE(at + 1);
    const length = buf.readUInt32LE(at + 5);
    const start = at + 9;
    need(buf, start, length + 2); // the data and its checksum
    const data = buf.subarray(start, start + length);
    at = start + length + 2;
    if (level === LVL_MESSAGE) {
      if (id === ATT_OEM_CODEPAGE && length >= 4) codepage = data.readUInt32LE(0);
      else if (id === ATT_BODY) attBody = data;
      else if (id === ATT_MAPI_PROPS) {
        for (const p of readProperties(data)) {
          if (p.id === PR_BODY && body === null) body = stringOf(p, codepage);
          else if (p.id === PR_HTML && html === null) html = p.type === PT_BINARY ? decode(p.value, codepage) : stringOf(p, codepage);
        }
      }
    } else if (level === LVL_ATTACHMENT) {
      if (id === ATT_ATTACH_REND_DATA) {
        if (drafts.length >= MAX_FILES) break;
        drafts.push({ title: null, longName: null, mimeTag: null, data: null });
        continue;
      }
      const draft = drafts[drafts.length - 1];
      if (!draft) continue;
      if (id === ATT_ATTACH_TITLE) draft.title = cString(decode(data, codepage));
      else if (id === ATT_ATTACH_DATA) draft.data = data;
      else if (id === ATT_ATTACHMENT) {
        for (const p of readProperties(data)) {
          if (p.id === PR_ATTACH_LONG_FILENAME) draft.longName = stringOf(p, codepage);
          else if (p.id === PR_ATTACH_FILENAME && !draft.title) draft.title = stringOf(p, codepage);
          else if (p.id === PR_ATTACH_MIME_TAG) draft.mimeTag = stringOf(p, codepage);
          else if (p.id === PR_ATTACH_DATA && p.type === PT_BINARY && !draft.data) draft.data = p.value;
        }
      }
    }
  }
  const text = (body ?? (attBody ? cString(decode(attBody, codepage)) : null))?.replace(/\r\n?/g, '\n') ?? null;
  const files = drafts
    .filter((d): d is FileDraft & { data: Buffer } => d.data !== null)
    .map((d, i) => ({ filename: cleanName(d.longName || d.title || `attachment-${i + 1}.bin`), contentType: d.mimeTag?.trim().toLowerCase() || null, content: d.data }));
  return { text: text && text.trim() !== '' ? text : null, html: html && html.trim() !== '' ? html : null, files };
}

interface Property { id: number; type: number; value: Buffer }

/** A MAPI property list (MS-OXTNEF 2.1.3.4): the first value of each property, as bytes. */
function readProperties(buf: Buffer): Property[] {
  need(buf, 0, 4);
  const count = buf.readUInt32LE(0);
  if (count > MAX_PROPERTIES) throw new Error('too many properties');
  const out: Property[] = [];
  let at = 4;
  let total = 0;
  for (let i = 0; i < count; i++) {
    need(buf, at, 4);
    const type = buf.readUInt16LE(at);
    const id = buf.readUInt16LE(at + 2);
    at += 4;
    if (id >= 0x8000) {
      // A named property: its GUID, then a number or a name.
      need(buf, at, 20);
      const kind = buf.readUInt32LE(at + 16);
      at += 20;
      if (kind === 0) at += 4;
      else {
        need(buf, at, 4);
        at += 4 + padded(buf.readUInt32LE(at));
      }
    }
    const base = type & ~MV_FLAG;
    const variable = base === PT_STRING8 || base === PT_UNICODE || base === PT_BINARY || base === PT_OBJECT;
    let values = 1;
    if ((type & MV_FLAG) !== 0 || variable) {
      need(buf, at, 4);
      values = buf.readUInt32LE(at);
      at += 4;
      if (values > MAX_VALUES) throw new Error('too many values');
    }
    total += values;
    if (total > MAX_LIST_VALUES) throw new Error('too many values');
    let first: Buffer | null = null;
    for (let v = 0; v < values; v++) {
      let value: Buffer;
      if (variable) {
        need(buf, at, 4);
        const length = buf.readUInt32LE(at);
        need(buf, at + 4, length);
        value = buf.subarray(at + 4, at + 4 + length);
        at += 4 + padded(length);
      } else {
        const size = FIXED_SIZES[base];
        if (size === undefined) throw new Error('unknown property type');
        need(buf, at, size);
        value = buf.subarray(at, at + size);
        at += size;
      }
      first ??= value;
    }
    if (first) out.push({ id, type: base, value: first });
  }
  return out;
}

/** A string property's text: UTF-16 for PT_UNICODE, the message's code page for PT_STRING8. */
function stringOf(p: Property, codepage: number): string | null {
  if (p.type === PT_UNICODE) return cString(p.value.toString('utf16le'));
  if (p.type === PT_STRING8) return cString(decode(p.value, codepage));
  return null;
}

function decode(bytes: Buffer, codepage: number): string {
  const label = codepage === 65001 ? 'utf-8' : codepage === 20127 ? 'us-ascii' : `windows-${codepage}`;
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The text up to its first NUL (strings are written with their terminator). */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}

/** A file name without path or control characters. */
function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const base = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop()!.trim();
  return base || 'attachment.bin';
}

const padded = (n: number): number => Math.ceil(n / 4) * 4;

function need(buf: Buffer, at: number, length: number): void {
  if (length < 0 || at + length > buf.length) throw new Error('truncated');
}
