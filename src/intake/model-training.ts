// Trains intake's models (route, topic, type, priority) from labelled requests: one linear model per field,
// with the calibration temperature fitted on k-fold held-out predictions. Shared by
// `npm run intake:train` and the cross-set evaluation, so both train the same way. Pure.
import { fitTemperature, predictLinear, trainLinear, type LabelProbability, type LinearModel } from './linear-model.ts';

export const MODEL_FIELDS = ['route', 'topic', 'type', 'priority'] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];

export interface TrainingExample {
  set: string;
  features: string[];
  labels: Partial<Record<ModelField, string>>;
}

export interface TrainedModels {
  route: LinearModel;
  topic: LinearModel;
  type: LinearModel;
  priority: LinearModel;
}

const FOLDS = 5;

function trainField(examples: TrainingExample[], field: ModelField): LinearModel {
  return trainLinear(examples.filter((e) => e.labels[field]).map((e) => ({ features: e.features, label: e.labels[field]! })), field);
}

/** Every example predicted by a model trained on the other folds (example i is in fold i mod 5). */
export function outOfFoldPredictions(examples: TrainingExample[], field: ModelField): { probabilities: LabelProbability[]; label: string; set: string }[] {
  const rows: { probabilities: LabelProbability[]; label: string; set: string }[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = trainField(examples.filter((_, i) => i % FOLDS !== fold), field);
    for (const e of examples.filter((_, i) => i % FOLDS === fold)) if (e.labels[field]) rows.push({ probabilities: predictLinear(model, e.features), label: e.labels[field]!, set: e.set });
  }
  return rows;
}

/** The three models trained on every example; calibrate adds the k-fold temperature (five more trainings per field). */
export function trainIntakeModels(examples: TrainingExample[], options: { calibrate?: boolean } = {}): TrainedModels {
  const out = {} as TrainedModels;
  for (const field of MODEL_FIELDS) {
    const model = trainField(examples, field);
    out[field] = options.calibrate ? { ...model, temperature: fitTemperature(outOfFoldPredictions(examples, field)) } : model;
  }
  return out;
}
