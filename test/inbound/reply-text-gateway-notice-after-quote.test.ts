// A mail gateway's notice added after the quote goes, also when its drawn rule of "=" or "*" sits
// on the notice's first line, as it does in the HTML part where the notice is one paragraph.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { readBehaviour, REPLY_BEHAVIOURS_DIR, squash } from './reply-behaviour-fixtures.ts';

describe('a gateway notice after the quote', () => {
  it('is not part of the note of a two-part reply', async () => {
    const { reply, expected } = await readBehaviour('gateway-notice-after-quote');
    expect(reply.replyText).toBe(expected);
    expect(reply.quoted).toContain('screened by the Legal Aid mail relay');
  });

  it('goes from the HTML part read on its own, where the rule and the notice share a line', async () => {
    const msg = await parseMessage(readFileSync(path.join(REPLY_BEHAVIOURS_DIR, 'gateway-notice-after-quote.eml')));
    const reply = extractReplyText({ text: '', html: msg.html });
    expect(reply.source).toBe('html');
    expect(squash(reply.replyText)).toBe('Read-only for the interns, please. Full access stays with the attorneys. Tomas');
    expect(reply.cuts.map((c) => c.rule)).toContain('disclaimer');
  });

  it('keeps a typed line under a rule that is no legal notice', () => {
    const text = 'Totals for March:\n\n**** 42 tickets closed, 3 still open ****\n\nMaya';
    expect(extractReplyText({ text, html: null }).replyText).toBe(text);
  });
});
