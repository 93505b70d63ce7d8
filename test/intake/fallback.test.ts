import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { buildContext } from '../../src/intake/context.ts';
import { loadLabelledMail, scoreClassifications, type LabelledCase } from '../../src/intake/evaluation.ts';
import { features, predictNaiveBayes, stem, trainNaiveBayes } from '../../src/intake/fallback.ts';
import { DEFAULT_RULES_PATH, checkRulesText, loadIntakeRules } from '../../src/intake/rules.ts';

const FIXTURE_SETS = ['intake', 'intake-blind', 'intake-probes', 'intake-natural', 'intake-round4'];
const fixtures = join(import.meta.dirname, '../fixtures/mail');
const rulesOnly = checkRulesText(readFileSync(DEFAULT_RULES_PATH, 'utf8')).rules!;
const fs = { readFile: readFileSync, listDir: readdirSync };

async function load(set: string): Promise<LabelledCase[]> {
  return loadLabelledMail(join(fixtures, set), fs);
}

describe('naive Bayes fallback: text features', () => {
  it('stems English and Spanish inflections to one form', () => {
    expect(stem('merging')).toBe(stem('merged'));
    expect(stem('reports')).toBe(stem('report'));
    expect(stem('duplicados')).toBe(stem('duplicada'));
  });

  it('drops stopwords, folds numbers and adds bigrams', () => {
    const f = features('Please merge client 12345 and 67890');
    expect(f).toContain(stem('merge'));
    expect(f).toContain('#');
    expect(f).not.toContain('please');
    expect(f.some((x) => x.includes('_'))).toBe(true);
  });

  it('learns from examples and says how sure it is', () => {
    const model = trainNaiveBayes(
      [
        { text: 'merge these two duplicate records', label: 'merge_request' },
        { text: 'the same person twice, please combine', label: 'merge_request' },
        { text: 'report totals look wrong', label: 'reports' },
        { text: 'the report shows too many clients', label: 'reports' },
      ],
      'topic',
      ['test'],
    );
    const guess = predictNaiveBayes(model, 'two duplicate profiles for the same person');
    expect(guess?.label).toBe('merge_request');
    expect(guess!.confidence).toBeGreaterThan(0.5);
  });
});

describe('naive Bayes fallback: the committed model', () => {
  it('is trained only on the project\'s own fixture folders', () => {
    const rules = loadIntakeRules();
    expect(rules.fallback?.topic).toBeDefined();
    for (const entry of Object.values(rules.fallback ?? {})) {
      expect(entry.model.trainedOn.length).toBeGreaterThan(0);
      for (const set of entry.model.trainedOn) expect(FIXTURE_SETS).toContain(set);
    }
  });

  it('has a leave-one-out accuracy on the fixtures (printed) above chance', async () => {
    const all = (await Promise.all(FIXTURE_SETS.map(load))).flat();
    const texts = all.map((c) => buildContext(c.input, rulesOnly).content);
    const accuracy: Record<string, number> = {};
    for (const field of ['topic', 'type'] as const) {
      let hit = 0;
      all.forEach((c, i) => {
        const model = trainNaiveBayes(all.filter((_, j) => j !== i).map((d) => ({ text: buildContext(d.input, rulesOnly).content, label: d.label[field] })), field, FIXTURE_SETS);
        if (predictNaiveBayes(model, texts[i]!)?.label === c.label[field]) hit++;
      });
      accuracy[field] = hit / all.length;
    }
    console.log(`fallback leave-one-out over ${all.length} fixture emails: topic ${(accuracy.topic! * 100).toFixed(1)}%, type ${(accuracy.type! * 100).toFixed(1)}%`);
    expect(accuracy.topic).toBeGreaterThan(0.45);
    expect(accuracy.type).toBeGreaterThan(0.7);
  }, 60_000);

  it('does not lower any folder when trained on the other folders (held out)', async () => {
    for (const held of FIXTURE_SETS) {
      const others = FIXTURE_SETS.filter((s) => s !== held);
      const train = (await Promise.all(others.map(load))).flat();
      const test = await load(held);
      const fallback = Object.fromEntries((['topic', 'type'] as const).map((field) => [field, {
        model: trainNaiveBayes(train.map((c) => ({ text: buildContext(c.input, rulesOnly).content, label: c.label[field] })), field, others),
        minConfidence: field === 'topic' ? 0.5 : 0.7,
      }]));
      const plain = scoreClassifications(test.map((c) => ({ ...c, predicted: classifyRequest(c.input, rulesOnly) })));
      const withModel = scoreClassifications(test.map((c) => ({ ...c, predicted: classifyRequest(c.input, { ...rulesOnly, fallback }) })));
      expect(withModel.accuracy.topicHelpdesk, held).toBeGreaterThanOrEqual(plain.accuracy.topicHelpdesk);
      expect(withModel.accuracy.type, held).toBeGreaterThanOrEqual(plain.accuracy.type);
      expect(withModel.accuracy.route, held).toBeGreaterThanOrEqual(plain.accuracy.route);
    }
  }, 60_000);
});
