// Reads one case of test/fixtures/mail/reply-behaviours (`<name>.eml` through the service's own
// parser, or a bare `<name>.txt` body) with its `<name>.expected.txt`, and extracts the reply.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMessage } from '../../src/inbound/parse.ts';
import { extractReplyText, type ReplyText } from '../../src/inbound/reply-text.ts';

export const REPLY_BEHAVIOURS_DIR = path.join('test', 'fixtures', 'mail', 'reply-behaviours');

export async function readBehaviour(name: string): Promise<{ reply: ReplyText; expected: string }> {
  const eml = path.join(REPLY_BEHAVIOURS_DIR, `${name}.eml`);
  const expected = readFileSync(path.join(REPLY_BEHAVIOURS_DIR, `${name}.expected.txt`), 'utf8').trim();
  if (existsSync(eml)) {
    const msg = await parseMessage(readFileSync(eml));
    return { reply: extractReplyText({ text: msg.text, html: msg.html }), expected };
  }
  const text = readFileSync(path.join(REPLY_BEHAVIOURS_DIR, `${name}.txt`), 'utf8');
  return { reply: extractReplyText({ text, html: null }), expected };
}

/** Equal after trimming and collapsing white space (clients re-wrap lines). */
export const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
