// Answers typed between quoted questions stay when the quote is marked line by line: a
// From/Sent/To/Subject block over "> " lines (or an HTML <blockquote>) is an attribution, so the
// text after each quoted run is the person's again; Thunderbird's "On ... wrote:" prefix is the
// first line of its <blockquote type="cite">, not the start of everything below. A header block
// over unprefixed history still ends the reply, and a top-posted Thunderbird reply loses its quote.
import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { readBehaviour, squash } from './reply-behaviour-fixtures.ts';

describe('answers typed after quoted questions', () => {
  it('keeps bold coloured answers between the blockquotes under an HTML header block, without the questions', async () => {
    const { reply, expected } = await readBehaviour('header-block-over-blockquotes-answers');
    expect(reply.source).toBe('html');
    expect(reply.replyText).toBe(expected);
    expect(reply.replyText).not.toContain('guardian');
    expect(reply.cuts.map((c) => c.rule)).toEqual(['header-block', 'quote-lines', 'quote-lines']);
  });

  it('keeps plain-text answers under a header block whose message is quoted with "> ", even with nothing typed above', async () => {
    const { reply, expected } = await readBehaviour('header-block-over-quoted-lines');
    expect(reply.replyText).toBe(expected);
    expect(reply.cuts).toEqual([
      { rule: 'header-block', line: 1 },
      { rule: 'quote-lines', line: 6 },
      { rule: 'quote-lines', line: 12 },
    ]);
  });

  it('still cuts everything under a header block whose history is not prefixed', async () => {
    const { reply, expected } = await readBehaviour('header-block-unprefixed-history');
    expect(reply.replyText).toBe(expected);
    expect(reply.replyText).not.toContain('Please tell us whether it works');
    expect(reply.cuts).toEqual([{ rule: 'header-block', line: 5 }]);
  });

  it('keeps answers between Thunderbird blockquotes in an HTML-only reply; its "-- " signature goes', async () => {
    const { reply, expected } = await readBehaviour('thunderbird-inline-answers-html');
    expect(reply.source).toBe('html');
    expect(reply.replyText).toBe(expected);
    expect(reply.replyText).not.toContain('skrev');
    expect(reply.replyText).not.toContain('Norrskolan');
  });

  it('still cuts the quote of a top-posted Thunderbird HTML reply, attribution included', async () => {
    const { reply, expected } = await readBehaviour('thunderbird-top-posted-html');
    expect(squash(reply.replyText)).toBe(squash(expected));
    expect(reply.quoted).toContain('On 12/8/26 5:10 PM, Help Desk wrote:');
    expect(reply.quoted).toContain('office safe');
  });

  it('keeps a Thunderbird attribution that is not followed by a quote as typed text', () => {
    const html = '<p>See the list below.</p><div class="moz-cite-prefix">Room 114, 115 and 120</div><p>All three are done.</p>';
    const reply = extractReplyText({ text: '', html });
    expect(squash(reply.replyText)).toBe('See the list below. Room 114, 115 and 120 All three are done.');
    expect(reply.cuts).toEqual([]);
  });
});
