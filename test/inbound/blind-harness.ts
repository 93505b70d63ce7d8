// Reads the blind reply fixture sets (test/fixtures/mail/replies-blind, replies-round2) and scores
// reply extraction on them, case by case. Shared by the blind-set tests and scripts/eval-replies.ts.
// I/O: reads fixture files only. The labelled kind sets have their own harness (kind-sets.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { extractReplyText } from '../../src/inbound/reply-text.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'mail');
export const REPLIES_BLIND_DIR = path.join(fixtures, 'replies-blind');
export const REPLIES_ROUND2_DIR = path.join(fixtures, 'replies-round2');

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
