// Measures intake against labelled folders (*.eml + labels.json): per set, route, help-desk topic,
// type and priority accuracy, urgent recall and false alarms per 100, client-ID and missing-info F1,
// each beside the set's first-run figure. One new folder is scored with --dir, and its first run
// is added to the table with --record. I/O: reads folders and the model files; prints a report.
// Usage: npm run eval:classify [-- --dir FOLDER [--name NAME] [--record]] [--misses] [--rules FILE]
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { classifyRequest } from '../src/intake/classify.ts';
import { loadIntakeRules } from '../src/intake/rules.ts';
import { figuresOf, formatAgainstFirstRun, formatScoreReport, scoreClassifications } from '../src/intake/evaluation.ts';
import { knownSets, loadLabelledMail, ROOT, type LabelledSet } from './labelled-mail.ts';
import { readFirstRuns, recordFirstRun, renderFirstRuns, FIRST_RUNS_MD } from './first-runs.ts';
import { writeFileSync } from 'node:fs';

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const rules = loadIntakeRules(argValue('--rules'));
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
