import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { figuresOf, findRegressions, scoreClassifications, type FieldFigures } from '../../src/intake/evaluation.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { readFirstRuns } from '../../scripts/first-runs.ts';
import { loadLabelledMail, ROOT } from '../../scripts/labelled-mail.ts';

const rules = loadIntakeRules();
const table = readFirstRuns();
const scoreable = table.sets.filter((s) => s.folder && existsSync(join(ROOT, s.folder, 'labels.json')));

describe('intake never scores below a labelled set\'s first run', () => {
  it('keeps a first run for every fixture round and the independent measurement', () => {
    expect(table.sets.map((s) => s.name)).toEqual(expect.arrayContaining(['intake-natural', 'intake-round4', 'intake-round5', 'intake-round6', 'independent-150']));
  });

  for (const set of scoreable) {
    it(`scores ${set.name} at or above its first run on every field`, async () => {
      const cases = await loadLabelledMail(join(ROOT, set.folder!));
      expect(cases.length).toBe(set.count);
      const now = figuresOf(scoreClassifications(cases.map((c) => ({ ...c, predicted: classifyRequest(c.input, rules) }))));
      expect(findRegressions(now, set.figures)).toEqual([]);
    });
  }
});

describe('findRegressions', () => {
  const base: FieldFigures = { route: 0.9, topic: 0.8, type: 0.9, priority: 0.8, urgentRecall: 1, falseAlarmsPer100: 1, clientIdF1: 0.95, missingInfoF1: 0.7 };
  it('names a field that fell below its first run', () => {
    expect(findRegressions({ ...base, topic: 0.79 }, base)).toEqual(['topic']);
  });
  it('counts more false alarms as worse and fewer as better', () => {
    expect(findRegressions({ ...base, falseAlarmsPer100: 2 }, base)).toEqual(['falseAlarmsPer100']);
    expect(findRegressions({ ...base, falseAlarmsPer100: 0 }, base)).toEqual([]);
  });
  it('ignores fields a first run did not measure', () => {
    expect(findRegressions({ ...base, priority: 0.1 }, { ...base, priority: null })).toEqual([]);
  });
});
