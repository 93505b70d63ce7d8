// Repairs before mailparser sees the bytes: bare-CR line endings, giant header lines and
// raw 8-bit headers in legacy charsets (the charset sniffed from the text itself).

/** A header line longer than this is cut (RFC 5322 allows 998 characters; we are generous). */
export const MAX_HEADER_LINE_BYTES = 64 * 1024;
/** Header lines past this many bytes of header block are dropped (mailparser refuses 1 MiB per MIME node). */
export const MAX_HEADER_BLOCK_BYTES = 512 * 1024;

interface Repaired {
  bytes: Buffer;
  anomalies: string[];
}

const CR = 0x0d;
const LF = 0x0a;

/** Fixes line endings, cuts giant header lines and transcodes raw 8-bit headers to UTF-8. */
export function repairRaw(input: Buffer): Repaired {
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
  // Read only for a line that needs it (raw 8-bit bytes that are not UTF-8): finding it decodes
  // up to 256 KB of the message as text, which nearly every message never needs.
  let charsetHint: string | null | undefined;
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
      if (charsetHint === undefined) charsetHint = charsetHintOf(bytes);
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
export function splitHeaderBlock(bytes: Buffer): { header: Buffer; rest: Buffer; eol: Buffer } {
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
