import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../src/inbound/reply-text.ts';

// A bottom-posted answer under more quoted history than is read line by line (10,000 lines; the
// body itself is read up to 512 KB) is still the note; the history is not.
const history = (lines: number): string => Array.from({ length: lines }, (_, i) => `> old line ${i}`).join('\n');

describe('an answer below a very long quoted history', () => {
  it('keeps the answer typed after 12,000 quoted lines, and only the answer', () => {
    const text = `On Tue, Mar 4, 2025 at 9:00 AM Help Desk wrote:\n${history(12_000)}\n\nThe form saves now, thank you.\n\n--\nDana Whitfield\nCase Manager`;
    const r = extractReplyText({ text, html: null });
    expect(r.replyText).toBe('The form saves now, thank you.');
    expect(r.quoted).toContain('old line 11999');
    expect(r.quoted).not.toContain('The form saves now');
  });

  it('keeps both the top answer and a bottom answer split by a long history', () => {
    const text = `Top part: see below.\n\n${history(11_000)}\n\nAnd the bottom part.`;
    const r = extractReplyText({ text, html: null });
    expect(r.replyText).toBe('Top part: see below.\n\nAnd the bottom part.');
  });

  it('adds nothing when the unread part ends in quoted lines', () => {
    const text = `Short answer on top.\n\n${history(12_000)}`;
    const r = extractReplyText({ text, html: null });
    expect(r.replyText).toBe('Short answer on top.');
  });

  it('adds nothing when the last quoted line is further than 2,000 lines from the end', () => {
    const plain = Array.from({ length: 3_000 }, (_, i) => `log entry ${i}`).join('\n');
    const text = `Answer.\n\n${history(11_000)}\n${plain}`;
    const r = extractReplyText({ text, html: null });
    expect(r.replyText).toBe('Answer.');
  });
});
