// Decides whether a request names an external deadline (a due date, an audit, a monitoring visit)
// within the configured number of days: a sentence holding a deadline cue and either a soon word,
// a weekday (at most a week away), "in N days" or an m/d date that close to when the mail was sent. Pure.
import { wordsOf } from './linear-model.ts';
import { normalizeText } from './patterns.ts';
import { findConcepts, indexEntries, type PhraseIndex } from './vocabulary.ts';

export interface DeadlineCues {
  withinDays: number;
  cue: string[];
  soon: string[];
}

const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes']);
const indexes = new WeakMap<DeadlineCues, { cue: PhraseIndex; soon: PhraseIndex }>();

function indexOf(cues: DeadlineCues): { cue: PhraseIndex; soon: PhraseIndex } {
  let index = indexes.get(cues);
  if (!index) {
    index = { cue: indexEntries(cues.cue, 'cue'), soon: indexEntries(cues.soon, 'soon') };
    indexes.set(cues, index);
  }
  return index;
}

export function hasNearDeadline(content: string, cues: DeadlineCues, receivedAt?: Date): boolean {
  const index = indexOf(cues);
  const sentences = content.slice(0, 20_000).split(/(?<=[.!?])\s+|\n\s*\n/);
  return sentences.some((sentence) => {
    const words = wordsOf(sentence);
    if (findConcepts(words, index.cue).length === 0) return false;
    if (findConcepts(words, index.soon).length > 0 || words.some((w) => WEEKDAYS.has(w))) return true;
    if (daysAhead(sentence).some((days) => days <= cues.withinDays)) return true;
    return receivedAt ? datesIn(sentence, receivedAt).some((d) => daysBetween(receivedAt, d) >= 0 && daysBetween(receivedAt, d) <= cues.withinDays) : false;
  });
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, a: 1, un: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8 };
const BEFORE_COUNT = new Set(['in', 'within', 'en']);
const QUALIFIERS = new Set(['business', 'working', 'calendar', 'more']);
const DAY_WORDS = new Set(['day', 'days', 'dia', 'dias']);

/** "in 5 days", "within three business days", "en 4 dias": how many days ahead. */
function daysAhead(sentence: string): number[] {
  const words = normalizeText(sentence).toLowerCase().split(/\s+/).map((w) => w.replace(/[^a-z0-9]/g, ''));
  const out: number[] = [];
  words.forEach((word, i) => {
    if (!BEFORE_COUNT.has(word)) return;
    const count = words[i + 1] ?? '';
    const days = /^\d{1,3}$/.test(count) ? Number(count) : NUMBER_WORDS[count];
    const unit = QUALIFIERS.has(words[i + 2] ?? '') ? words[i + 3] : words[i + 2];
    if (days !== undefined && DAY_WORDS.has(unit ?? '')) out.push(days);
  });
  return out;
}

/** m/d or m/d/yyyy dates, resolved to the year that puts them nearest after `from`. */
function datesIn(sentence: string, from: Date): Date[] {
  const out: Date[] = [];
  for (const m of normalizeText(sentence).matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?(?![\d/])/g)) {
    const month = Number(m[1]) - 1;
    const day = Number(m[2]);
    let year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : from.getUTCFullYear();
    let date = new Date(Date.UTC(year, month, day));
    if (!m[3] && daysBetween(from, date) < -180) date = new Date(Date.UTC(++year, month, day));
    out.push(date);
  }
  return out;
}

function daysBetween(from: Date, to: Date): number {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return Math.round((to.getTime() - start) / 86_400_000);
}
