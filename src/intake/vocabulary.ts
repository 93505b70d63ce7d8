// The reviewable intake vocabulary (config/intake-vocabulary.yaml): concepts per route, topic, type
// and priority, boundary rules as sentences with one-line patterns, and the urgency word groups. findConcepts() says which concepts
// a text mentions, matching whole words in one pass (linear in the text). Pure.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { wordsOf } from './linear-model.ts';
import { ROUTES } from './labels.ts';


/** One entry: a few words, at most one line; a trailing * on a word matches any ending. */
const entrySchema = z.string().min(1).max(60).refine((s) => !s.includes('\n'), 'one line only');
const groupSchema = z.record(z.string(), z.array(entrySchema).min(1));

/** A boundary rule: a sentence from the escalation document and a one-line pattern (or the vendor as addressee). */
const boundarySchema = z
  .object({
    says: z.string().min(10),
    pattern: z.string().min(1).max(100).optional(),
    addressedToVendor: z.literal(true).optional(),
    decides: z.object({ route: z.enum(ROUTES) }).strict().optional(),
  })
  .strict()
  .refine((b) => b.pattern || b.addressedToVendor, 'a boundary needs a pattern or addressedToVendor');

const vocabularySchema = z
  .object({
    version: z.literal(2),
    boundaries: z.array(boundarySchema),
    concepts: z.object({ route: groupSchema, topic: groupSchema, type: groupSchema, priority: groupSchema }).strict(),
    urgency: z
      .object({
        client: z.array(entrySchema).min(1),
        need: z.array(entrySchema).min(1),
        blocked: z.array(entrySchema).min(1),
        pressure: z.array(entrySchema).min(1),
        presence: z.array(entrySchema).min(1),
        program_names: z.array(entrySchema),
        resolved: z.array(entrySchema),
        hypothetical: z.array(entrySchema),
        unaffected: z.array(entrySchema),
        not_urgent_topics: z.array(z.string()),
      })
      .strict(),
  })
  .strict();

export const URGENCY_GROUPS = ['client', 'need', 'blocked', 'pressure', 'presence', 'program_names', 'resolved', 'hypothetical', 'unaffected'] as const;

export type VocabularyFile = z.infer<typeof vocabularySchema>;

/** A phrase as word tokens; a token ending in * is a prefix. */
type Phrase = { words: string[]; concept: string };

export interface PhraseIndex {
  byFirstWord: Map<string, Phrase[]>;
  /** Phrases whose first word ends in *, by that prefix; a word is looked up by its own prefixes of these lengths. */
  byFirstPrefix: Map<string, Phrase[]>;
  prefixLengths: number[];
  /** The first prefixLengths[0] characters of every such prefix: a word that opens with none of them has no prefix here. */
  prefixOpenings: Set<string>;
}

export interface Vocabulary extends VocabularyFile {
  /** Every route/topic/type concept, named "<stage>.<concept>". */
  conceptIndex: PhraseIndex;
  urgencyIndex: PhraseIndex;
}

/** Validates vocabulary YAML text; never throws. Pure. */
export function checkVocabularyText(text: string): { problems: string[]; vocabulary?: Vocabulary } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return { problems: [`not valid YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  const parsed = vocabularySchema.safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  const file = parsed.data;
  const concepts: Phrase[] = [];
  for (const stage of ['route', 'topic', 'type', 'priority'] as const) {
    for (const [name, entries] of Object.entries(file.concepts[stage])) for (const e of entries) concepts.push({ words: phraseWords(e), concept: `${stage}.${name}` });
  }
  const urgency: Phrase[] = [];
  for (const group of URGENCY_GROUPS) for (const e of file.urgency[group]) urgency.push({ words: phraseWords(e), concept: group });
  const badPatterns = file.boundaries.flatMap((b, i) => (b.pattern && !compiles(b.pattern) ? [`boundaries[${i}]: invalid pattern ${JSON.stringify(b.pattern)}`] : []));
  if (badPatterns.length) return { problems: badPatterns };
  const empty = [...concepts, ...urgency].filter((p) => p.words.length === 0);
  if (empty.length) return { problems: empty.map((p) => `${p.concept}: an entry has no words`) };
  return { problems: [], vocabulary: { ...file, conceptIndex: indexPhrases(concepts), urgencyIndex: indexPhrases(urgency) } };
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}

/** An index of vocabulary-style entries (whole words, final * for any ending), all under one concept name. */
export function indexEntries(entries: string[], concept: string): PhraseIndex {
  return indexPhrases(entries.map((e) => ({ words: phraseWords(e), concept })).filter((p) => p.words.length > 0));
}

/** "won't let" -> ["won", "t", "let"], the same tokens wordsOf() makes of the text; a final * is kept. */
function phraseWords(entry: string): string[] {
  return entry.split(/\s+/).flatMap((part) => {
    const star = part.endsWith('*');
    const words = wordsOf(star ? part.slice(0, -1) : part);
    if (star && words.length) words[words.length - 1] = `${words[words.length - 1]}*`;
    return words;
  });
}

function indexPhrases(phrases: Phrase[]): PhraseIndex {
  const byFirstWord = new Map<string, Phrase[]>();
  const byFirstPrefix = new Map<string, Phrase[]>();
  for (const p of phrases) {
    const first = p.words[0]!;
    const [map, key] = first.endsWith('*') ? [byFirstPrefix, first.slice(0, -1)] : [byFirstWord, first];
    map.set(key, [...(map.get(key) ?? []), p]);
  }
  const prefixLengths = [...new Set([...byFirstPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  const prefixOpenings = new Set([...byFirstPrefix.keys()].map((k) => k.slice(0, prefixLengths[0])));
  return { byFirstWord, byFirstPrefix, prefixLengths, prefixOpenings };
}

/** The index's phrases of one concept only: findConcepts(words, conceptIndexOf(index, c)) finds what findConcepts(words, index) finds of c. */
export function conceptIndexOf(index: PhraseIndex, concept: string): PhraseIndex {
  const phrases = [...index.byFirstWord.values(), ...index.byFirstPrefix.values()].flat().filter((p) => p.concept === concept);
  return indexPhrases(phrases);
}

export interface ConceptHit {
  concept: string;
  /** Index of the first word of the match in the word list. */
  at: number;
  /** How many words the match takes. */
  length: number;
}

/**
 * Every concept mention in a word list (wordsOf), in order; cost is words x (phrases sharing a first
 * word or one of its prefixes): a word is looked up whole and by each prefix length the index holds.
 */
export function findConcepts(words: string[], index: PhraseIndex): ConceptHit[] {
  const hits: ConceptHit[] = [];
  const { byFirstWord, byFirstPrefix, prefixLengths, prefixOpenings } = index;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const whole = byFirstWord.get(w);
    if (whole) for (const p of whole) if (matchesAt(words, i, p.words)) hits.push({ concept: p.concept, at: i, length: p.words.length });
    // Most words open no prefix of the index: one look-up says so, instead of one per prefix length.
    if (!prefixOpenings.has(w.slice(0, prefixLengths[0]))) continue;
    for (const length of prefixLengths) {
      if (length > w.length) break;
      const byPrefix = byFirstPrefix.get(length === w.length ? w : w.slice(0, length));
      if (byPrefix) for (const p of byPrefix) if (matchesAt(words, i, p.words)) hits.push({ concept: p.concept, at: i, length: p.words.length });
    }
  }
  return hits;
}

function matchesAt(words: string[], i: number, phrase: string[]): boolean {
  if (i + phrase.length > words.length) return false;
  return phrase.every((p, j) => (p.endsWith('*') ? words[i + j]!.startsWith(p.slice(0, -1)) : words[i + j] === p));
}
