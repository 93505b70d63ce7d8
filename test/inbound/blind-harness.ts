// Reads the blind fixture sets (test/fixtures/mail/replies-blind, kinds-blind) and scores the
// reply-extraction and mail-kind stages on them, case by case. Shared by the blind-set tests and
// scripts/eval-replies.ts. I/O: reads fixture files only.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { parseMessage } from '../../src/inbound/parse.ts';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'mail');
export const REPLIES_BLIND_DIR = path.join(fixtures, 'replies-blind');
export const KINDS_BLIND_DIR = path.join(fixtures, 'kinds-blind');
export const REPLIES_ROUND2_DIR = path.join(fixtures, 'replies-round2');
export const KINDS_ROUND2_DIR = path.join(fixtures, 'kinds-round2');
export const KINDS_ROUND3_DIR = path.join(fixtures, 'kinds-round3');

export const squash = (s: string): string => s.trim().replace(/\s+/g, ' ');

export interface ReplyCaseResult {
  name: string;
  expected: string;
  actual: string;
  ok: boolean;
}

async function readReplyInput(dir: string, file: string): Promise<{ text: string; html: string | null }> {
  const bytes = readFileSync(path.join(dir, file));
  if (file.endsWith('.html')) return { text: '', html: bytes.toString('utf8') };
  if (file.endsWith('.eml')) {
    const mail = await simpleParser(bytes);
    return { text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : null };
  }
  return { text: bytes.toString('utf8'), html: null };
}

export function replyBlindFiles(dir: string = REPLIES_BLIND_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(txt|html|eml)$/.test(f) && !f.endsWith('.expected.txt'))
    .sort();
}

export async function scoreReplyBlind(dir: string = REPLIES_BLIND_DIR): Promise<ReplyCaseResult[]> {
  const out: ReplyCaseResult[] = [];
  for (const file of replyBlindFiles(dir)) {
    const name = file.replace(/\.(txt|html|eml)$/, '');
    const expected = readFileSync(path.join(dir, `${name}.expected.txt`), 'utf8');
    const actual = extractReplyText(await readReplyInput(dir, file)).replyText;
    out.push({ name, expected, actual, ok: squash(actual) === squash(expected) });
  }
  return out;
}

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

const ctx = { ownAddresses: ['help@acme.test'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'acme.test' };

export function kindLabels(dir: string = KINDS_BLIND_DIR): KindLabel[] {
  return JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as KindLabel[];
}

export async function scoreKindBlind(dir: string = KINDS_BLIND_DIR): Promise<KindCaseResult[]> {
  const out: KindCaseResult[] = [];
  for (const label of kindLabels(dir)) {
    const msg = await parseMessage(readFileSync(path.join(dir, label.file)));
    const verdict = detectMailKind(msg, ctx);
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
