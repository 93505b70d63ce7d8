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
  // Each expression below consumes what it matches and re-scans at most MAX_RUN_CHARS per position.
  const runs = head
    .replace(LONG_SPACE_RUN, shortenSpace)
    .replace(LONG_CHAR_RUN, (run: string) => run.slice(0, MAX_RUN_CHARS))
    .replace(LONG_DIGIT_RUN, (run: string) => run.slice(0, MAX_RUN_CHARS));
  if (!hasLongLine(runs)) return runs;
  const lines = runs.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length <= MAX_LINE_CHARS) continue;
    const pieces: string[] = [];
    for (let at = 0; at < line.length; at += MAX_LINE_CHARS) pieces.push(line.slice(at, at + MAX_LINE_CHARS));
    lines[i] = pieces.join('\n');
  }
  return lines.join('\n');
}

// Scans for a line over MAX_LINE_CHARS without cutting the text into lines: most bodies have none,
// and one string per line costs far more than the scan on tens of thousands of short lines.
function hasLongLine(text: string): boolean {
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if ((end < 0 ? text.length : end) - start > MAX_LINE_CHARS) return true;
    if (end < 0) return false;
    start = end + 1;
  }
}

const LONG_SPACE_RUN = new RegExp(`\\s{${MAX_RUN_CHARS + 1},}`, 'g');
const LONG_CHAR_RUN = new RegExp(`(\\S)\\1{${MAX_RUN_CHARS},}`, 'g');
// No number, ID or reference in mail is this long; patterns such as "\d+ beds" rescan digit runs.
const LONG_DIGIT_RUN = new RegExp(`\\d{${MAX_RUN_CHARS + 1},}`, 'g');

/** Whether the text would be changed by `limitText` (for the quarantine reason and logs). */
export function isOverLimits(text: string, maxChars: number = MAX_BODY_CHARS): boolean {
  return typeof text === 'string' && text !== '' && limitText(text, maxChars) !== text;
}

// A long whitespace run keeps its paragraph structure (one or two line breaks) and nothing else.
function shortenSpace(run: string): string {
  let newlines = 0;
  for (let k = 0; k < run.length && newlines < 2; k++) if (run.charCodeAt(k) === 10) newlines++;
  return newlines === 0 ? ' '.repeat(MAX_RUN_CHARS) : '\n'.repeat(newlines);
}

/** A parsed message as the stages read it: body, HTML and subject within the limits above. */
export function limitMessageText(msg: ParsedMessage): ParsedMessage {
  const html = typeof msg.html === 'string' ? limitHtml(msg.html) : msg.html;
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(msg.headers ?? {})) {
    headers[name] = values.slice(0, MAX_HEADER_VALUES).map((value) => limitHtml(value.slice(0, MAX_HEADER_CHARS)));
  }
  return { ...msg, text: limitText(msg.text), html, headers, subject: limitText(msg.subject ?? '', MAX_SUBJECT_CHARS).replace(/\n/g, ' ') };
}

/** A header value longer than this is cut (References of a long thread stay well under it). */
export const MAX_HEADER_CHARS = 32 * 1024;
/** More copies of one header than this are ignored (Received chains are a few dozen). */
export const MAX_HEADER_VALUES = 200;

/** Subjects are single header lines; RFC 5322 caps a line at 998 characters. */
export const MAX_SUBJECT_CHARS = 998;

// HTML keeps its lines (breaking one could split a tag); its length and its runs are bounded.
function limitHtml(html: string): string {
  const head = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  return head.replace(LONG_SPACE_RUN, shortenSpace).replace(LONG_CHAR_RUN, (run: string) => run.slice(0, MAX_RUN_CHARS));
}

/** Classification reads the start of a request: what it is about is said there, and rules scan less. */
export const MAX_INTAKE_CHARS = 64 * 1024;

