// Reads one case of test/fixtures/mail/reply-behaviours (`<name>.eml` through the service's own
// parser, or a bare `<name>.txt` body) with its `<name>.expected.txt`, and extracts the reply,
// knowing the status mail it answers when the case gives one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMessage } from '../../src/inbound/parse.ts';
import { extractReplyText, type ReplyText } from '../../src/inbound/reply-text.ts';

export const REPLY_BEHAVIOURS_DIR = path.join('test', 'fixtures', 'mail', 'reply-behaviours');

/** `sentText`: the text of our status mail the reply answers, as the store keeps it (absent: unknown). */
export async function readBehaviour(name: string, sentText?: string): Promise<{ reply: ReplyText; expected: string }> {
  const eml = path.join(REPLY_BEHAVIOURS_DIR, `${name}.eml`);
  const expected = readFileSync(path.join(REPLY_BEHAVIOURS_DIR, `${name}.expected.txt`), 'utf8').trim();
  if (existsSync(eml)) {
    const msg = await parseMessage(readFileSync(eml));
    return { reply: extractReplyText({ text: msg.text, html: msg.html }, undefined, sentText), expected };
  }
  const text = readFileSync(path.join(REPLY_BEHAVIOURS_DIR, `${name}.txt`), 'utf8');
  return { reply: extractReplyText({ text, html: null }, undefined, sentText), expected };
}

/** Equal after trimming and collapsing white space (clients re-wrap lines). */
export const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
