// Trains the intake classifier's statistical fallback (naive Bayes over stemmed unigrams/bigrams)
// on the project's own labelled fixture folders only - never the shared dev emails - and measures
// whether it helps: leave-one-out accuracy of the model alone, and for each fixture folder the
// rules alone versus rules + fallback with the model trained on the other folders.
// I/O: reads the fixture folders; with --write, writes config/intake-model.json.
// Usage: npm run intake:train [-- --write] [-- --fields topic,type] [-- --min 0.6]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyRequest } from '../src/intake/classify.ts';
import { buildContext } from '../src/intake/context.ts';
import { loadLabelledMail, scoreClassifications, type LabelledCase } from '../src/intake/evaluation.ts';
import { predictNaiveBayes, trainNaiveBayes, type FallbackModel, type NaiveBayesModel } from '../src/intake/fallback.ts';
import { DEFAULT_RULES_PATH, MODEL_FILE_NAME, checkRulesText, type FallbackModels, type IntakeRules } from '../src/intake/rules.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TRAINING_SETS = ['intake', 'intake-blind', 'intake-probes', 'intake-natural', 'intake-round4'];
type Field = 'route' | 'topic' | 'type';
const FIELDS: Field[] = ['route', 'topic', 'type'];

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** The rules file alone, without any model file next to it. */
function rulesWithoutModel(): IntakeRules {
  const check = checkRulesText(readFileSync(DEFAULT_RULES_PATH, 'utf8'), DEFAULT_RULES_PATH);
  if (!check.rules) throw new Error(check.problems.join('\n'));
  return check.rules;
}

function train(cases: LabelledCase[], field: Field, rules: IntakeRules, sets: string[]): NaiveBayesModel {
  const examples = cases.map((c) => ({ text: buildContext(c.input, rules).content, label: c.label[field] }));
  return trainNaiveBayes(examples, field, sets);
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const rules = rulesWithoutModel();
  const fs = { readFile: readFileSync, listDir: readdirSync };
  const bySet = new Map<string, LabelledCase[]>();
  for (const set of TRAINING_SETS) bySet.set(set, await loadLabelledMail(join(ROOT, 'test/fixtures/mail', set), fs));
  const all = [...bySet.values()].flat();
  // --min 0.6 for every field, or per field: --min topic=0.5,type=0.7
  const minArg = argValue('--min') ?? 'topic=0.5,type=0.7';
  const minFor = (field: Field): number => {
    if (!minArg.includes('=')) return Number(minArg);
    const entry = minArg.split(',').map((p) => p.split('=')).find(([f]) => f === field);
    return entry ? Number(entry[1]) : 0.6;
  };
  const minConfidence = minArg;
  const chosen = (argValue('--fields') ?? 'topic,type').split(',').filter((f): f is Field => FIELDS.includes(f as Field));

  process.stdout.write(`training folders: ${TRAINING_SETS.join(', ')} (${all.length} emails)\n\nleave-one-out accuracy of the model alone:\n`);
  for (const field of FIELDS) {
    let hit = 0;
    all.forEach((c, i) => {
      const model = train(all.filter((_, j) => j !== i), field, rules, TRAINING_SETS);
      if (predictNaiveBayes(model, buildContext(c.input, rules).content)?.label === c.label[field]) hit++;
    });
    process.stdout.write(`  ${field.padEnd(6)} ${pct(hit / all.length)}\n`);
  }

  process.stdout.write(`\nheld-out folder: rules alone -> rules + fallback (${chosen.join(', ')}; min confidence ${minConfidence}), model trained on the other folders\n`);
  for (const [held, cases] of bySet) {
    const trainSets = TRAINING_SETS.filter((s) => s !== held);
    const trainCases = trainSets.flatMap((s) => bySet.get(s)!);
    const fallback: FallbackModels = {};
    for (const field of chosen) fallback[field] = { model: train(trainCases, field, rules, trainSets), minConfidence: minFor(field) };
    const plain = scoreClassifications(cases.map((c) => ({ ...c, predicted: classifyRequest(c.input, rules) })));
    const withModel = scoreClassifications(cases.map((c) => ({ ...c, predicted: classifyRequest(c.input, { ...rules, fallback }) })));
    const row = (name: string, a: number, b: number): string => `${name} ${pct(a)} -> ${pct(b)}`;
    process.stdout.write(`  ${held.padEnd(15)} ${row('route', plain.accuracy.route, withModel.accuracy.route)}; ${row('topic(hd)', plain.accuracy.topicHelpdesk, withModel.accuracy.topicHelpdesk)}; ${row('type', plain.accuracy.type, withModel.accuracy.type)}; ${row('missing F1', plain.missingInfo.f1, withModel.missingInfo.f1)}\n`);
  }

  if (process.argv.includes('--write')) {
    const models: Record<string, FallbackModel> = {};
    for (const field of chosen) models[field] = { model: train(all, field, rules, TRAINING_SETS), minConfidence: minFor(field) };
    const path = join(dirname(DEFAULT_RULES_PATH), MODEL_FILE_NAME);
    writeFileSync(path, `${JSON.stringify(models)}\n`);
    process.stdout.write(`\nwrote ${chosen.join(', ')} model(s) to config/${MODEL_FILE_NAME}\n`);
  }
}

await main();
