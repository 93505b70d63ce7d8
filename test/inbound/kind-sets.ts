// Reads the labelled mail-kind sets (test/fixtures/mail/kinds-*: .eml files and labels.json) and
// scores detectMailKind on them, case by case. Shared by the labelled-set test and
// scripts/eval-replies.ts. I/O: reads fixture files only, through the project's own parser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { CTX, SIGNS } from './mail-kind-support.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'mail');

export interface KindSet {
  /** Folder under test/fixtures/mail. */
  name: string;
  dir: string;
  /** What the set holds and how it was written. */
  about: string;
  /** At least this many labelled messages. */
  minimum: number;
  /** The score of the first run, before anything was changed in its light (right/total). */
  firstRun: string;
  /** Cases left failing on purpose, and why (file -> reason). */
  knownMisses: Record<string, string>;
}

const set = (name: string, about: string, minimum: number, firstRun: string): KindSet => ({ name, dir: path.join(fixtures, name), about, minimum, firstRun, knownMisses: {} });

/** Every labelled kind set; labels were committed before the detector ever ran on them. They are regression data now. */
export const KIND_SETS: KindSet[] = [
  set('kinds-blind', 'help-desk mail of every kind written for these tests', 30, '32/40'),
  set('kinds-round2', 'a second, independently written set', 30, '45/45'),
  set(
    'kinds-round3',
    'a deliberately hard set: autoresponders without RFC 3834 headers in less common languages, departed and unread mailboxes, help-desk acknowledgements, calendar auto-declines, unusual bounce formats, group lists and people who look like machines',
    35,
    '16/37',
  ),
];

export interface KindLabel {
  file: string;
  kind: 'auto_reply' | 'bounce' | 'list' | 'person';
  failedRecipient?: string;
  status?: string;
}

export interface KindCaseResult {
  label: KindLabel;
  kind: string;
  reason: string;
  failedRecipient: string | null;
  status: string | null;
  ok: boolean;
}

export function kindLabels(dir: string): KindLabel[] {
  return JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as KindLabel[];
}

export async function scoreKindSet(dir: string): Promise<KindCaseResult[]> {
  const out: KindCaseResult[] = [];
  for (const label of kindLabels(dir)) {
    const msg = await parseMessage(readFileSync(path.join(dir, label.file)));
    const verdict = detectMailKind(msg, CTX, SIGNS);
    const first = verdict.bounce?.recipients[0];
    const failedRecipient = first?.address ?? null;
    const status = first?.status ?? null;
    const ok =
      verdict.kind === label.kind &&
      (label.failedRecipient === undefined || failedRecipient === label.failedRecipient) &&
      (label.status === undefined || status === label.status);
    out.push({ label, kind: verdict.kind, reason: verdict.reason, failedRecipient, status, ok });
  }
  return out;
}
