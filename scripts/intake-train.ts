// Trains intake's linear model (route, topic, type) on every labelled request the project has:
// its fixture folders, the shared dev emails when present, and, with DATABASE_URL, the admins'
// #route / #topic corrections. Reports cross-validated accuracy (5 folds, and each set held out in
// turn), fits the calibration temperature on the held-out predictions, and with --write stores the
// model in config/intake-model.json. I/O: reads folders and the database; writes the model file.
// Usage: npm run intake:train [-- --write] [-- --no-db]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { buildContext } from '../src/intake/context.ts';
import { fitTemperature, predictLinear, trainLinear, type LabelProbability, type LinearModel } from '../src/intake/linear-model.ts';
import { requestFeatures } from '../src/intake/model-features.ts';
import { loadIntakeRules, DEFAULT_RULES_PATH, MODEL_FILE_NAME } from '../src/intake/rules.ts';
import { loadVocabulary } from '../src/intake/vocabulary.ts';
import { knownSets, loadLabelledMail } from './labelled-mail.ts';
import { dirname } from 'node:path';
import { parseMessage } from '../src/inbound/parse.ts';
import { toIntakeInput } from '../src/inbound/intake-input.ts';

export const MODEL_FIELDS = ['route', 'topic', 'type'] as const;
type Field = (typeof MODEL_FIELDS)[number];

interface Example {
  set: string;
  features: string[];
  labels: Partial<Record<Field, string>>;
}

const FOLDS = 5;
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

/** The latest correction per ticket and field, with the ticket's first mail, as training examples. */
async function loadCorrections(url: string, toFeatures: (raw: Buffer) => Promise<string[]>): Promise<Example[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ ticket_id: number; field: string; to_value: string; raw: Buffer }[]>`
      select distinct on (c.ticket_id, c.field) c.ticket_id, c.field, c.to_value, m.raw
      from classification_corrections c
      join tickets t on t.id = c.ticket_id
      join inbound_messages m on m.id = (select n.inbound_message_id from notes n where n.ticket_id = t.id and n.inbound_message_id is not null order by n.id limit 1)
      where c.field in ('route', 'topic')
      order by c.ticket_id, c.field, c.id desc`;
    const byTicket = new Map<number, Example>();
    for (const row of rows) {
      const example = byTicket.get(row.ticket_id) ?? { set: 'corrections', features: await toFeatures(row.raw), labels: {} };
      example.labels[row.field as Field] = row.to_value;
      byTicket.set(row.ticket_id, example);
    }
    return [...byTicket.values()];
  } finally {
    await sql.end();
  }
}

function trainField(examples: Example[], field: Field): LinearModel {
  return trainLinear(examples.filter((e) => e.labels[field]).map((e) => ({ features: e.features, label: e.labels[field]! })), field);
}

async function main(): Promise<void> {
  const rules = loadIntakeRules(DEFAULT_RULES_PATH, { withModel: false });
  const vocabulary = loadVocabulary();
  const examples: Example[] = [];
  for (const set of knownSets()) {
    for (const c of await loadLabelledMail(set.dir)) {
      examples.push({ set: set.name, features: requestFeatures(buildContext(c.input, rules), vocabulary), labels: { route: c.label.route, topic: c.label.topic, type: c.label.type } });
    }
  }
  if (process.env.DATABASE_URL && !process.argv.includes('--no-db')) {
    const corrections = await loadCorrections(process.env.DATABASE_URL, async (raw) => requestFeatures(buildContext(toIntakeInput(await parseMessage(raw)), rules), vocabulary));
    process.stdout.write(`admin corrections read from the database: ${corrections.length}\n`);
    examples.push(...corrections);
  }
  const sets = [...new Set(examples.map((e) => e.set))];
  process.stdout.write(`training on ${examples.length} requests from ${sets.join(', ')}\n\n`);

  // k-fold: every request predicted by a model that never saw it.
  const oof: Record<Field, { probabilities: LabelProbability[]; label: string; set: string }[]> = { route: [], topic: [], type: [] };
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = examples.filter((_, i) => i % FOLDS !== fold);
    const test = examples.filter((_, i) => i % FOLDS === fold);
    for (const field of MODEL_FIELDS) {
      const model = trainField(train, field);
      for (const e of test) if (e.labels[field]) oof[field].push({ probabilities: predictLinear(model, e.features), label: e.labels[field]!, set: e.set });
    }
  }
  process.stdout.write(`${FOLDS}-fold cross-validated accuracy (held-out predictions only):\n`);
  const temperatures: Partial<Record<Field, number>> = {};
  for (const field of MODEL_FIELDS) {
    const rows = oof[field];
    const hits = rows.filter((r) => r.probabilities[0]!.label === r.label).length;
    temperatures[field] = fitTemperature(rows);
    const confident = rows.filter((r) => r.probabilities[0]!.probability >= 0.6);
    process.stdout.write(`  ${field.padEnd(6)} ${pct(hits / rows.length)} of ${rows.length}; temperature ${temperatures[field]}; ` +
      `answers with p>=0.6 before calibration: ${confident.length}, right ${pct(confident.filter((r) => r.probabilities[0]!.label === r.label).length / Math.max(1, confident.length))}\n`);
  }
  process.stdout.write('\neach set held out in turn (trained on all the others):\n');
  for (const held of sets) {
    const train = examples.filter((e) => e.set !== held);
    const test = examples.filter((e) => e.set === held);
    const parts = MODEL_FIELDS.map((field) => {
      const model = trainField(train, field);
      const rows = test.filter((e) => e.labels[field]);
      const hits = rows.filter((e) => predictLinear(model, e.features)[0]!.label === e.labels[field]).length;
      return `${field} ${pct(hits / Math.max(1, rows.length))}`;
    });
    process.stdout.write(`  ${held.padEnd(16)} ${parts.join('; ')}\n`);
  }

  if (process.argv.includes('--write')) {
    const models = Object.fromEntries(MODEL_FIELDS.map((field) => [field, { ...trainField(examples, field), temperature: temperatures[field] ?? 1 }]));
    const path = join(dirname(DEFAULT_RULES_PATH), MODEL_FILE_NAME);
    writeFileSync(path, `${JSON.stringify({ trainedOn: sets, count: examples.length, models })}\n`);
    process.stdout.write(`\nwrote ${MODEL_FIELDS.join(', ')} models to config/${MODEL_FILE_NAME}\n`);
  }
}

await main();
