// Bounds the text every later stage reads, before any pattern sees it: the body is cut at a length
// no person types, each line at a length no client wraps to, and runs of one repeated character
// (spaces, dots, ">" markers, dashes), of digits, or of mixed whitespace are shortened. Patterns then see
// short runs and short lines, so their cost stays linear in the body. Pure; linear in its input.
// The raw message keeps every byte; only what the text stages read is bounded.
import type { ParsedMessage } from './types.ts';

/** Body text read by the stages; the rest is left to the raw message. */
export const MAX_BODY_CHARS = 512 * 1024;
/** HTML read by the stages (markup is heavier than its text). */
export const MAX_HTML_CHARS = 1024 * 1024;
/** A longer line is broken: no mail client writes one, and patterns scan a line at a time. */
export const MAX_LINE_CHARS = 4_000;
/** Runs of one character longer than this are shortened to it (separator lines are at most a line wide, 76-80). */
export const MAX_RUN_CHARS = 100;

export interface TextLimitReport {
  /** True when anything was cut or shortened. */
  limited: boolean;
}

/**
 * The text as the stages read it. Idempotent: limiting a limited text changes nothing.
 * Newlines are kept as they are (`\r\n` included) except inside an over-long whitespace run.
 */
export function limitText(text: string, maxChars: number = MAX_BODY_CHARS): string {
  if (typeof text !== 'string' || text === '') return '';
  const head = text.length > maxChars ? text.slice(0, maxChars) : text;
  // Most text is within the limits already: a quick look says so without the four scans below.
  if (!hasLongLine(head) && !hasLongRun(head, true)) return head;
  return breakLongLines(shortenDigitRuns(shortenCharRuns(shortenSpaceRuns(head))));
}

/** Is a line (counted between '\n's) over MAX_LINE_CHARS? */
function hasLongLine(text: string): boolean {
  let start = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
    if (newline - start > MAX_LINE_CHARS) return true;
    start = newline + 1;
  }
  return text.length - start > MAX_LINE_CHARS;
}

/** How far apart hasLongRun reads characters: half a run the steps below shorten. */
const RUN_SAMPLE = MAX_RUN_CHARS / 2;

/**
 * Is there a run the steps below would shorten: of one character, of whitespace or (`digits`) of
 * digits, over MAX_RUN_CHARS? Such a run holds two characters RUN_SAMPLE apart at multiples of
 * RUN_SAMPLE, so only such pairs are read, and only a pair that could lie in one run (the same
 * character, both whitespace, both digits) is measured. Exact, and for most text a look at one
 * character in fifty.
 */
function hasLongRun(text: string, digits: boolean): boolean {
  for (let at = RUN_SAMPLE; at < text.length; at += RUN_SAMPLE) {
    const before = text.charCodeAt(at - RUN_SAMPLE);
    const here = text.charCodeAt(at);
    if (before === here && runAround(text, at, (c) => c === here) > MAX_RUN_CHARS) return true;
    if (isSpace(before) && isSpace(here) && runAround(text, at, isSpace) > MAX_RUN_CHARS) return true;
    if (digits && isDigit(before) && isDigit(here) && runAround(text, at, isDigit) > MAX_RUN_CHARS) return true;
  }
  return false;
}

/** The length of the run of characters `inRun` accepts around `at`. */
function runAround(text: string, at: number, inRun: (c: number) => boolean): number {
  let start = at;
  while (start > 0 && inRun(text.charCodeAt(start - 1))) start--;
  let end = at + 1;
  while (end < text.length && inRun(text.charCodeAt(end))) end++;
  return end - start;
}

// Each step below is one scan by offsets that returns its input when it changes nothing (most
// mail), and otherwise copies only the kept stretches, once. Regular expressions did the same
// work but made a string per run and per line, which grew faster than the text on large bodies.

/** Stretches of `text` glued together once, or `text` itself when nothing was cut. */
class Rebuild {
  private readonly parts: string[] = [];
  private copiedTo = 0;
  constructor(private readonly text: string) {}
  /** Keeps text up to `keepTo`, then `insert`, and skips to `resumeAt`. */
  replace(keepTo: number, insert: string, resumeAt: number): void {
    if (keepTo > this.copiedTo) this.parts.push(this.text.slice(this.copiedTo, keepTo));
    if (insert !== '') this.parts.push(insert);
    this.copiedTo = resumeAt;
  }
  result(): string {
    if (this.parts.length === 0 && this.copiedTo === 0) return this.text;
    if (this.copiedTo < this.text.length) this.parts.push(this.text.slice(this.copiedTo));
    return this.parts.join('');
  }
}

/** What `\s` matches in a regular expression without the `u` flag. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whitespace runs over MAX_RUN_CHARS keep their paragraph structure (one or two line breaks) and nothing else. */
function shortenSpaceRuns(text: string): string {
  const out = new Rebuild(text);
  for (let i = 0; i < text.length; ) {
    if (!isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    if (j - i > MAX_RUN_CHARS) {
      let newlines = 0;
      for (let k = i; k < j && newlines < 2; k++) if (text.charCodeAt(k) === 10) newlines++;
      out.replace(i, newlines === 0 ? ' '.repeat(MAX_RUN_CHARS) : '\n'.repeat(newlines), j);
    }
    i = j;
  }
  return out.result();
}

/** Runs of one non-space character (one UTF-16 unit) over MAX_RUN_CHARS are cut to MAX_RUN_CHARS. */
function shortenCharRuns(text: string): string {
  const out = new Rebuild(text);
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) === c) j++;
    if (j - i > MAX_RUN_CHARS && !isSpace(c)) out.replace(i + MAX_RUN_CHARS, '', j);
    i = j;
  }
  return out.result();
}

// No number, ID or reference in mail is this long; patterns such as "\d+ beds" rescan digit runs.
function shortenDigitRuns(text: string): string {
  const out = new Rebuild(text);
  for (let i = 0; i < text.length; ) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && isDigit(text.charCodeAt(j))) j++;
    if (j - i > MAX_RUN_CHARS) out.replace(i + MAX_RUN_CHARS, '', j);
    i = j;
  }
  return out.result();
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Lines over MAX_LINE_CHARS (counted between '\n's) are broken every MAX_LINE_CHARS characters. */
function breakLongLines(text: string): string {
  const out = new Rebuild(text);
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    for (let at = start + MAX_LINE_CHARS; at < end; at += MAX_LINE_CHARS) out.replace(at, '\n', at);
    start = end + 1;
  }
  return out.result();
}

/** Whether the text would be changed by `limitText` (for the quarantine reason and logs). */
export function isOverLimits(text: string, maxChars: number = MAX_BODY_CHARS): boolean {
  return typeof text === 'string' && text !== '' && limitText(text, maxChars) !== text;
}

/** A parsed message as the stages read it: body, HTML and subject within the limits above. */
export function limitMessageText(msg: ParsedMessage): ParsedMessage {
  const html = typeof msg.html === 'string' ? limitHtml(msg.html) : msg.html;
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(msg.headers ?? {})) {
    headers[name] = values.slice(0, MAX_HEADER_VALUES).map((value) => limitHtml(value.slice(0, MAX_HEADER_CHARS)));
  }
  // A delivery report's status fields and returned headers are a few kilobytes; more is not a report's.
  const report = (part: string | null | undefined) => (typeof part === 'string' && part.length > MAX_REPORT_PART_CHARS ? part.slice(0, MAX_REPORT_PART_CHARS) : part);
  return {
    ...msg, text: limitText(msg.text), html, headers, subject: limitText(msg.subject ?? '', MAX_SUBJECT_CHARS).replace(/\n/g, ' '),
    ...(msg.deliveryStatus !== undefined ? { deliveryStatus: report(msg.deliveryStatus) } : {}),
    ...(msg.returnedHeaders !== undefined ? { returnedHeaders: report(msg.returnedHeaders) } : {}),
  };
}

/** The most of a delivery report's status part, and of its returned headers, that is read. */
export const MAX_REPORT_PART_CHARS = 64 * 1024;

/** A header value longer than this is cut (References of a long thread stay well under it). */
export const MAX_HEADER_CHARS = 32 * 1024;
/** More copies of one header than this are ignored (Received chains are a few dozen). */
export const MAX_HEADER_VALUES = 200;

/** Subjects are single header lines; RFC 5322 caps a line at 998 characters. */
export const MAX_SUBJECT_CHARS = 998;

// HTML keeps its lines (breaking one could split a tag); its length and its runs are bounded.
function limitHtml(html: string): string {
  const head = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  if (!hasLongRun(head, false)) return head;
  return shortenCharRuns(shortenSpaceRuns(head));
}

/** Classification reads the start of a request: what it is about is said there, and rules scan less. */
export const MAX_INTAKE_CHARS = 64 * 1024;

