// The features the trained intake model reads from one request: its words (subject apart, body
// without signature), character n-grams, the vocabulary's concepts, and whether the vendor is the
// addressee. Shared by training and prediction so both see the same thing. Pure.
import type { IntakeContext } from './context.ts';
import { featuresOf, wordsOf } from './linear-model.ts';
import { findConcepts, type Vocabulary } from './vocabulary.ts';

export function requestFeatures(ctx: IntakeContext, vocabulary: Vocabulary): string[] {
  const concepts = findConcepts(wordsOf(ctx.content), vocabulary.conceptIndex).map((h) => `v:${h.concept}`);
  const extra = [...new Set(concepts)];
  if (ctx.addressedToVendor) extra.push('x:addressed-to-vendor');
  return featuresOf(ctx.subject, ctx.body, extra);
}
