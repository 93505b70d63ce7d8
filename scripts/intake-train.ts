// Trains intake's linear models (route, topic, type, priority) on every labelled request the
// project has: its fixture folders, the shared dev emails when present, and, with DATABASE_URL, the
// admins' #route / #topic corrections. Reports 5-fold cross-validated accuracy and each set held out
// in turn, fits the calibration temperature on the held-out predictions, and with --write stores
// the models in config/intake-model.json. It also trains the checklist item models (item-models.ts) on the
// labelled folders and stores them, with --write or alone with --items, in config/intake-item-models.json.
// I/O: reads folders and the database; writes the model files.
// --no-report skips the cross-validated report (the slow part) and only trains and writes.
// Usage: npm run intake:train [-- --write] [-- --items] [-- --no-db] [-- --no-report]
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { buildContext } from '../src/intake/context.ts';
import { FIND_ABOVE, OVERTURN_ABOVE, trainItemModels, type ItemExample, type ItemModels } from '../src/intake/item-models.ts';
import { itemExamplesOf } from '../src/intake/item-training.ts';
import { predictLinear } from '../src/intake/linear-model.ts';
import { requestFeatures } from '../src/intake/model-features.ts';
import { correctionLabels, fieldFeatures, MODEL_FIELDS, outOfFoldPredictions, trainIntakeModels, type TrainingExample } from '../src/intake/model-training.ts';
import { DEFAULT_RULES_PATH, ITEM_MODELS_FILE_NAME, loadIntakeRules, MODEL_FILE_NAME } from '../src/stage-settings.ts';
import { parseMessage } from '../src/inbound/parse.ts';
import { toIntakeInput } from '../src/inbound/intake-input.ts';
import { knownSets, loadLabelledMail } from './labelled-mail.ts';

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

/**
 * The latest correction per ticket and field that names one of intake's labels (correctionLabels), with
 * the ticket's first mail, as training examples.
 */
async function loadCorrections(url: string, toFeatures: (raw: Buffer) => Promise<string[]>): Promise<TrainingExample[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const stored = await sql<{ ticketId: number; field: string; to: string }[]>`
      select ticket_id as "ticketId", field, to_value as "to" from classification_corrections
      where field in ('route', 'topic') order by id`;
    const labels = correctionLabels(stored);
    const firstMails = await sql<{ ticketId: number; raw: Buffer }[]>`
      select t.id as "ticketId", m.raw
      from tickets t
      join inbound_messages m on m.id = (select n.inbound_message_id from notes n where n.ticket_id = t.id and n.inbound_message_id is not null order by n.id limit 1)
      where t.id = any(${[...labels.keys()]}::int[]) and m.raw is not null -- a ticket whose mail was cleared (RAW_MAIL_DAYS) teaches nothing
      order by t.id`;
    const examples: TrainingExample[] = [];
    for (const { ticketId, raw } of firstMails) examples.push({ set: 'corrections', features: await toFeatures(raw), labels: labels.get(ticketId)! });
    return examples;
  } finally {
    await sql.end();
  }
}

async function main(): Promise<void> {
  const rules = loadIntakeRules(DEFAULT_RULES_PATH, { withModel: false });
  const vocabulary = rules.vocabulary!;
  const examples: TrainingExample[] = [];
  const itemExamples: ItemExample[] = [];
  for (const set of knownSets()) {
    for (const c of await loadLabelledMail(set.dir)) {
      const ctx = buildContext(c.input, rules);
      const features = requestFeatures(ctx, vocabulary);
      examples.push({ set: set.name, features, labels: { route: c.label.route, topic: c.label.topic, type: c.label.type, priority: c.label.priority } });
      itemExamples.push(...itemExamplesOf(c.input, c.label, ctx, features, rules));
    }
  }
  const trainedOn = [...new Set(examples.map((e) => e.set))];
  if (process.argv.includes('--write') || process.argv.includes('--items')) writeItemModels(itemExamples, trainedOn);
  if (process.argv.includes('--items')) return;
  if (process.env.DATABASE_URL && !process.argv.includes('--no-db')) {
    const corrections = await loadCorrections(process.env.DATABASE_URL, async (raw) => requestFeatures(buildContext(toIntakeInput(await parseMessage(raw)), rules), vocabulary));
    process.stdout.write(`admin corrections read from the database: ${corrections.length}\n`);
    examples.push(...corrections);
  }
  const sets = [...new Set(examples.map((e) => e.set))];
  process.stdout.write(`training on ${examples.length} requests from ${sets.join(', ')}\n`);
  if (!process.argv.includes('--no-report')) report(examples, sets);
  if (process.argv.includes('--write')) {
    const models = trainIntakeModels(examples, { calibrate: true });
    const path = join(dirname(DEFAULT_RULES_PATH), MODEL_FILE_NAME);
    writeFileSync(path, `${JSON.stringify({ trainedOn: sets, count: examples.length, models })}\n`);
    process.stdout.write(`\nwrote ${MODEL_FIELDS.join(', ')} models to config/${MODEL_FILE_NAME} (temperatures ${MODEL_FIELDS.map((f) => models[f].temperature).join(', ')})\n`);
  }
}

/** 5-fold cross-validated accuracy per field, and each set held out in turn (the models alone). */
function report(examples: TrainingExample[], sets: string[]): void {
  process.stdout.write('\n5-fold cross-validated accuracy (held-out predictions only):\n');
  for (const field of MODEL_FIELDS) {
    const rows = outOfFoldPredictions(examples, field);
    const hits = rows.filter((r) => r.probabilities[0]!.label === r.label).length;
    process.stdout.write(`  ${field.padEnd(8)} ${pct(hits / rows.length)} of ${rows.length}\n`);
  }
  process.stdout.write('\neach set held out in turn (model alone, trained on all the others; `npm run eval:classify -- --cross-sets` scores the whole intake):\n');
  for (const held of sets) {
    const models = trainIntakeModels(examples.filter((e) => e.set !== held));
    const test = examples.filter((e) => e.set === held);
    const parts = MODEL_FIELDS.map((field) => {
      const rows = test.filter((e) => e.labels[field]);
      const hits = rows.filter((e) => predictLinear(models[field], fieldFeatures(e.features, field))[0]!.label === e.labels[field]).length;
      return `${field} ${pct(hits / Math.max(1, rows.length))}`;
    });
    process.stdout.write(`  ${held.padEnd(16)} ${parts.join('; ')}\n`);
  }
}

/** The checklist item models, trained on every labelled folder's requests (the rules' verdicts are read with the rules as they are now). */
function writeItemModels(itemExamples: ItemExample[], trainedOn: string[]): void {
  const itemModels: ItemModels = { trainedOn, overturnAbove: OVERTURN_ABOVE, findAbove: FIND_ABOVE, models: trainItemModels(itemExamples) };
  const path = join(dirname(DEFAULT_RULES_PATH), ITEM_MODELS_FILE_NAME);
  writeFileSync(path, `${JSON.stringify(itemModels)}\n`);
  const counts = Object.keys(itemModels.models).map((item) => `${item} ${itemExamples.filter((e) => e.item === item).length}`);
  process.stdout.write(`wrote checklist item models to config/${ITEM_MODELS_FILE_NAME} (requests per item: ${counts.join(', ')})\n\n`);
}

await main();
