// Decides which "> " lines are quoting and which only look like it: a typed "> 5 clients
// affected" or ">50%", and the broken-wrap lines a client left unprefixed inside a quote.
// Pure: reads the message's lines, changes nothing.

const QUOTE_PREFIX = /^[ \t]{0,3}>/;

/** Up to three spaces or tabs, then ">" (QUOTE_PREFIX read by hand: it runs on every line, often many times). */
export function isQuoteLine(line: string): boolean {
  for (let k = 0; k < line.length && k <= 3; k++) {
    const c = line.charCodeAt(k);
    if (c === 62) return true; // '>'
    if (c !== 32 && c !== 9) return false;
  }
  return false;
}

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

/**
 * "> 5 clients affected", ">50%", "> $200": a comparison, not a quoted numbered question
 * ("> 2. Does it happen for other users?").
 */
function looksLikeQuantity(content: string): boolean {
  if (!/^\s?=?\s?[\d$€£¥]/u.test(content)) return false;
  if (/^\s?\d{1,2}[.)]\s/.test(content)) return false;
  return !/\?\s*$/.test(content);
}

/**
 * A lone ">" line the person typed: a comparison (">50%", "> 5 clients affected") or a line
 * set between typed lines in a message that quotes nothing else.
 */
export function looksTypedNotQuoted(lines: readonly string[], i: number, quoteLineCount: number): boolean {
  // Look at most a few lines either way: long quote blocks are quoting anyway.
  let start = i;
  while (start > 0 && i - start < 6 && isQuoteLine(lines[start - 1] ?? '')) start--;
  let end = i;
  while (end + 1 < lines.length && end - i < 6 && isQuoteLine(lines[end + 1] ?? '')) end++;
  // A short run of comparisons: "> 5 clients affected", ">50% of the rows".
  if (end - start < 5) {
    const block = lines.slice(start, end + 1).map((line) => line.replace(QUOTE_PREFIX, ''));
    if (block.every(looksLikeQuantity)) return true;
  }
  if (start !== end) return false;
  return quoteLineCount === 1 && !isBlank(lines[i - 1]) && !isBlank(lines[i + 1]);
}

/**
 * Unprefixed lines inside a quote that a client wrapped after quoting ("> ... pharetra d" /
 * "ignissim odio?" / "> ..."): at most three lines, directly between quote lines, starting in
 * lower case or with a link's remainder.
 */
export function wrapContinuationEnd(lines: readonly string[], i: number): number {
  const prev = lines[i - 1];
  if (prev === undefined || !isQuoteLine(prev)) return -1;
  // A quoted question or prompt ("> Which OS?") was not broken mid-line: what follows is an answer.
  if (/[?:]\s*$/.test(prev)) return -1;
  let end = i;
  while (end - i < 3 && end + 1 < lines.length && !isBlank(lines[end + 1]) && !isQuoteLine(lines[end + 1] ?? '')) end++;
  const after = lines[end + 1];
  if (after === undefined || !isQuoteLine(after)) return -1;
  // Typed answers start a sentence; a wrapped remainder starts mid-word, mid-sentence or mid-link.
  return /^[\p{Ll}(_<[.,;:)]/u.test((lines[i] ?? '').trim()) ? end : -1;
}
