// A learned second opinion on the checklist rules: per checklist item, a small binary linear model that reads
// the request's words and the rules' own verdict and says how likely the item is present. It only overturns
// the rules where it is sure; trained on every labelled help-desk request the item applies to
// (scripts/intake-train.ts), stored as data (config/intake-item-models.json). Pure.
import { predictLinear, trainLinear, type LinearModel } from './linear-model.ts';

export interface ItemModels {
  /** The labelled sets the models learnt from. */
  trainedOn: string[];
  /** A model overturns the rules' verdict only when its probability for the other verdict exceeds this. */
  overturnAbove: number;
  /** ... and finds an item the rules did not only above this (FIND_ABOVE when the file does not say). */
  findAbove?: number;
  /** checklist item id -> model with labels ['absent', 'present']. */
  models: Record<string, LinearModel>;
}

/** One labelled request an item applies to: what the model reads and whether the item was there. */
export interface ItemExample {
  item: string;
  features: string[];
  present: boolean;
}

/**
 * The rules' verdict, repeated: a score is divided by the square root of the feature count, so one
 * feature among a long mail's hundreds of words would weigh little, while the rules are right for most requests.
 */
const VERDICT_COPIES = 4;

/**
 * How sure an item's model must be to overturn the rules. Chosen on the leave-one-set-out estimate over the newest
 * six labelled sets (each held out in turn, the models trained on every other set): pooled missing-info F1
 * 0.730 / 0.752 / 0.756 for 0.6 / 0.7 / 0.8, against 0.733 for the rules alone. On the next four sets, held out
 * from models trained through the one before them, 0.8 and 0.9 gave a mean of 0.775 and 0.778 (0.7: 0.773); 0.9
 * keeps the rules where a model trained on more sets was 87% sure a plainly named report was unnamed.
 */
export const OVERTURN_ABOVE = 0.9;

/**
 * How sure an item's model must be to find an item the rules did not: a name, a start or a step the rules cannot point
 * to in the mail is rarely there (a program, a report or a start the request only seems to have). Leave-one-set-out over
 * all 40 labelled sets, each item judged on its labelled topic: 154 wrong verdicts at 0.9 either way, 157 with the rules
 * alone, 144 / 138 / 141 / 150 with this at 0.97 / 0.98 / 0.99 / never (absent turned present at 0.9: program_name 4
 * right, 3 wrong; report_name 0 / 4; when_started 1 / 8; client_id 1 / 5; trainee_name 1 / 3; steps_followed 3 / 5).
 */
export const FIND_ABOVE = 0.98;

/** Items with fewer labelled requests than this keep the rules alone: too few to learn exceptions from. */
export const MIN_ITEM_EXAMPLES = 40;

/** What an item's model reads: the request's word features, its topic and the rules' verdict. */
export function itemFeatures(requestFeatures: readonly string[], topic: string, rulesPresent: boolean): string[] {
  const verdict = rulesPresent ? 'present' : 'absent';
  const copies = Array.from({ length: VERDICT_COPIES }, (_, i) => `rule${i}:${verdict}`);
  return [...requestFeatures, `topic:${topic}`, ...copies];
}

/** One model per item with enough examples of both verdicts. */
export function trainItemModels(examples: readonly ItemExample[], options: { l2?: number } = {}): Record<string, LinearModel> {
  const byItem = new Map<string, ItemExample[]>();
  for (const e of examples) byItem.set(e.item, [...(byItem.get(e.item) ?? []), e]);
  const models: Record<string, LinearModel> = {};
  for (const [item, rows] of [...byItem].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (rows.length < MIN_ITEM_EXAMPLES || rows.every((r) => r.present) || rows.every((r) => !r.present)) continue;
    models[item] = trainLinear(rows.map((r) => ({ features: r.features, label: r.present ? 'present' : 'absent' })), item, { l2: options.l2 ?? 1e-4 });
  }
  return models;
}

/** The model's probability that the item is present; null when the item has no model. */
export function presentProbability(models: ItemModels, item: string, features: string[]): number | null {
  const model = models.models[item];
  if (!model) return null;
  return predictLinear(model, features).find((p) => p.label === 'present')?.probability ?? 0;
}

/** The rules' verdict unless the item's model is sure of the other one (surer than findAbove to find what the rules did not). */
export function decidePresent(rulesPresent: boolean, probability: number | null, overturnAbove: number, findAbove = overturnAbove): boolean {
  if (probability === null) return rulesPresent;
  if (rulesPresent) return !(1 - probability > overturnAbove);
  return probability > findAbove;
}
