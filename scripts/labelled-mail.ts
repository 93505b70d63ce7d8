// Reads labelled mail folders (*.eml + labels.json, the layout of the shared dev-emails) into
// the classifier's input, and names the folders the project measures intake on.
// I/O: reads files; parsing goes through the same parse stage the service uses.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '../src/inbound/parse.ts';
import { toIntakeInput } from '../src/inbound/intake-input.ts';
import type { Label, LabelledCase } from '../src/intake/evaluation.ts';
import { resolveSharedDir } from '../src/intake/shared-dir.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The project's own labelled fixture folders, in the order they were written. */
export const FIXTURE_SETS = ['intake', 'intake-blind', 'intake-probes', 'intake-natural', 'intake-round4', 'intake-round5', 'intake-round6', 'intake-heldout-a', 'intake-heldout-b', 'intake-heldout-c', 'intake-heldout-d', 'intake-heldout-e', 'intake-heldout-f', 'intake-heldout-g', 'intake-heldout-h', 'intake-heldout-i', 'intake-heldout-j', 'intake-heldout-k', 'intake-heldout-l', 'intake-heldout-m', 'intake-heldout-n', 'intake-heldout-o', 'intake-heldout-p', 'intake-heldout-q', 'intake-heldout-r', 'intake-heldout-s', 'intake-heldout-t', 'intake-heldout-u', 'intake-heldout-v', 'intake-heldout-w', 'intake-heldout-x', 'intake-heldout-y', 'intake-heldout-z', 'intake-heldout-aa', 'intake-heldout-ab', 'intake-heldout-ac', 'intake-heldout-ad', 'intake-heldout-ae', 'intake-heldout-af', 'intake-heldout-ag', 'intake-heldout-ah', 'intake-heldout-ai', 'intake-heldout-aj', 'intake-heldout-ak', 'intake-heldout-al', 'intake-heldout-am', 'intake-heldout-an', 'intake-heldout-ao', 'intake-heldout-ap', 'intake-heldout-aq', 'intake-heldout-ar', 'intake-heldout-as', 'intake-heldout-at', 'intake-heldout-au', 'intake-heldout-av', 'intake-heldout-aw', 'intake-heldout-ax', 'intake-heldout-ay', 'intake-heldout-az', 'intake-heldout-ba'];

export interface LabelledSet {
  name: string;
  dir: string;
}

/** Every labelled folder available here: the fixture sets, and the shared dev emails when present. */
export function knownSets(): LabelledSet[] {
  const sets = FIXTURE_SETS.map((name) => ({ name, dir: join(ROOT, 'test/fixtures/mail', name) }));
  const dev = join(resolveSharedDir(), 'dev-emails');
  if (existsSync(join(dev, 'labels.json'))) sets.push({ name: 'dev-emails', dir: dev });
  return sets;
}

/** Parses every labelled .eml of a folder into the classifier's input. */
export async function loadLabelledMail(dir: string): Promise<LabelledCase[]> {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Label[];
  const cases: LabelledCase[] = [];
  for (const label of labels) {
    const message = await parseMessage(readFileSync(join(dir, label.file)));
    cases.push({ file: label.file, label, input: toIntakeInput(message) });
  }
  return cases;
}
