import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decidePresent, itemFeatures, MIN_ITEM_EXAMPLES, presentProbability, trainItemModels, type ItemExample, type ItemModels } from '../../src/intake/item-models.ts';
import { featuresOf } from '../../src/intake/linear-model.ts';
import { findMissingInfo, recheckMissingInfo } from '../../src/intake/missing-info.ts';
import { parseItemModels } from '../../src/intake/rules.ts';
import { ITEM_MODELS_FILE_NAME, loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';
import { FIXTURE_SETS, ROOT } from '../../scripts/labelled-mail.ts';

/**
 * Labelled requests where the rules find a date, and the labels say a record's date of birth is no start:
 * "dob" requests are labelled absent. Seeded so the set is the same every run.
 */
function examplesWithAnException(count: number, seed = 11): ItemExample[] {
  let s = seed;
  const next = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const fillers = ['enrollment', 'exit', 'profile', 'save', 'error', 'household', 'shelter', 'page'];
  return Array.from({ length: count }, (_, i) => {
    const dob = i % 3 === 0;
    const words = [dob ? 'dob shows 1/1/2019' : 'since monday it fails', ...fillers.filter(() => next() < 0.5)].join(' ');
    return { item: 'when_started', features: itemFeatures(featuresOf('', words), 'client_record', true), present: !dob };
  });
}

const sure = (probability: number): ItemModels => ({
  trainedOn: [], overturnAbove: 0.8,
  models: { when_started: { field: 'when_started', labels: ['absent', 'present'], weights: {}, bias: [0, Math.log(probability / (1 - probability))], temperature: 1 } },
});

describe('a checklist item model overturns the rules only when it is sure', () => {
  it('keeps the rules\' verdict when the model is unsure or has no model for the item', () => {
    expect(decidePresent(true, 0.5, 0.8)).toBe(true);
    expect(decidePresent(false, 0.75, 0.8)).toBe(false);
    expect(decidePresent(false, null, 0.8)).toBe(false);
  });

  it('keeps the rules\' verdict when the model is exactly as sure as the threshold', () => {
    expect(decidePresent(false, 0.8, 0.8)).toBe(false);
    expect(decidePresent(true, 0.25, 0.75)).toBe(true);
  });

  it('overturns the rules\' verdict either way when the model is sure', () => {
    expect(decidePresent(true, 0.1, 0.8)).toBe(false);
    expect(decidePresent(false, 0.9, 0.8)).toBe(true);
  });

  it('learns from labelled requests an exception the rules miss, and keeps the rules elsewhere', () => {
    const models = trainItemModels(examplesWithAnException(120));
    const itemModels: ItemModels = { trainedOn: [], overturnAbove: 0.8, models };
    const probability = (words: string): number => presentProbability(itemModels, 'when_started', itemFeatures(featuresOf('', words), 'client_record', true))!;
    expect(probability('dob shows 1/1/2019 on the profile')).toBeLessThan(0.2);
    expect(probability('since monday it fails on the profile')).toBeGreaterThan(0.8);
  });

  it('trains no model for an item with too few labelled requests or only one verdict', () => {
    expect(trainItemModels(examplesWithAnException(MIN_ITEM_EXAMPLES - 1))).toEqual({});
    expect(trainItemModels(examplesWithAnException(120).map((e) => ({ ...e, present: true })))).toEqual({});
  });

  it('asks for an item the rules found when its model is sure it is absent, and not when it is unsure', () => {
    const rules = loadIntakeRules(undefined, { withModel: false });
    const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'client_record', type: 'issue', priority: 'normal', clientIds: ['ABCD123456'] };
    const mail = { subject: 'Exit date', text: 'Since Monday the exit date on the Enrollments tab comes back after I click Save.', attachments: [] };
    expect(findMissingInfo(mail, decided, rules)).not.toContain('when_started');
    expect(findMissingInfo(mail, decided, { ...rules, itemModels: sure(0.05) })).toContain('when_started');
    expect(findMissingInfo(mail, decided, { ...rules, itemModels: sure(0.5) })).not.toContain('when_started');
  });

  it('finds an item the rules did not only when its model is surer than it must be to drop one', () => {
    expect(decidePresent(false, 0.95, 0.9, 0.98)).toBe(false);
    expect(decidePresent(false, 0.99, 0.9, 0.98)).toBe(true);
    expect(decidePresent(true, 0.05, 0.9, 0.98)).toBe(false);
  });

  it('asks for a program the rules did not find though its model is fairly sure one is named', () => {
    const rules = loadIntakeRules(undefined, { withModel: false });
    const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'workflow_data_entry', type: 'question', priority: 'normal', clientIds: [] };
    const mail = { subject: 'Services', text: 'How do we record a bus pass given to a guest at intake?', attachments: [] };
    const named = (probability: number): ItemModels => ({ trainedOn: [], overturnAbove: 0.9,
      models: { program_name: { field: 'program_name', labels: ['absent', 'present'], weights: {}, bias: [0, Math.log(probability / (1 - probability))], temperature: 1 } } });
    expect(findMissingInfo(mail, decided, { ...rules, itemModels: named(0.95) })).toContain('program_name');
    expect(findMissingInfo(mail, decided, { ...rules, itemModels: named(0.995) })).not.toContain('program_name');
  });

  it('judges a reply to an asked ticket by the rules alone', () => {
    const rules = loadIntakeRules(undefined, { withModel: false });
    const ticket = { route: 'ica_helpdesk', topic: 'client_record', type: 'issue' as const, missingInfo: ['when_started'] };
    const reply = { subject: 'RE: Exit date', text: 'It started on Monday.', attachments: [] };
    expect(recheckMissingInfo(reply, ticket, { ...rules, itemModels: sure(0.01) })).toEqual([]);
  });
});

describe('the stored checklist item models', () => {
  const text = readFileSync(join(ROOT, 'config', ITEM_MODELS_FILE_NAME), 'utf8');

  it('are loaded with the rules, one binary model per item the rules define', () => {
    const rules = loadIntakeRules();
    expect(rules.itemModels).toBeDefined();
    const items = Object.keys(rules.itemModels!.models);
    expect(items.length).toBeGreaterThan(5);
    for (const item of items) expect(rules.items[item], item).toBeDefined();
  });

  it('were trained on every labelled fixture set', () => {
    expect(parseItemModels(text).trainedOn).toEqual(expect.arrayContaining(FIXTURE_SETS));
  });

  it('are refused when a model is not over absent and present', () => {
    const broken = JSON.parse(text) as ItemModels;
    broken.models[Object.keys(broken.models)[0]!]!.labels = ['no', 'yes'];
    expect(() => parseItemModels(JSON.stringify(broken))).toThrow(/item model/);
  });
});
