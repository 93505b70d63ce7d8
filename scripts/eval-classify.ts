// Measures intake against labelled folders (*.eml + labels.json): per set, route, help-desk topic,
// type and priority accuracy, urgent recall and false alarms per 100, client-ID and missing-info F1,
// each beside the set's first-run figure. One new folder is scored with --dir, and its first run
// is added to the table with --record. I/O: reads folders and the model files; prints a report.
// --cross-sets estimates generalisation instead: each labelled set is held out in turn, the model is
// trained on all the others (the checklist item models too, when loaded), and the held-out set is scored; the mean
// per field is the estimate.
// --hold NAME,NAME holds out only those sets (a full name or its last part: --hold ac,ad); --find-above P tries another
// threshold for an item model to find what the rules did not.
// --urgency lists, per set, each urgent miss and false alarm with the urgency reason given (file names only).
// Usage: npm run eval:classify [-- --dir FOLDER [--name NAME] [--record]] [--misses] [--urgency] [--rules FILE] [--cross-sets [--hold SET,SET]]
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { classifyRequest } from '../src/intake/classify.ts';
import { loadIntakeRules } from '../src/stage-settings.ts';
import { figuresOf, formatAgainstFirstRun, formatScoreReport, formatUrgencyErrors, scoreClassifications } from '../src/intake/evaluation.ts';
import { knownSets, loadLabelledMail, ROOT, type LabelledSet } from './labelled-mail.ts';
import { readFirstRuns, recordFirstRun, renderFirstRuns, FIRST_RUNS_MD } from './first-runs.ts';
import { writeFileSync } from 'node:fs';
import { buildContext } from '../src/intake/context.ts';
import { requestFeatures } from '../src/intake/model-features.ts';
import { FIND_ABOVE, OVERTURN_ABOVE, trainItemModels, type ItemExample } from '../src/intake/item-models.ts';
import { itemExamplesOf } from '../src/intake/item-training.ts';
import { MODEL_FIELDS, trainIntakeModels, type TrainingExample } from '../src/intake/model-training.ts';
import { FIGURE_FIELDS, formatFigure, type FieldFigures, type LabelledCase } from '../src/intake/evaluation.ts';
import type { IntakeRules } from '../src/intake/rules.ts';

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** Leave-one-set-out: per set, a model trained on every other set classifies it; prints each set and the mean. */
async function crossSets(rules: IntakeRules): Promise<void> {
  const sets: { name: string; cases: LabelledCase[]; examples: TrainingExample[]; itemExamples: ItemExample[] }[] = [];
  for (const set of knownSets()) {
    const cases = await loadLabelledMail(set.dir);
    const examples: TrainingExample[] = [];
    const itemExamples: ItemExample[] = [];
    for (const c of cases) {
      const ctx = buildContext(c.input, rules);
      const features = requestFeatures(ctx, rules.vocabulary!);
      examples.push({ set: set.name, features, labels: { route: c.label.route, topic: c.label.topic, type: c.label.type, priority: c.label.priority } });
      itemExamples.push(...itemExamplesOf(c.input, c.label, ctx, features, rules));
    }
    sets.push({ name: set.name, cases, examples, itemExamples });
  }
  const rows: { name: string; count: number; figures: FieldFigures }[] = [];
  const only = argValue('--hold')?.split(',').map((n) => n.trim().toLowerCase());
  for (const held of sets) {
    if (only && !only.some((n) => held.name.toLowerCase() === n || held.name.toLowerCase().endsWith(`-${n}`))) continue;
    const others = sets.filter((s) => s !== held);
    const models = trainIntakeModels(others.flatMap((s) => s.examples));
    for (const field of MODEL_FIELDS) models[field].temperature = rules.model?.models[field].temperature ?? 1;
    // The checklist item models learn from the other sets too, so the held-out set's missing info is judged unseen.
    const itemModels = { trainedOn: others.map((s) => s.name), overturnAbove: OVERTURN_ABOVE, findAbove: Number(argValue('--find-above') ?? FIND_ABOVE), models: trainItemModels(others.flatMap((s) => s.itemExamples)) };
    const trained: IntakeRules = { ...rules, model: { trainedOn: [], count: 0, models }, ...(rules.itemModels ? { itemModels } : {}) };
    const results = held.cases.map((c) => ({ ...c, predicted: classifyRequest(c.input, trained) }));
    rows.push({ name: held.name, count: held.cases.length, figures: figuresOf(scoreClassifications(results)) });
    if (process.argv.includes('--misses')) process.stdout.write(`${held.name}\n${formatScoreReport(scoreClassifications(results), results)}\n\n`);
    if (process.argv.includes('--urgency')) process.stdout.write(formatUrgencyErrors(held.name, results));
  }
  const mean = Object.fromEntries(FIGURE_FIELDS.map((field) => {
    const values = rows.map((r) => r.figures[field]).filter((v): v is number => v !== null);
    return [field, values.length ? values.reduce((a, b) => a + b, 0) / values.length : null];
  })) as unknown as FieldFigures;
  const header = ['set'.padEnd(18), 'n'.padStart(3), ...FIGURE_FIELDS.map((f) => f.slice(0, 9).padStart(9))].join(' ');
  const line = (name: string, count: string, figures: FieldFigures): string => [name.padEnd(18), count.padStart(3), ...FIGURE_FIELDS.map((f) => formatFigure(f, figures[f]).padStart(9))].join(' ');
  process.stdout.write(`leave-one-set-out (trained on every other set, the held-out set scored)\n${header}\n`);
  for (const r of rows) process.stdout.write(`${line(r.name, String(r.count), r.figures)}\n`);
  process.stdout.write(`${line('mean of sets', '', mean)}\n`);
}

async function main(): Promise<void> {
  const rules = loadIntakeRules(argValue('--rules'));
  if (process.argv.includes('--cross-sets')) return crossSets(rules);
  const table = readFirstRuns();
  const dirArg = argValue('--dir');
  let sets: LabelledSet[];
  if (dirArg) {
    const dir = resolve(dirArg);
    if (!existsSync(join(dir, 'labels.json'))) throw new Error(`no labels.json in ${dir}`);
    sets = [{ name: argValue('--name') ?? basename(dir), dir }];
  } else {
    sets = knownSets();
    for (const s of table.sets) {
      if (s.folder && !sets.some((k) => k.name === s.name) && existsSync(join(ROOT, s.folder, 'labels.json'))) sets.push({ name: s.name, dir: join(ROOT, s.folder) });
    }
  }
  const started = performance.now();
  let classified = 0;
  for (const set of sets) {
    const cases = await loadLabelledMail(set.dir);
    const t0 = performance.now();
    const results = cases.map((c) => ({ ...c, predicted: classifyRequest(c.input, rules) }));
    const perRequest = (performance.now() - t0) / Math.max(1, cases.length);
    classified += cases.length;
    const report = scoreClassifications(results);
    const firstRun = table.sets.find((s) => s.name === set.name) ?? null;
    process.stdout.write(`${formatAgainstFirstRun(`${set.name} (${cases.length} requests, ${perRequest.toFixed(2)} ms per request)`, figuresOf(report), firstRun?.figures ?? null)}\n`);
    if (process.argv.includes('--misses')) process.stdout.write(`${formatScoreReport(report, results)}\n`);
    if (process.argv.includes('--urgency')) process.stdout.write(formatUrgencyErrors(set.name, results));
    process.stdout.write('\n');
    if (dirArg && process.argv.includes('--record')) {
      const rel = relative(ROOT, set.dir);
      recordFirstRun({ name: set.name, folder: rel.startsWith('..') ? null : rel, date: new Date().toISOString().slice(0, 10), count: cases.length, figures: figuresOf(report) });
      process.stdout.write(`recorded the first run of ${set.name} in docs/intake-first-runs.json and .md\n`);
    }
  }
  if (process.argv.includes('--table')) writeFileSync(FIRST_RUNS_MD, renderFirstRuns(readFirstRuns()));
  process.stdout.write(`${classified} requests in ${((performance.now() - started) / 1000).toFixed(1)} s (parsing included)\n`);
}

await main();
