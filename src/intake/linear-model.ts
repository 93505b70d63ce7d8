// A multinomial logistic regression over word uni/bigrams, five-character word prefixes, word stems and the
// vocabulary's concept hits: trained on labelled requests (scripts/intake-train.ts), stored as
// data (config/intake-model.json), with a temperature that calibrates its probabilities.
// Pure: features, training and prediction are functions of their arguments; time is linear in the text.
import { normalizeText } from './patterns.ts';

export interface LinearModel {
  field: string;
  labels: string[];
  /** feature -> one weight per label (labels order), in hundredths; features absent here weigh nothing. */
  weights: Record<string, number[]>;
  bias: number[];
  /** Divides the scores before the softmax; fitted on held-out predictions so confidence means what it says. */
  temperature: number;
  /** The same weights packed for prediction (compactLinearModel, when a stored model is loaded); `weights` is then empty. */
  packed?: PackedWeights;
}

/** A model's weights as one row of numbers per feature: `values[row * labels + j]` is the weight of label j. */
export interface PackedWeights {
  rows: ReadonlyMap<string, number>;
  values: Float64Array;
}

/**
 * A loaded model with its weights packed: a feature finds its row in one Map and its weights in one
 * array of numbers, instead of an object of up to 100,000 properties each holding an array. The
 * same numbers, so the same predictions, from hundreds of thousands fewer objects: the heap once
 * intake is loaded is about half as large, in each thread that loads it. Training keeps the plain
 * `weights`.
 */
export function compactLinearModel(model: LinearModel): LinearModel {
  const k = model.labels.length;
  // A plain loop over the keys: no entry array per feature (a third faster on the stored model).
  const features = Object.keys(model.weights);
  const rows = new Map<string, number>();
  const values = new Float64Array(features.length * k);
  for (let row = 0; row < features.length; row++) {
    const feature = features[row]!;
    const w = model.weights[feature]!;
    rows.set(feature, row);
    for (let j = 0; j < k; j++) values[row * k + j] = w[j]!;
  }
  return { ...model, weights: {}, packed: { rows, values } };
}

export interface LabelProbability {
  label: string;
  probability: number;
}

export interface TrainOptions {
  epochs?: number;
  l2?: number;
  learningRate?: number;
  /** Features seen in fewer training requests than this are dropped. */
  minCount?: number;
  /** Seed of the example order, so training is repeatable. */
  seed?: number;
}

const MAX_CHARS = 20_000;
const TOKEN = /[\p{L}\p{N}]+/gu;

/** Lower-cased, accent-free words of a text (first 20,000 characters), numbers folded to "0". */
export function wordsOf(text: string): string[] {
  const flat = normalizeText(text.slice(0, MAX_CHARS)).toLowerCase();
  return (flat.match(TOKEN) ?? []).map((w) => (/^\d+$/.test(w) ? '0' : w));
}

/** The same tokens as wordsOf with their case kept (accents removed), so a word's capital can be checked. */
export function tokensOf(text: string): string[] {
  return normalizeText(text.slice(0, MAX_CHARS)).match(TOKEN) ?? [];
}

/**
 * wordsOf(`${first}\n\n${second}`) from the words of each part: a blank line splits no word and changes none (no accent
 * or final sigma reaches over it), so the words are the same unless the joined text is longer than wordsOf reads.
 */
export function joinedWordsOf(first: string, second: string, firstWords: readonly string[], secondWords: readonly string[]): string[] {
  return first.length + 2 + second.length <= MAX_CHARS ? [...firstWords, ...secondWords] : wordsOf(`${first}\n\n${second}`);
}

/** The distinct features of a request: subject words apart, body words, bigrams, five-character word prefixes, extras. */
export function featuresOf(subject: string, body: string, extra: string[] = []): string[] {
  const subjectWords = wordsOf(subject);
  return featuresOfWords(subjectWords, [...subjectWords, ...wordsOf(body)], extra);
}

/** featuresOf on words already read: the subject's, and the subject's followed by the body's. */
export function featuresOfWords(subjectWords: readonly string[], words: readonly string[], extra: string[] = []): string[] {
  const out = new Set<string>(extra);
  for (const w of subjectWords) out.add(`s:${w}`);
  // A word met before has its word, prefix and stem features in already (the set keeps the order they came in): only its bigram can be new.
  const met = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const isNew = !met.has(w);
    if (isNew) {
      met.add(w);
      out.add(`w:${w}`);
    }
    if (i + 1 < words.length) out.add(`b:${w}_${words[i + 1]}`);
    if (!isNew) continue;
    // The word's first five characters: a character n-gram that joins inflections (enroll/enrolled/enrollment, informe/informes).
    if (w.length > 5) out.add(`p:${w.slice(0, 5)}`);
    // Its stem, one English or Spanish ending taken off (merges/merged/merging, duplicados/duplicado).
    const stem = stemOf(w);
    if (stem !== w) out.add(`t:${stem}`);
  }
  return [...out];
}

/** Endings that inflect a word in English or Spanish, longest first; a stem keeps at least four characters. */
const ENDINGS = ['aciones', 'iciones', 'amiento', 'imiento', 'ations', 'mente', 'ation', 'acion', 'icion', 'ando', 'iendo',
  'ados', 'adas', 'idos', 'idas', 'ings', 'ment', 'ness', 'ing', 'ado', 'ada', 'ido', 'ida', 'ies', 'ied', 'es', 'ed', 'ly', 's', 'e', 'a', 'o'];

/** A light stemmer for English and Spanish: one inflectional ending off, so related forms share a feature. */
export function stemOf(word: string): string {
  if (word.length <= 4) return word;
  for (const ending of ENDINGS) if (word.endsWith(ending) && word.length - ending.length >= 4) return word.slice(0, -ending.length);
  return word;
}

/** Probabilities of every label, best first. */
export function predictLinear(model: LinearModel, features: string[]): LabelProbability[] {
  const scores = model.packed
    ? packedScoresOf(model.packed, model.bias, model.labels.length, features, WEIGHT_SCALE)
    : scoresOf(model.weights, model.bias, model.labels.length, features, WEIGHT_SCALE);
  const probs = softmax(scores.map((s) => s / model.temperature));
  return model.labels.map((label, i) => ({ label, probability: probs[i]! })).sort((a, b) => b.probability - a.probability);
}

function scoresOf(weights: Record<string, number[]>, bias: number[], k: number, features: readonly string[], scale = 1): number[] {
  const scores = bias.slice(0, k);
  const norm = 1 / Math.sqrt(Math.max(1, features.length));
  for (const f of features) {
    const w = weights[f];
    if (!w) continue;
    for (let j = 0; j < k; j++) scores[j]! += w[j]! * scale * norm;
  }
  return scores;
}

/** scoresOf on packed weights: the same sums in the same order. */
function packedScoresOf(packed: PackedWeights, bias: number[], k: number, features: readonly string[], scale: number): number[] {
  const scores = bias.slice(0, k);
  const norm = 1 / Math.sqrt(Math.max(1, features.length));
  const { rows, values } = packed;
  for (const f of features) {
    const row = rows.get(f);
    if (row === undefined) continue;
    for (let j = 0; j < k; j++) scores[j]! += values[row * k + j]! * scale * norm;
  }
  return scores;
}

export function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

/** Trains by AdaGrad on the cross-entropy with L2; examples are visited in a seeded shuffled order. */
export function trainLinear(examples: { features: string[]; label: string }[], field: string, options: TrainOptions = {}): LinearModel {
  const { epochs = 30, l2 = 1e-4, learningRate = 0.5, minCount = 2, seed = 1 } = options;
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const k = labels.length;
  const docCount = new Map<string, number>();
  for (const e of examples) for (const f of e.features) docCount.set(f, (docCount.get(f) ?? 0) + 1);
  const weights: Record<string, number[]> = {};
  const grads: Record<string, number[]> = {};
  for (const [f, n] of docCount) if (n >= minCount) {
    weights[f] = new Array<number>(k).fill(0);
    grads[f] = new Array<number>(k).fill(1e-8);
  }
  const bias = new Array<number>(k).fill(0);
  const biasGrad = new Array<number>(k).fill(1e-8);
  const order = examples.map((_, i) => i);
  const random = seededRandom(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const example = examples[index]!;
      const kept = example.features.filter((f) => weights[f]);
      const norm = 1 / Math.sqrt(Math.max(1, example.features.length));
      const probs = softmax(scoresOf(weights, bias, k, example.features));
      const target = labels.indexOf(example.label);
      for (let j = 0; j < k; j++) {
        const g = probs[j]! - (j === target ? 1 : 0);
        biasGrad[j]! += g * g;
        bias[j]! -= (learningRate * g) / Math.sqrt(biasGrad[j]!);
        for (const f of kept) {
          const w = weights[f]!;
          const gf = g * norm + l2 * w[j]!;
          grads[f]![j]! += gf * gf;
          w[j]! -= (learningRate * gf) / Math.sqrt(grads[f]![j]!);
        }
      }
    }
  }
  return { field, labels, weights: pruneWeights(weights), bias: bias.map(round), temperature: 1 };
}

/** Stored weights are whole hundredths, so the model file stays small. */
const WEIGHT_SCALE = 0.01;

/** How many features a stored model keeps: those with the largest weights. */
const MAX_FEATURES = 100_000;

/** Keeps the features with the largest weights and stores them as whole hundredths. */
function pruneWeights(weights: Record<string, number[]>): Record<string, number[]> {
  const strength = (w: number[]): number => Math.max(...w.map(Math.abs));
  const kept = Object.entries(weights)
    .filter(([, w]) => strength(w) >= 0.05)
    .sort((a, b) => strength(b[1]) - strength(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_FEATURES);
  return Object.fromEntries(kept.map(([f, w]) => [f, w.map((x) => Math.round(x / WEIGHT_SCALE))]));
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The temperature that minimises the negative log-likelihood of held-out predictions (raw scores given). */
export function fitTemperature(heldOut: { probabilities: LabelProbability[]; label: string }[]): number {
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.2; t <= 5; t += 0.05) {
    let loss = 0;
    for (const row of heldOut) {
      const scores = row.probabilities.map((p) => Math.log(Math.max(p.probability, 1e-12)) / t);
      const probs = softmax(scores);
      const i = row.probabilities.findIndex((p) => p.label === row.label);
      loss -= Math.log(Math.max(i >= 0 ? probs[i]! : 1e-12, 1e-12));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
