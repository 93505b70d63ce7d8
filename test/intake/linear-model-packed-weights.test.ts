// A stored model is loaded with its weights packed (one Map of rows, one array of numbers): it must
// predict exactly what the model with plain weights predicts, for the models we ship.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compactLinearModel, predictLinear, type LinearModel } from '../../src/intake/linear-model.ts';
import { parseIntakeModel, parseItemModels } from '../../src/intake/rules.ts';

const plainModels = JSON.parse(readFileSync(new URL('../../config/intake-model.json', import.meta.url), 'utf8')).models as Record<string, LinearModel>;
const plainItems = JSON.parse(readFileSync(new URL('../../config/intake-item-models.json', import.meta.url), 'utf8')).models as Record<string, LinearModel>;
const loaded = parseIntakeModel(readFileSync(new URL('../../config/intake-model.json', import.meta.url), 'utf8')).models as Record<string, LinearModel>;
const loadedItems = parseItemModels(readFileSync(new URL('../../config/intake-item-models.json', import.meta.url), 'utf8')).models as Record<string, LinearModel>;

/** Features a request could have: some the model knows (every seventh of its own), some it does not. */
function featuresFor(model: LinearModel, offset: number): string[] {
  const known = Object.keys(model.weights).filter((_, i) => (i + offset) % 7 === 0).slice(0, 400);
  return [...known, 'w:nowhere-in-any-model', `b:${offset}_unknown`];
}

describe('packed model weights', () => {
  it('loads every shipped model packed, with no plain weights left to hold', () => {
    for (const model of [...Object.values(loaded), ...Object.values(loadedItems)]) {
      expect(model.packed?.rows.size).toBeGreaterThan(0);
      expect(Object.keys(model.weights)).toHaveLength(0);
    }
  });

  it('predicts exactly what the plain weights predict, for every shipped model', () => {
    for (const [plain, packed] of [[plainModels, loaded], [plainItems, loadedItems]] as const) {
      for (const [name, model] of Object.entries(plain)) {
        for (const offset of [0, 3]) {
          const features = featuresFor(model, offset);
          expect(predictLinear(packed[name]!, features), name).toEqual(predictLinear(model, features));
        }
      }
    }
  });

  it('keeps each feature with its own row of weights', () => {
    const model: LinearModel = { field: 'f', labels: ['a', 'b', 'c'], weights: { 'w:one': [300, 0, 0], 'w:two': [0, 0, 300], 'w:three': [0, 300, 0] }, bias: [0, 0, 0], temperature: 1 };
    const packed = compactLinearModel(model);
    for (const [feature, label] of [['w:one', 'a'], ['w:two', 'c'], ['w:three', 'b']] as const) {
      expect(predictLinear(packed, [feature])[0]!.label).toBe(label);
      expect(predictLinear(packed, [feature])).toEqual(predictLinear(model, [feature]));
    }
  });
});
