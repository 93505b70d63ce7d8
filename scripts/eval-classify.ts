// Measures the intake classifier against a labelled folder (*.eml + labels.json, the layout of
// ../shared/dev-emails): per-field accuracy, urgent precision/recall, micro F1 of client IDs and
// missing info, and a listing of every miss. I/O: reads the folder; prints a report.
// Usage: npm run eval:classify [-- --dir <folder>] [-- --rules <file>]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadLabelledMail, scoreClassifications, formatScoreReport } from '../src/intake/evaluation.ts';
import { classifyRequest } from '../src/intake/classify.ts';
import { loadIntakeRules } from '../src/intake/rules.ts';
import { resolveSharedDir } from '../src/intake/shared-dir.ts';

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const dir = argValue('--dir') ?? join(resolveSharedDir(), 'dev-emails');
  if (!existsSync(join(dir, 'labels.json'))) {
    process.stdout.write(`skipped: no labelled mail at ${dir}\n`);
    return;
  }
  const rules = loadIntakeRules(argValue('--rules'));
  const cases = await loadLabelledMail(dir, { readFile: readFileSync, listDir: readdirSync });
  const results = cases.map((c) => ({ ...c, predicted: classifyRequest(c.input, rules) }));
  process.stdout.write(`${formatScoreReport(scoreClassifications(results), results)}\n`);
}

await main();
