// Decides which reading of a two-part reply (text part and HTML part) is the note, when they
// differ. The HTML's quote containers and <blockquote>s are the client's own record of what it
// quoted; the text part's quote markers are words. A line that one reading keeps and the other
// cut as quoted history goes to the reading that cut it by structure; a line neither reading
// calls quoted is never dropped: keeping a line of quote beats losing a line of answer.
// Pure: two readings in, one out.
import type { Reading } from './reading.ts';

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The reading's note as a set of squashed lines (clients re-wrap, so compare line contents). */
function ownLines(r: Reading): string[] {
  return r.replyText.split('\n').map(squash).filter((l) => l !== '');
}

/** Every line of `extra` is found in `quoted` (after squashing white space on both sides). */
function allQuoted(extra: readonly string[], quoted: string): boolean {
  const hay = squash(quoted.replace(/^[ \t>]+/gm, ''));
  return extra.every((line) => hay.includes(line.replace(/^[>\s]+/, '')));
}

/** Lines of `a` not in `b`, by squashed text, ignoring line breaks a client moved. */
function missingFrom(a: readonly string[], b: readonly string[]): string[] {
  const joined = b.join(' ');
  return a.filter((line) => !joined.includes(line));
}

export function chooseReading(fromText: Reading, fromHtml: Reading): Reading {
  if (squash(fromText.replyText) === squash(fromHtml.replyText)) return fromText;
  const t = ownLines(fromText);
  const h = ownLines(fromHtml);
  const onlyText = missingFrom(t, h);
  const onlyHtml = missingFrom(h, t);
  // The text part kept lines the HTML's structure marks as quoted history (an unrecognised header).
  const underStructure = fromHtml.structuralFrom >= 0 ? fromHtml.lines.slice(fromHtml.structuralFrom).join('\n') : '';
  if (underStructure !== '' && onlyText.length > 0 && onlyHtml.length === 0 && allQuoted(onlyText, underStructure)) {
    return { ...fromHtml, crossCheck: 'the text part kept lines the HTML quotes' };
  }
  // The text part kept a signature the HTML holds in the client's own signature container (and
  // perhaps quoted lines its structure cut): the container is the client's word for it.
  const underSignature = fromHtml.signature.join('\n');
  if (underSignature !== '' && onlyText.length > 0 && onlyHtml.length === 0 && allQuoted(onlyText, `${underSignature}\n${underStructure}`)) {
    return { ...fromHtml, crossCheck: 'the text part kept lines the HTML marks as signature' };
  }
  // The HTML kept answers the text part cut as quoted (inline answers styled, not quoted).
  if (onlyHtml.length > 0 && onlyText.length === 0 && allQuoted(onlyHtml, fromText.quoted)) {
    return { ...fromHtml, crossCheck: 'the HTML keeps answers the text part cut' };
  }
  return fromText;
}
