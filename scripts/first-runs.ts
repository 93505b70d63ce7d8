// The first-run table: each labelled set's scores from the one run made before anything was changed
// in its light. Kept as JSON (read by the tests and eval:classify) and as a readable Markdown table.
// I/O: reads and writes docs/intake-first-runs.{json,md}.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIGURE_FIELDS, formatFigure, type FieldFigures } from '../src/intake/evaluation.ts';
import { ROOT } from './labelled-mail.ts';

export interface FirstRun {
  name: string;
  /** Relative to the project root; null for a set kept outside the project. */
  folder: string | null;
  date: string;
  count: number;
  figures: FieldFigures;
}

export interface FirstRunTable {
  about: string;
  sets: FirstRun[];
}

export const FIRST_RUNS_JSON = join(ROOT, 'docs/intake-first-runs.json');
export const FIRST_RUNS_MD = join(ROOT, 'docs/intake-first-runs.md');

export function readFirstRuns(path = FIRST_RUNS_JSON): FirstRunTable {
  return JSON.parse(readFileSync(path, 'utf8')) as FirstRunTable;
}

/** Adds one set's first run; a set is scored for the record once, so a second entry is refused. */
export function recordFirstRun(entry: FirstRun, path = FIRST_RUNS_JSON, mdPath = FIRST_RUNS_MD): void {
  const table = readFirstRuns(path);
  if (table.sets.some((s) => s.name === entry.name)) throw new Error(`${entry.name} already has a first run; a set is scored for the record once`);
  const rounded = Object.fromEntries(FIGURE_FIELDS.map((f) => [f, entry.figures[f] === null ? null : Math.round(entry.figures[f]! * 1000) / 1000])) as unknown as FieldFigures;
  table.sets.push({ ...entry, figures: rounded });
  writeFileSync(path, `${JSON.stringify(table, null, 2)}\n`);
  writeFileSync(mdPath, renderFirstRuns(table));
}

const HEADERS = ['set', 'when', 'n', 'route', 'topic (help desk)', 'type', 'priority', 'urgent recall', 'false alarms /100', 'client-ID F1', 'missing-info F1'];

export function renderFirstRuns(table: FirstRunTable): string {
  const rows = table.sets.map((s) => [s.name, s.date, String(s.count), ...FIGURE_FIELDS.map((f) => formatFigure(f, s.figures[f]))]);
  return [
    '# Intake: first-run figures',
    '',
    'Each labelled set is scored once, before anything is changed in its light; that first run is the',
    'figure reported here. Afterwards the set may join the training data. `npm run eval:classify` prints',
    'every set now beside its first run, and a test fails when a figure falls below it.',
    'Score a new folder and add its first run with',
    '`npm run eval:classify -- --dir FOLDER --name NAME --record` (the table is rewritten from',
    '`docs/intake-first-runs.json`). "-" means the first run did not measure that field.',
    '',
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
}
