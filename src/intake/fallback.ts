// A small statistical fallback for the intake rules: a multinomial naive Bayes model over stemmed
// word unigrams and bigrams (English and Spanish, stemmed by simple suffix stripping), trained only
// on the project's own labelled fixture mail (scripts/intake-train.ts writes config/intake-model.json).
// The classifier consults it only when the rules give no confident answer (no topic signal fired).
// Pure: training and prediction are functions of their arguments.
import { normalizeText } from './patterns.ts';

export interface NaiveBayesModel {
  /** What the model predicts (e.g. "topic") and which fixture folders it was trained on. */
  field: string;
  trainedOn: string[];
  labels: string[];
  /** log prior per label. */
  logPrior: Record<string, number>;
  /** Feature counts per label (only features seen at least twice overall are kept). */
  counts: Record<string, Record<string, number>>;
  totals: Record<string, number>;
  vocabularySize: number;
}

/** A model with the posterior it must reach before its answer replaces the rules' default. */
export interface FallbackModel {
  model: NaiveBayesModel;
  minConfidence: number;
}

export interface TrainingExample {
  text: string;
  label: string;
}

export interface FallbackPrediction {
  label: string;
  /** Posterior probability of the best label (softmax over log scores). */
  confidence: number;
  /** Posterior of the best label minus that of the runner-up. */
  margin: number;
}

const STOPWORDS = new Set(
  ('a an the and or but if of to in on at by for with from into onto as is are was were be been being am do does did ' +
    'have has had i me my we us our you your he him his she her they them their it its this that these those there here ' +
    'what which who whom when where why how can could would should will shall may might must not no so than then too very ' +
    'just also any some all each every about after before again out up down over only own same other such more most ' +
    'hi hello hey thanks thank please regards best sincerely dear team ica help desk clarity hmis ' +
    'el la los las un una unos unas de del y o en a al por para con sin que se su sus mi mis es son esta estan ' +
    'lo le les nos ya muy pero como mas hola gracias saludos buenos buenas dias tardes favor')
    .split(/\s+/),
);

/** Crude English/Spanish stemmer: strips common inflectional and derivational suffixes. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  const rules: [RegExp, string][] = [
    [/ciones$/, 'cion'], [/mente$/, ''], [/ando$|iendo$/, ''], [/ados?$|idos?$|adas?$|idas?$/, ''],
    [/ational$/, 'ate'], [/ization$/, 'ize'], [/iveness$/, 'ive'], [/fulness$/, 'ful'],
    [/ies$/, 'y'], [/sses$/, 'ss'], [/ing$/, ''], [/edly$/, ''], [/ed$/, ''], [/ly$/, ''],
    [/es$/, ''], [/s$/, ''],
  ];
  for (const [re, to] of rules) {
    if (re.test(w) && w.replace(re, to).length >= 3) {
      w = w.replace(re, to);
      break;
    }
  }
  return w.replace(/e$/, '');
}

/** Stemmed unigrams and adjacent-pair bigrams of a text, stopwords dropped, numbers folded to "#". */
export function features(text: string): string[] {
  const words = normalizeText(text)
    .toLowerCase()
    .replace(/\d+/g, ' # ')
    .match(/[a-z#]+/g) ?? [];
  const kept = words.filter((w) => w === '#' || (w.length > 1 && !STOPWORDS.has(w))).map((w) => (w === '#' ? w : stem(w)));
  const out = [...kept];
  for (let i = 0; i + 1 < kept.length; i++) out.push(`${kept[i]}_${kept[i + 1]}`);
  return out;
}

export function trainNaiveBayes(examples: TrainingExample[], field: string, trainedOn: string[], minCount = 1): NaiveBayesModel {
  const docFeatures = examples.map((e) => ({ label: e.label, feats: features(e.text) }));
  const overall = new Map<string, number>();
  for (const d of docFeatures) for (const f of d.feats) overall.set(f, (overall.get(f) ?? 0) + 1);
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const counts: Record<string, Record<string, number>> = {};
  const totals: Record<string, number> = {};
  const logPrior: Record<string, number> = {};
  for (const label of labels) {
    counts[label] = {};
    totals[label] = 0;
    const n = examples.filter((e) => e.label === label).length;
    logPrior[label] = Math.log((n + 1) / (examples.length + labels.length));
  }
  for (const d of docFeatures) {
    for (const f of d.feats) {
      if ((overall.get(f) ?? 0) <= minCount - 1) continue;
      const c = counts[d.label]!;
      c[f] = (c[f] ?? 0) + 1;
      totals[d.label] = totals[d.label]! + 1;
    }
  }
  const vocabularySize = [...overall.values()].filter((n) => n >= minCount).length;
  return { field, trainedOn, labels, logPrior, counts, totals, vocabularySize };
}

/** Best label with its posterior; presence-only features (each distinct feature counted once). */
export function predictNaiveBayes(model: NaiveBayesModel, text: string, allowed?: readonly string[]): FallbackPrediction | null {
  const feats = [...new Set(features(text))];
  const labels = model.labels.filter((l) => !allowed || allowed.includes(l));
  if (!labels.length) return null;
  const scores = labels.map((label) => {
    const counts = model.counts[label] ?? {};
    const denom = (model.totals[label] ?? 0) + model.vocabularySize + 1;
    let score = model.logPrior[label] ?? 0;
    for (const f of feats) {
      if (!isKnown(model, f)) continue;
      score += Math.log(((counts[f] ?? 0) + 1) / denom);
    }
    return { label, score };
  });
  scores.sort((a, b) => b.score - a.score);
  const max = scores[0]!.score;
  const exp = scores.map((s) => Math.exp(s.score - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const confidence = exp[0]! / sum;
  const second = exp.length > 1 ? exp[1]! / sum : 0;
  return { label: scores[0]!.label, confidence, margin: confidence - second };
}

function isKnown(model: NaiveBayesModel, feature: string): boolean {
  return model.labels.some((l) => (model.counts[l]?.[feature] ?? 0) > 0);
}
