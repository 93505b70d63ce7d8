// The features the trained intake models read from one request: its words and stems (subject apart,
// body without signature or forwarded/quoted header lines), character n-grams, the vocabulary's
// concepts (negated ones apart), the boundary rules that fire, the urgency word groups met together,
// and whether the vendor is the addressee. Shared by training and prediction so both see the same thing. Pure.
import type { IntakeContext } from './context.ts';
import { featuresOfWords, joinedWordsOf, wordsOf } from './linear-model.ts';
import { compilePattern } from './patterns.ts';
import { HEADER_FIELD_LINE } from './header-lines.ts';
import { urgencySignals } from './urgency.ts';
import { findConcepts, type Vocabulary } from './vocabulary.ts';

type Boundary = Vocabulary['boundaries'][number];

/** Words that negate a concept said just after them ("not urgent", "no error", "sin prisa" stays a phrase). */
const NEGATIONS = new Set(['not', 'no', 'never', 'without', 'nunca', 'ni']);

/**
 * The features of one request, worked out once per context and vocabulary: the route and topic models
 * read them, and then the item models for the missing information, from the same context.
 */
export function requestFeatures(ctx: IntakeContext, vocabulary: Vocabulary): string[] {
  let byVocabulary = featuresMade.get(ctx);
  if (!byVocabulary) featuresMade.set(ctx, (byVocabulary = new WeakMap()));
  let features = byVocabulary.get(vocabulary);
  if (!features) byVocabulary.set(vocabulary, (features = Object.freeze(makeRequestFeatures(ctx, vocabulary)) as string[]));
  return features;
}
const featuresMade = new WeakMap<IntakeContext, WeakMap<Vocabulary, string[]>>();

function makeRequestFeatures(ctx: IntakeContext, vocabulary: Vocabulary): string[] {
  const body = withoutBoilerplate(ctx.body);
  // The words are read once: the features read subject and body one after the other, the concepts as one text.
  const subjectWords = wordsOf(ctx.subject);
  const bodyWords = wordsOf(body);
  const words = joinedWordsOf(ctx.subject, body, subjectWords, bodyWords);
  const extra = new Set<string>();
  for (const hit of findConcepts(words, vocabulary.conceptIndex)) {
    const negated = NEGATIONS.has(words[hit.at - 1] ?? '') || NEGATIONS.has(words[hit.at - 2] ?? '');
    extra.add(negated ? `n:${hit.concept}` : `v:${hit.concept}`);
  }
  for (const hit of findConcepts(subjectWords, vocabulary.conceptIndex)) extra.add(`sv:${hit.concept}`);
  for (const i of firedBoundaryIndexes(ctx, vocabulary)) extra.add(`r:${i}`);
  for (const signal of urgencySignals(ctx.content, vocabulary)) extra.add(`u:${signal}`);
  if (ctx.addressedToVendor) extra.add('x:addressed-to-vendor');
  return featuresOfWords(subjectWords, [...subjectWords, ...bodyWords], [...extra]);
}

/** The boundary rules whose pattern (or vendor-as-addressee condition) holds for this request. */
export function firedBoundaries(ctx: IntakeContext, vocabulary: Vocabulary): Boundary[] {
  return firedBoundaryIndexes(ctx, vocabulary).map((i) => vocabulary.boundaries[i]!);
}

/** Where the fired boundary rules stand in the vocabulary, worked out once per context: the features and the route both ask. */
function firedBoundaryIndexes(ctx: IntakeContext, vocabulary: Vocabulary): number[] {
  let byVocabulary = boundariesFired.get(ctx);
  if (!byVocabulary) boundariesFired.set(ctx, (byVocabulary = new WeakMap()));
  let fired = byVocabulary.get(vocabulary);
  if (!fired) byVocabulary.set(vocabulary, (fired = vocabulary.boundaries.flatMap((b, i) => (isFired(b, ctx) ? [i] : []))));
  return fired;
}
const boundariesFired = new WeakMap<IntakeContext, WeakMap<Vocabulary, number[]>>();

function isFired(boundary: Boundary, ctx: IntakeContext): boolean {
  if (boundary.addressedToVendor) return ctx.addressedToVendor;
  return boundary.pattern ? compilePattern(boundary.pattern).test(ctx.content) : false;
}

/**
 * The header lines a forwarded or quoted message carries (From:, Sent:, To:, Subject:, De:, Enviado:,
 * "-----Original Message-----", "On ... wrote:") and quote marks: they say who wrote, not what is asked,
 * so the model reads the words of the request without them.
 */
export function withoutBoilerplate(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(?:\s*>)+ ?/, ''))
    .filter((line) => !BOILERPLATE_LINES.some((re) => re.test(line.trim())))
    .join('\n');
}

/** Matched against a trimmed line. */
const BOILERPLATE_LINES = [
  HEADER_FIELD_LINE,
  /^-{2,} ?(?:original message|forwarded message|mensaje original|mensaje reenviado) ?-{2,}/i,
  /^(?:begin forwarded message|inicio del mensaje reenviado):?$/i,
  /^(?:on|el) [^\n]{0,120}(?:wrote|escribio):$/i,
];
