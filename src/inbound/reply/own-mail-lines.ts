// Decides which lines of our own status mail, quoted without "> " marks (Outlook's plain-text
// reply, a mobile client's bare quote), the person typed into it: answers written under our
// questions. Our mail's words are known (the text part we sent it with, kept with its outbound row);
// a quoted line is ours when its words follow on from the line before it in our mail, or stand
// further on in it. Words, not lines: clients re-wrap lines, change spacing and bullets, and write
// our links their own way, so only letters and digits are compared and link targets are left out.
// Nothing depends on how the person marks an answer ("ML: ...", or no mark at all).
// Pure and bounded: a quoted line is compared with our words at a bounded number of places.

const WORD = /[\p{L}\p{N}]+/gu;
// Link targets as our text part writes them ("<https://...>", "<mailto:...>") and as other clients
// write them (bare, glued to the link's text): never typed, and ours may have been personal.
const LINK = /<?\b(?:https?:\/\/|mailto:)[^\s>]*>?/giu;
// Word's field code before a link target it writes out ('HYPERLINK "https://..."').
const FIELD_CODE = /\bHYPERLINK\b/gu;

/** Words of a line looked at; a quoted line of ours is far shorter. */
const MAX_LINE_WORDS = 200;
/** Places in our mail where a line's first word stands that are tried, per line. */
const MAX_TRIES = 64;
/** A line of one or two words is ours only this close after the line before it (a heading, a table cell). */
const SHORT_LINE_REACH = 8;
/** Our mail, as words, is read this far. */
const MAX_SENT_CHARS = 100_000;

/** The words of the mail we sent, and where each word stands in it. */
export interface SentMailWords {
  words: readonly string[];
  at: ReadonlyMap<string, readonly number[]>;
}

/** A text without its link targets, for keeping: what a status mail said, never whom it let in. */
export function withoutLinkTargets(text: string): string {
  return text.replace(LINK, '');
}

/** The words of a line: letters and digits, lower case, link targets left out. */
export function wordsOf(line: string): string[] {
  return line.replace(LINK, ' ').replace(FIELD_CODE, ' ').toLowerCase().match(WORD) ?? [];
}

/** Our mail's words, or null when it has none. */
export function sentMailWords(text: string): SentMailWords | null {
  const words = wordsOf(text.slice(0, MAX_SENT_CHARS));
  if (words.length === 0) return null;
  const at = new Map<string, number[]>();
  words.forEach((word, i) => {
    const list = at.get(word);
    if (list) list.push(i);
    else at.set(word, [i]);
  });
  return { words, at };
}

function matchesAt(sent: SentMailWords, line: readonly string[], p: number): boolean {
  if (p + line.length > sent.words.length) return false;
  for (let k = 0; k < line.length; k++) if (sent.words[p + k] !== line[k]) return false;
  return true;
}

/** The first place at or after `from` where the line's words stand in our mail, or -1. */
function findFrom(sent: SentMailWords, line: readonly string[], from: number): number {
  const places = sent.at.get(line[0]!) ?? [];
  // The first place at or after `from` (places are in order).
  let lo = 0;
  let hi = places.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (places[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < places.length && k < lo + MAX_TRIES; k++) if (matchesAt(sent, line, places[k]!)) return places[k]!;
  return -1;
}

/**
 * The lines from..to-1 (our quoted mail, below its marker) that are not our mail: what the person
 * typed into it, top to bottom. Null when the lines do not read as that mail (fewer than five of
 * ours, or no more of ours than of theirs): then it is some other mail, and nothing is told apart.
 */
export function typedIntoOwnMail(lines: readonly string[], from: number, to: number, sent: SentMailWords): number[] | null {
  const typed: number[] = [];
  let ours = 0;
  // Where in our mail the last line of ours ended.
  let cursor = 0;
  for (let i = from; i < to; i++) {
    const line = wordsOf((lines[i] ?? '').slice(0, 4000)).slice(0, MAX_LINE_WORDS);
    // A line without a word (a rule, a bullet, a link alone) says nothing of its own.
    if (line.length === 0) continue;
    if (matchesAt(sent, line, cursor)) {
      cursor += line.length;
      ours++;
      continue;
    }
    const ahead = findFrom(sent, line, cursor);
    if (ahead >= 0 && (line.length >= 3 || ahead - cursor <= SHORT_LINE_REACH)) {
      cursor = ahead + line.length;
      ours++;
      continue;
    }
    // A longer line of ours met again (a client that repeats or reorders a part).
    if (line.length >= 4 && findFrom(sent, line, 0) >= 0) {
      ours++;
      continue;
    }
    typed.push(i);
  }
  return ours >= 5 && ours > typed.length ? typed : null;
}
