// Decides what part of an incoming reply becomes the note: the text the person typed, without
// quoted history, signatures, device lines, disclaimers or our own "reply above" marker.
// Inline answers are kept in order, one blank line apart. HTML-only mail is read as text first.
// Pure and total: never throws, and runs in time linear in the body (regexes see bounded slices).
// The conventions are ../shared/notes/reply-conventions.md.
import { REPLY_ABOVE_MARKER } from './reply-marker.ts';
import { limitText } from './text-limits.ts';
import { htmlToText, isDefaultRenderingOf, QUOTE_CUT_LINE } from './reply/html-text.ts';
import { findQuoteBoundaryAt } from './reply/quote-headers.ts';
import { isQuoteLine, looksTypedNotQuoted, wrapContinuationEnd } from './reply/quote-lines.ts';
import { isDeviceLine, isSignatureDelimiter, stripImagePlaceholders, stripTrailingJunk } from './reply/signature.ts';

export interface ReplyText {
  /** What the person wrote: the note. */
  replyText: string;
  /** Everything that was stripped, in order (for `tickets show --full`). */
  quoted: string;
}

/** Bodies longer than this are read only this far; the rest counts as quoted. */
const MAX_TEXT_CHARS = 1_000_000;
// The marker as clients may re-wrap or re-quote it: its words are enough.
const MARKER_WORDS = REPLY_ABOVE_MARKER.replace(/^[#\s-]+|[#\s-]+$/g, '').toLowerCase();

export function extractReplyText(input: { text: string; html: string | null }): ReplyText {
  try {
    const text = typeof input.text === 'string' ? input.text : '';
    const html = typeof input.html === 'string' ? input.html : null;
    let source = text;
    // HTML-only mail: the parser's made-up text part shows link targets and bullets; read the HTML.
    if (html !== null && (text.trim() === '' || isDefaultRenderingOf(text, html))) {
      const visible = htmlToText(html);
      if (visible.trim() !== '' || text.trim() === '') source = visible;
    }
    return splitReply(limitText(source));
  } catch {
    // Extraction must not stop a message from becoming a note: keep the whole body.
    const whole = typeof input.text === 'string' ? input.text.trim() : '';
    return { replyText: whole, quoted: '' };
  }
}

interface OwnLine {
  index: number;
  text: string;
}

function splitReply(raw: string): ReplyText {
  const normal = raw.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
  const head = normal.length > MAX_TEXT_CHARS ? normal.slice(0, MAX_TEXT_CHARS) : normal;
  const tail = head.length < normal.length ? normal.slice(head.length) : '';
  const lines = head.split('\n');

  const own = findOwnLines(lines);
  // Blocks of own text separated by quotes come out one blank line apart.
  const joined: Array<OwnLine & { original: string }> = [];
  let last = -2;
  for (const line of own) {
    if (joined.length > 0 && line.index > last + 1) joined.push({ index: -1, text: '', original: '' });
    joined.push({ index: line.index, text: stripImagePlaceholders(line.text), original: line.text });
    last = line.index;
  }
  // A line that held only an image placeholder goes entirely.
  const entries = joined.filter((line) => line.text.trim() !== '' || line.original.trim() === '');
  const kept = stripTrailingJunk(entries.map((line) => line.text));
  const keptLines = entries.slice(0, kept.length);

  const replyText = collapseBlankRuns(kept).join('\n').trim();
  const keptIndex = new Set(keptLines.filter((line) => line.text === lines[line.index]).map((line) => line.index));
  const quotedLines = lines.filter((line, i) => !keptIndex.has(i) && line !== QUOTE_CUT_LINE);
  const quoted = (collapseBlankRuns(quotedLines).join('\n') + tail).trim();
  return { replyText, quoted };
}

/** Which lines the person typed, top to bottom; a header sharing a line keeps its own part. */
function findOwnLines(lines: readonly string[]): OwnLine[] {
  const markerWords = MARKER_WORDS;
  let limit = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === QUOTE_CUT_LINE || (line.length < 300 && isMarkerStart(line, lines[i + 1], markerWords))) {
      limit = i;
      break;
    }
  }
  let quoteLineCount = 0;
  for (let i = 0; i < limit; i++) if (isQuoteLine(lines[i] ?? '')) quoteLineCount++;

  const own: OwnLine[] = [];
  let sawOwnText = false;
  // True while only blank lines separate us from an attribution: its "> " lines are quoting.
  let afterHeader: boolean = false;
  let i = 0;
  while (i < limit) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      own.push({ index: i, text: line });
      i++;
      continue;
    }
    const rightAfterHeader: boolean = afterHeader;
    afterHeader = false;
    if (isQuoteLine(line)) {
      afterHeader = rightAfterHeader;
      if (!rightAfterHeader && looksTypedNotQuoted(lines, i, quoteLineCount)) {
        own.push({ index: i, text: line });
        sawOwnText = true;
      }
      i++;
      continue;
    }
    const continuationEnd = wrapContinuationEnd(lines, i);
    if (continuationEnd >= i) {
      i = continuationEnd + 1;
      continue;
    }
    const boundary = findQuoteBoundaryAt(lines, i);
    if (boundary) {
      if (boundary.kind === 'forward' && !sawOwnText) {
        // A forward with nothing typed above it is what the person sent us: keep it whole.
        for (let k = i; k < limit; k++) own.push({ index: k, text: lines[k] ?? '' });
        return own;
      }
      if (boundary.kind === 'attribution') {
        let next = boundary.end + 1;
        while (next < limit && (lines[next] ?? '').trim() === '') next++;
        const quoteFollows = next >= limit || isQuoteLine(lines[next] ?? '');
        const usable = !boundary.weak || (quoteFollows && next < limit && sawOwnText);
        if (usable && boundary.ownPrefix) own.push({ index: i, text: boundary.ownPrefix });
        if (usable && quoteFollows) {
          afterHeader = true;
          i = boundary.end + 1;
          continue;
        }
        if (usable) return own;
      } else {
        return own;
      }
    }
    if (isSignatureDelimiter(line) || isDeviceLine(line)) return own;
    own.push({ index: i, text: line });
    sawOwnText = true;
    i++;
  }
  return own;
}

/** Our marker on this line, or starting here and re-wrapped onto the next ("... your reply" / "above this line -##"). */
function isMarkerStart(line: string, next: string | undefined, markerWords: string): boolean {
  const bare = (l: string): string => l.replace(/^[\s>]+/, '').replace(/\s+/g, ' ').trim().toLowerCase();
  const here = bare(line);
  if (here.includes(markerWords)) return true;
  if (next === undefined || here === '' || !/^#+-/.test(here) || next.length > 300) return false;
  return `${here} ${bare(next)}`.includes(markerWords);
}

function collapseBlankRuns(lines: readonly string[]): string[] {
  const out: string[] = [];
  let blanks = 0;
  for (const line of lines) {
    if (line.trim() === '') {
      blanks++;
      if (blanks > 1) continue;
      out.push('');
    } else {
      blanks = 0;
      out.push(line.trimEnd());
    }
  }
  return out;
}
