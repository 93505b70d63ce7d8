// Decides what part of an incoming reply becomes the note: the text the person typed, without
// quoted history, signatures, device lines, disclaimers or our own "reply above" marker.
// Structure before words: the HTML part's own quote containers and the text part's quote markers
// are both read and cross-checked (./reply/cross-check.ts); inline answers are kept in order, one
// blank line apart, without the questions they answer. Every cut says which rule made it and where.
// Pure and total: never throws, and runs in time linear in the body (regexes see bounded slices).
// The conventions are ../shared/notes/reply-conventions.md.
import { REPLY_ABOVE_MARKER } from './reply-marker.ts';
import { chooseReading } from './reply/cross-check.ts';
import { ANSWER_MARK, defaultRenderingMatch, htmlToText, QUOTE_CUT_LINE, SIGNATURE_END_LINE, SIGNATURE_START_LINE, withoutMarks } from './reply/html-text.ts';
import { blankSignatureContainers } from './reply/signature-container.ts';
import { limitText } from './text-limits.ts';
import { findGroupWiseHeaderAt, findQuoteBoundaryAt } from './reply/quote-headers.ts';
import { isQuoteLine, looksTypedNotQuoted, wrapContinuationEnd } from './reply/quote-lines.ts';
import { sentMailWords, typedIntoOwnMail, type SentMailWords } from './reply/own-mail-lines.ts';
import { dropRulesFacingQuotes, isDeviceLine, isRuleLine, isSignatureDelimiter, stripImagePlaceholders, stripTrailingJunk, type TrailingCut } from './reply/signature.ts';

export type { CutRule, ForwardedPart, Reading, ReplyCut, ReplyText } from './reply/reading.ts';
import type { CutRule, ForwardedPart, Reading, ReplyText } from './reply/reading.ts';

/** Bodies longer than this are read only this far; the rest counts as quoted. */
const MAX_TEXT_CHARS = 1_000_000;
/**
 * Nor are more lines than this read line by line (an answer below them is still found: see
 * answerBelowLimit), and tens of thousands of one-line strings cost several times more per line than a few thousand
 * (the memory they take outgrows the processor's caches), so an unbounded count grew faster than the text.
 */
const MAX_READ_LINES = 10_000;
// The marker as clients may re-wrap or re-quote it: its words are enough.
const MARKER_WORDS = REPLY_ABOVE_MARKER.replace(/^[#\s-]+|[#\s-]+$/g, '').toLowerCase();

/**
 * Readings of one message's text parts, by text, shared by the stages that read them: the mail kind
 * reads the message's own words (its text part, up to 8 KB: kind/body-signs.ts) and the reply stage
 * then reads the same text part, for most mail the same string. A reading is never changed once
 * made (publicView and chooseReading make new objects), so one serves both. Made per message.
 */
export type TextPartReadings = Map<string, Reading>;

function readTextPart(text: string, readings: TextPartReadings | undefined): Reading {
  const known = readings?.get(text);
  if (known) return known;
  const reading = readBody(text, 'text');
  readings?.set(text, reading);
  return reading;
}

/**
 * `sentText`: the text of our status mail that the message answers, when it is known (the pipeline
 * asks the store after finding the ticket). Where the message quotes that mail without "> " marks,
 * the lines in it that are not ours are answers the person typed into it, and join the note.
 */
/** Does the quoted part of a reading hold our reply marker (our status mail, quoted in some way)? */
export function quotesOwnMarker(quoted: string): boolean {
  // The marker opens our mail, near the top of what is quoted; its words, as the lines read them.
  return quoted.slice(0, 200_000).replace(/\s+/g, ' ').toLowerCase().includes(MARKER_WORDS);
}

export function extractReplyText(input: { text: string; html: string | null }, readings?: TextPartReadings, sentText?: string | null): ReplyText {
  try {
    const sent = typeof sentText === 'string' ? sentMailWords(sentText) : null;
    // A reading made knowing our mail is no reading of the text part alone: not shared.
    if (sent) readings = undefined;
    const text = limitText(typeof input.text === 'string' ? input.text : '');
    const html = typeof input.html === 'string' ? input.html : null;
    const visible = html !== null ? limitText(htmlToText(html)) : '';
    const fromHtml = html !== null && visible.trim() !== '' ? readBody(visible, 'html', true, sent) : null;
    // HTML-only mail: the parser's made-up text part shows link targets and bullets; read the HTML.
    // So is a text part with the HTML's words and other spacing; only a missing or made-up one
    // makes the HTML the mail's only body.
    const rendering = html !== null ? defaultRenderingMatch(text, html) : null;
    if (text.trim() === '' || rendering !== null) {
      if (fromHtml) return text.trim() === '' || rendering === 'exact' ? { ...publicView(fromHtml), htmlOnlyText: withoutMarks(visible) } : publicView(fromHtml);
      return publicView(sent ? readBody(text, 'text', true, sent) : readTextPart(text, readings));
    }
    const fromText = sent ? readBody(text, 'text', true, sent) : readTextPart(text, readings);
    if (!fromHtml) return publicView(fromText);
    return publicView(chooseReading(fromText, fromHtml));
  } catch {
    // Extraction must not stop a message from becoming a note: keep the whole body.
    const whole = typeof input.text === 'string' ? input.text.trim() : '';
    return { replyText: whole, quoted: '', source: 'text', cuts: [] };
  }
}

function publicView(r: ReplyText): ReplyText {
  const out: ReplyText = { replyText: r.replyText, quoted: r.quoted, source: r.source, cuts: r.cuts };
  if (r.crossCheck) out.crossCheck = r.crossCheck;
  if (r.forwarded) out.forwarded = r.forwarded;
  return out;
}

interface OwnLine {
  index: number;
  text: string;
}

interface Cut {
  rule: CutRule;
  index: number;
}

/** Where the walk ended the reply at a cut that can open a forwarded message (ForwardedPart). */
interface ForwardStart {
  rule: ForwardedPart['rule'];
  index: number;
}

/**
 * Reads one body (the text part, or the HTML's visible text) into the note and what was cut. An
 * answer typed below our own status mail quoted without "> " marks is read on its own and joins
 * the note (see ownMailEnd); `splitAtOwnMail` is false for both halves, so a body is split at most once.
 */
export function readBody(raw: string, source: 'text' | 'html', splitAtOwnMail = true, sent: SentMailWords | null = null): Reading {
  const normal = raw.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
  const readTo = readLimit(normal);
  const head = readTo < normal.length ? normal.slice(0, readTo) : normal;
  const tail = head.length < normal.length ? normal.slice(head.length) : '';
  const split = head.split('\n');
  const ownEnd = splitAtOwnMail ? ownMailEnd(split) : -1;
  if (ownEnd > 0) return readAroundOwnMail(normal, split, ownEnd, source, sent);
  // Most bodies carry no answer marks; then the lines are already bare (no second copy of each).
  const bare = head.includes(ANSWER_MARK) ? split.map((line) => line.replace(ANSWER_MARK_ANYWHERE, '')) : split;

  const cuts: Cut[] = [];
  // A client's signature container (HTML) goes whole, by structure, before any reading by words.
  const containers = head.includes(SIGNATURE_START_LINE) ? blankSignatureContainers(split) : null;
  const lines = containers ? containers.lines : split;
  for (const at of containers?.starts ?? []) cuts.push({ rule: 'html-signature-container', index: at });
  const ending: { at: ForwardStart | null } = { at: null };
  const read = findOwnLines(lines, cuts, ending);
  const typedInside = sent ? typedInQuotedOwnMail(lines, cuts, sent) : [];
  if (typedInside.length > 0) ending.at = null;
  const found = typedInside.length > 0 ? byIndex([...read, ...typedInside]) : read;
  const edges = dropRulesFacingQuotes(dropFooterAfterQuote(found, bare, cuts));
  for (const at of edges.dropped) cuts.push({ rule: 'rule-line', index: at });
  const own = edges.kept;
  // Blocks of own text separated by quotes come out one blank line apart.
  const joined: Array<OwnLine & { original: string }> = [];
  let last = -2;
  for (const line of own) {
    const text = line.text.replace(ANSWER_MARK_ANYWHERE, '');
    if (joined.length > 0 && line.index > last + 1) joined.push({ index: -1, text: '', original: '' });
    const stripped = stripImagePlaceholders(text);
    if (stripped !== text) cuts.push({ rule: 'image-placeholder', index: line.index });
    joined.push({ index: line.index, text: stripped, original: text });
    last = line.index;
  }
  // A line that held only an image placeholder goes entirely.
  const entries = joined.filter((line) => line.text.trim() !== '' || line.original.trim() === '');
  const trailing: TrailingCut[] = [];
  const kept = stripTrailingJunk(entries.map((line) => line.text), trailing);
  for (const cut of trailing) {
    const at = entries.slice(cut.index).find((e) => e.index >= 0 && e.original.trim() !== '');
    if (at) cuts.push({ rule: cut.rule, index: at.index });
  }
  const keptLines = entries.slice(0, kept.length);

  let replyText = collapseBlankRuns(kept).join('\n').trim();
  let keptIndex = new Set(keptLines.filter((line) => line.text === bare[line.index]).map((line) => line.index));
  if (replyText === '') {
    // Every line was cut: keep the lines the quote structure leaves unmarked rather than nothing
    // (a line of quote kept beats a line of answer lost).
    const unmarked = unmarkedLines(lines);
    if (unmarked.length > 0) {
      replyText = collapseBlankRuns(unmarked.map((line) => line.text)).join('\n').trim();
      keptIndex = new Set(unmarked.map((line) => line.index));
    }
  }
  const quotedLines = bare.filter((line, i) => !keptIndex.has(i) && line !== QUOTE_CUT_LINE && line !== SIGNATURE_START_LINE && line !== SIGNATURE_END_LINE);
  const below = tail !== '' ? answerBelowLimit(tail, source) : null;
  if (below) replyText = replyText === '' ? below.text : `${replyText}\n\n${below.text}`;
  const quoted = (collapseBlankRuns(quotedLines).join('\n') + (below ? tail.slice(0, below.from) : tail)).trim();
  const structuralCut = source === 'html' ? cuts.find((c) => c.rule === 'html-quote-container' || c.rule === 'quote-lines') : undefined;
  const ordered = cuts
    .filter((c, i) => cuts.findIndex((d) => d.rule === c.rule && d.index === c.index) === i)
    .sort((a, b) => a.index - b.index)
    .map((c) => ({ rule: c.rule, line: c.index + 1 }));
  const forwarded = ending.at ? forwardedPart(lines, ending.at) : null;
  return {
    replyText, quoted, source, cuts: ordered, lines: bare, signature: containers?.signature ?? [],
    structuralFrom: structuralCut ? Math.min(...cuts.filter((c) => c.rule === 'html-quote-container' || c.rule === 'quote-lines').map((c) => c.index)) : -1,
    ...(forwarded ? { forwarded } : {}),
  };
}

/**
 * The message from the line where the walk ended the reply down to the end of what is read, as it
 * stands: our marker lines, answer marks, image placeholders and a rule above it out, runs of blank
 * lines made one.
 * Null when nothing is left.
 */
function forwardedPart(lines: readonly string[], start: ForwardStart): ForwardedPart | null {
  const kept: string[] = [];
  for (let k = start.index; k < lines.length; k++) {
    const line = lines[k] ?? '';
    if (line === QUOTE_CUT_LINE || line === SIGNATURE_START_LINE || line === SIGNATURE_END_LINE) continue;
    kept.push(stripImagePlaceholders(line.replace(ANSWER_MARK_ANYWHERE, '')));
  }
  // The rule a client draws over the forwarded header (Outlook's <hr>) is no part of it.
  let first = 0;
  while (first < kept.length && (kept[first]!.trim() === '' || isRuleLine(kept[first]!))) first++;
  const text = collapseBlankRuns(kept.slice(first)).join('\n').trim();
  return text === '' ? null : { rule: start.rule, text };
}

// The last line of every mail we send about a ticket (templates/partials/footer.mjml): our name,
// "<system name> Issues Tracking", as the subject tag and the footer spell it.
const OWN_CLOSING_WORDS = ' issues tracking';

function isOwnClosing(line: string): boolean {
  return line.length < 200 && line.replace(/\s+/g, ' ').trim().toLowerCase().endsWith(OWN_CLOSING_WORDS);
}

/**
 * Where the person's own text starts again below our status mail quoted without "> " marks
 * (Outlook's plain "-----Original Message-----" or header block over the bare text, a mobile
 * client's unprefixed quote): the line after the mail's closing, when the quote holds our reply
 * marker bare, a closing line follows it, and something is written after the last such line.
 * Such a quote's end is known only because the mail is ours; other unmarked history has no end
 * to trust, and what is below it stays cut. -1 when there is nothing below. One pass, linear.
 */
function ownMailEnd(lines: readonly string[]): number {
  let marker = -1;
  let closing = -1;
  let textAfter = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    if (line.length < 300 && !isQuoteLine(line)) {
      if (marker < 0 && isMarkerStart(line, lines[i + 1], MARKER_WORDS)) {
        marker = i;
        continue;
      }
      if (marker >= 0 && isOwnClosing(line)) {
        closing = i;
        textAfter = false;
        continue;
      }
    }
    if (closing >= 0) textAfter = true;
  }
  return closing >= 0 && textAfter ? closing + 1 : -1;
}

/** One body read as two: down to our quoted mail's closing line, and the person's text below it. */
function readAroundOwnMail(normal: string, lines: readonly string[], ownEnd: number, source: 'text' | 'html', sent: SentMailWords | null): Reading {
  const upper = readBody(lines.slice(0, ownEnd).join('\n'), source, false, sent);
  const lower = readBody(normal.split('\n').slice(ownEnd).join('\n'), source, false);
  const replyText = [upper.replyText, lower.replyText].filter((t) => t !== '').join('\n\n');
  const quoted = [upper.quoted, lower.quoted].filter((t) => t !== '').join('\n');
  const cuts = [...upper.cuts, ...lower.cuts.map((c) => ({ rule: c.rule, line: c.line + ownEnd }))];
  const structuralFrom = upper.structuralFrom >= 0 ? upper.structuralFrom : lower.structuralFrom >= 0 ? lower.structuralFrom + ownEnd : -1;
  return { replyText, quoted, source, cuts, lines: [...upper.lines, ...lower.lines], signature: [...upper.signature, ...lower.signature], structuralFrom };
}

// The cuts that open quoted history: what sits between such a cut and our marker is its header.
const HISTORY_CUTS: ReadonlySet<CutRule> = new Set<CutRule>(['separator', 'header-block', 'html-quote-container', 'attribution', 'reply-marker']);

/**
 * Answers typed into our own status mail where the message quotes it without "> " marks (Outlook's
 * plain "-----Original Message-----" or header block, or the HTML's quote container, over the bare
 * text): the lines between its marker and its closing that are not the mail we sent (`sent`), as
 * own-mail-lines.ts tells them apart. Only when our marker opens the history, under nothing but
 * its header: deeper in, our mail may hold what others typed into it before.
 */
function typedInQuotedOwnMail(lines: readonly string[], cuts: readonly Cut[], sent: SentMailWords): OwnLine[] {
  const opened = Math.min(...cuts.filter((c) => HISTORY_CUTS.has(c.rule)).map((c) => c.index));
  if (!Number.isFinite(opened)) return [];
  let marker = -1;
  for (let i = opened; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length < 300 && !isQuoteLine(line) && isMarkerStart(line, lines[i + 1], MARKER_WORDS)) {
      marker = i;
      break;
    }
  }
  if (marker < 0 || !onlyHeaderBetween(lines, opened, marker)) return [];
  let closing = marker + 1;
  while (closing < lines.length && !isOwnClosing(lines[closing] ?? '')) closing++;
  const typed = typedIntoOwnMail(lines.map((line) => (line.includes(ANSWER_MARK) ? line.replace(ANSWER_MARK_ANYWHERE, '') : line)), marker + 1, closing, sent) ?? [];
  return typed.map((index) => ({ index, text: (lines[index] ?? '').replace(ANSWER_MARK_ANYWHERE, '') }));
}

/** Are the lines from..to-1 only a quote header (a separator, a From/Sent block), rules and blank lines? */
function onlyHeaderBetween(lines: readonly string[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const line = lines[k] ?? '';
    if (line.trim() === '' || line === QUOTE_CUT_LINE || isRuleLine(line)) continue;
    const header = findQuoteBoundaryAt(lines, k);
    if (!header || header.kind === 'forward') return false;
    k = header.end;
  }
  return true;
}

/** Own lines in body order, each once. */
function byIndex(own: readonly OwnLine[]): OwnLine[] {
  const seen = new Set<number>();
  return own.filter((line) => !seen.has(line.index) && seen.add(line.index)).sort((a, b) => a.index - b.index);
}

/** Where reading stops: at MAX_TEXT_CHARS, or at the line break ending line MAX_READ_LINES. */
function readLimit(normal: string): number {
  let at = -1;
  for (let n = 0; n < MAX_READ_LINES; n++) {
    at = normal.indexOf('\n', at + 1);
    if (at < 0 || at >= MAX_TEXT_CHARS) return Math.min(normal.length, MAX_TEXT_CHARS);
  }
  return at;
}

/** How far back from the end an answer below an unread history is looked for. */
const BOTTOM_LINES = 2_000;

/**
 * An answer typed below more history than is read: the lines after the last quoted line of the
 * unread part, if that last quoted line is within BOTTOM_LINES of the end, read as a body of their
 * own (signatures and device lines still go). Bounded: at most BOTTOM_LINES lines are looked at.
 */
function answerBelowLimit(tail: string, source: 'text' | 'html'): { text: string; from: number } | null {
  let start = tail.length;
  for (let n = 0; n < BOTTOM_LINES && start > 0; n++) {
    const at = tail.lastIndexOf('\n', start - 1);
    const line = tail.slice(at + 1, start);
    if (isQuoteLine(line)) {
      const from = start;
      const text = readBody(tail.slice(from), source).replyText;
      return text === '' ? null : { text, from };
    }
    if (at < 0) break;
    start = at;
  }
  return null;
}

const ANSWER_MARK_ANYWHERE = new RegExp(ANSWER_MARK, 'g');

/** A line the HTML marked as a styled answer inside quoted history ("> " prefix allowed). */
function isMarkedAnswer(line: string): boolean {
  // Most lines carry no mark: look for it before cutting the prefix off (a new string per line).
  return line.includes(ANSWER_MARK) && line.replace(/^(?:[ \t]*>)*[ \t]*/, '').startsWith(ANSWER_MARK);
}

/**
 * Which lines the person typed, top to bottom; a header sharing a line keeps its own part. When the
 * reply ends at a cut that can open a forwarded message (with no inline answers below it), `ending.at`
 * says where.
 */
function findOwnLines(lines: readonly string[], cuts: Cut[], ending: { at: ForwardStart | null }): OwnLine[] {
  const { limit, rule: limitRule } = historyStart(lines);
  let quoteLineCount = 0;
  for (let i = 0; i < limit; i++) if (isQuoteLine(lines[i] ?? '')) quoteLineCount++;

  const own: OwnLine[] = [];
  // Styled answers the HTML found inside a quote container below the cut: inline answers.
  const answersBelow = (): OwnLine[] => {
    if (limit >= lines.length || !announcesInlineAnswers(own)) return [];
    const out: OwnLine[] = [];
    for (let k = limit + 1; k < lines.length; k++) {
      const line = lines[k] ?? '';
      if (isMarkedAnswer(line)) out.push({ index: k, text: line.replace(/^(?:[ \t]*>)*[ \t]*/, '') });
    }
    return out;
  };
  let sawOwnText = false;
  // True while only blank lines separate us from an attribution: its "> " lines are quoting.
  let afterHeader: boolean = false;
  let inQuoteRun = false;
  let i = 0;
  const finish = (rule: CutRule, at: number): OwnLine[] => {
    cuts.push({ rule, index: at });
    return own;
  };
  while (i < limit) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      own.push({ index: i, text: line });
      i++;
      continue;
    }
    const rightAfterHeader: boolean = afterHeader;
    afterHeader = false;
    // GroupWise's ">>> Name <address> date >>>" starts with ">" but heads unprefixed history.
    if (!inQuoteRun && findGroupWiseHeaderAt(lines, i) && hasTextAfter(lines, i, limit)) {
      // Over "> " lines (an HTML <blockquote>) the quote is marked line by line: like any
      // attribution there, text after the quoted run is the person's again (inline answers).
      if (quotedRunFollows(lines, i, limit)) {
        cuts.push({ rule: 'attribution', index: i });
        afterHeader = true;
        i++;
        continue;
      }
      return [...finish('attribution', i), ...answersBelow()];
    }
    if (isQuoteLine(line)) {
      afterHeader = rightAfterHeader;
      if (isMarkedAnswer(line) && announcesInlineAnswers(own)) {
        // An answer the person styled inside the quote (HTML): their text, not the question.
        own.push({ index: i, text: line.replace(/^(?:[ \t]*>)*[ \t]*/, '') });
        sawOwnText = true;
        inQuoteRun = false;
      } else if (!rightAfterHeader && looksTypedNotQuoted(lines, i, quoteLineCount)) {
        own.push({ index: i, text: line });
        sawOwnText = true;
        inQuoteRun = false;
      } else {
        if (!inQuoteRun) cuts.push({ rule: 'quote-lines', index: i });
        inQuoteRun = true;
      }
      i++;
      continue;
    }
    inQuoteRun = false;
    const continuationEnd = wrapContinuationEnd(lines, i);
    if (continuationEnd >= i) {
      i = continuationEnd + 1;
      continue;
    }
    const boundary = findQuoteBoundaryAt(lines, i);
    // A header without an address counts only when something follows it (typed "From:"/"To:" lines).
    if (boundary && (hasAddress(lines, boundary.start, boundary.end) || hasTextAfter(lines, boundary.end, limit))) {
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
          cuts.push({ rule: 'attribution', index: i });
          afterHeader = true;
          i = boundary.end + 1;
          continue;
        }
        if (usable) return [...finish('attribution', i), ...answersBelow()];
      } else if (boundary.kind === 'header-block' && quotedRunFollows(lines, boundary.end, limit)) {
        // A header block over "> " lines is an attribution: the quote is marked line by line,
        // so text after the quoted run is the person's again (answers between the questions).
        cuts.push({ rule: 'header-block', index: i });
        afterHeader = true;
        i = boundary.end + 1;
        continue;
      } else {
        // A header block not over "> " lines, a separator, or a forward marker under typed text.
        const below = answersBelow();
        if (below.length === 0) ending.at = { rule: boundary.kind, index: i };
        return [...finish(boundary.kind, i), ...below];
      }
    }
    if (isSignatureDelimiter(line)) return finish('signature-delimiter', i);
    if (isDeviceLine(line)) {
      // Below typed text it ends the reply; with nothing typed above it (the client put it first,
      // the person wrote under it) its paragraph goes, the footer's further lines with it ("Please
      // excuse any typos.", a name), and what comes after a blank line is read as before.
      if (sawOwnText) return finish('device-line', i);
      cuts.push({ rule: 'device-line', index: i });
      i = deviceParagraphEnd(lines, i, limit) + 1;
      continue;
    }
    own.push({ index: i, text: line });
    sawOwnText = true;
    i++;
  }
  // The walk reached the container or marker found above: that is where the cut is.
  if (limit < lines.length) cuts.push({ rule: limitRule, index: limit });
  const below = answersBelow();
  if (limit < lines.length && limitRule === 'html-quote-container' && below.length === 0) ending.at = { rule: limitRule, index: limit };
  return [...own, ...below];
}

/**
 * The last line of the paragraph a device line at `at` opens: up to the next blank line, or to
 * the line before quoted history (a "> " line, an attribution or header block, a GroupWise
 * header) or a "-- " delimiter, which the walk reads as before.
 */
function deviceParagraphEnd(lines: readonly string[], at: number, limit: number): number {
  let end = at;
  for (let k = at + 1; k < limit; k++) {
    const line = lines[k] ?? '';
    if (line.trim() === '' || isQuoteLine(line) || isSignatureDelimiter(line)) break;
    if (findGroupWiseHeaderAt(lines, k) || findQuoteBoundaryAt(lines, k)) break;
    end = k;
  }
  return end;
}

/** Where a client's quote container or our bare marker starts what is history for sure (or the end). */
function historyStart(lines: readonly string[]): { limit: number; rule: CutRule } {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === QUOTE_CUT_LINE) return { limit: i, rule: 'html-quote-container' };
    // Our marker inside a quote is quoted text like any other; bare, it ends what was typed.
    if (line.length < 300 && !isQuoteLine(line) && isMarkerStart(line, lines[i + 1], MARKER_WORDS)) return { limit: i, rule: 'reply-marker' };
  }
  return { limit: lines.length, rule: 'reply-marker' };
}

/**
 * The safety net when every line was cut: where the history is marked line by line ("> " lines,
 * an HTML <blockquote>), the non-blank lines outside those marks, above any quote container or
 * our marker, without quote headers, a signature (from its delimiter or a device line down to
 * the next quote), a signature container or an image placeholder. Unmarked history (a plain
 * "From:" block over bare lines) gives nothing: without "> " marks there is no structure to
 * trust, and an empty reply stays empty. Blank lines between kept lines stay, so separate
 * answers stay apart.
 */
function unmarkedLines(lines: readonly string[]): OwnLine[] {
  const { limit } = historyStart(lines);
  let marked = false;
  for (let i = 0; i < limit && !marked; i++) marked = isQuoteLine(lines[i] ?? '');
  if (!marked) return [];
  const out: OwnLine[] = [];
  let inSignature = false;
  for (let i = 0; i < limit; i++) {
    const line = lines[i] ?? '';
    if (isQuoteLine(line) && !findGroupWiseHeaderAt(lines, i)) {
      inSignature = false;
      continue;
    }
    if (line.trim() === '') {
      if (out.length > 0) out.push({ index: i, text: '' });
      continue;
    }
    const header = findGroupWiseHeaderAt(lines, i) ?? findQuoteBoundaryAt(lines, i);
    if (header) {
      i = header.end;
      continue;
    }
    if (isSignatureDelimiter(line) || isDeviceLine(line)) inSignature = true;
    if (inSignature || line === SIGNATURE_START_LINE || line === SIGNATURE_END_LINE) continue;
    // An inline-image placeholder is where a file was, never typed text (the file rides on the note).
    const text = stripImagePlaceholders(line.replace(ANSWER_MARK_ANYWHERE, ''));
    if (text.trim() !== '') out.push({ index: i, text });
  }
  return out.some((line) => line.text.trim() !== '') ? out : [];
}

/** Is the first non-blank line after `end` (before `limit`) a "> " quote line? */
function quotedRunFollows(lines: readonly string[], end: number, limit: number): boolean {
  let next = end + 1;
  while (next < limit && (lines[next] ?? '').trim() === '') next++;
  return next < limit && isQuoteLine(lines[next] ?? '');
}

function hasAddress(lines: readonly string[], start: number, end: number): boolean {
  return lines.slice(start, end + 1).some((line) => /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.test(line.slice(0, 500)));
}

/** Is there any non-blank line after `end` (before `limit`, or a cut container below it)? */
function hasTextAfter(lines: readonly string[], end: number, limit: number): boolean {
  if (limit < lines.length) return true;
  for (let k = end + 1; k < limit; k++) if ((lines[k] ?? '').trim() !== '') return true;
  return false;
}

// "Answers below in blue", "see my comments inline", "responses in red": the person says their
// answers sit inside the quoted message. Only then are styled lines inside quoted history kept.
const ANNOUNCE_INLINE = /\b(?:below|inline|in-line|in line|in (?:red|blue|green|bold|colou?r)|answers?|responses?|replies|comments?|abajo|debajo|en rojo|en azul|ci-dessous|en rouge|en bleu|unten|abaixo|em vermelho)\b/iu;

function announcesInlineAnswers(own: readonly OwnLine[]): boolean {
  return own.some((line) => ANNOUNCE_INLINE.test(line.text.slice(0, 400)));
}

/**
 * Own text after the last quote that opens with a rule line ("-----", an HTML <hr>) is a
 * tool's footer ("Sent with CaseNotes"), not an inline answer: answers do not start with a rule.
 */
function dropFooterAfterQuote(own: OwnLine[], lines: readonly string[], cuts: Cut[]): OwnLine[] {
  if (own.length === 0) return own;
  // The last gap in the own lines: a quote (or a cut) sat there.
  let gapAt = -1;
  for (let k = 1; k < own.length; k++) if ((own[k]?.index ?? 0) > (own[k - 1]?.index ?? 0) + 1) gapAt = k;
  if (gapAt < 0) return own;
  const rest = own.slice(gapAt);
  const first = rest.find((line) => line.text.trim() !== '');
  if (!first || !isRuleLine(first.text)) return own;
  // Only a short footer: a real answer after a drawn rule would be longer.
  const words = rest.map((line) => line.text).join(' ').split(/\s+/).filter(Boolean).length;
  if (words > 40 || !lines.slice(own[gapAt - 1]!.index + 1, first.index).some((l) => isQuoteLine(l))) return own;
  cuts.push({ rule: 'footer-after-quote', index: first.index });
  return own.slice(0, gapAt);
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
