// Golden replies where the word rules once cut every line (test/fixtures/mail/reply-structure,
// families in its families.json): GroupWise's ">>> Name <address> date >>>" over an HTML
// <blockquote> is an attribution over a marked quote, so answers after the quoted run are kept;
// and when every line is cut anyway, the lines the quote structure leaves unmarked are kept
// rather than nothing, while an empty reply over unmarked history stays empty.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { scoreFolder } from '../../scripts/eval-replies.ts';
import { extractReplyText, readBody } from '../../src/inbound/reply-text.ts';

const dir = path.join('test', 'fixtures', 'mail', 'reply-structure');
const results = (await scoreFolder(dir)).filter((r) => r.family === 'header over a marked quote' || r.family === 'everything cut');

async function read(name: string) {
  const mail = await simpleParser(readFileSync(path.join(dir, `${name}.eml`)));
  return extractReplyText({ text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : null });
}

describe('a note is never empty while the person typed outside the quote', () => {
  it('has golden replies for both families', () => {
    expect(results.map((r) => r.family).sort()).toEqual(['everything cut', 'header over a marked quote']);
  });

  for (const c of results) {
    it(`keeps exactly what the person typed: ${c.family}, ${c.name}`, () => {
      expect(c.actual.replace(/\s+/g, ' ').trim()).toBe(c.expected.replace(/\s+/g, ' ').trim());
    });
  }

  it('reads a GroupWise header over a blockquote as an attribution and cuts the quoted questions', async () => {
    const r = await read('groupwise-html-header-over-blockquote');
    expect(r.source).toBe('html');
    expect(r.cuts.map((c) => c.rule)).toEqual(['attribution', 'quote-lines', 'quote-lines']);
    expect(r.replyText).not.toContain('Which export format');
    expect(r.quoted).toContain('Does the file open but show the wrong columns');
  });

  it('keeps the unmarked answers under a separator that cut everything, and not the quoted header', async () => {
    const r = await read('separator-over-blockquote-answers-between');
    expect(r.cuts.map((c) => c.rule)).toContain('separator');
    expect(r.replyText).not.toMatch(/Original Message|Sent:|Do reminders fail/);
    expect(r.quoted).toContain('Do reminders fail for every clinic');
  });

  it('still cuts unmarked GroupWise history under its header in a text body', () => {
    const body = ['Yes, Tuesday works.', '', '>>> "Help Desk" <help@deskmail.example.com> 3/14/2025 8:40 AM >>>', 'Can we move the visit to Tuesday?'].join('\n');
    expect(readBody(body, 'text').replyText).toBe('Yes, Tuesday works.');
  });

  it('leaves a reply with nothing typed empty: unmarked history, or only a header over "> " lines', () => {
    const unmarked = ['-----Original Message-----', 'From: Help Desk <help@deskmail.example.com>', 'Sent: Thursday, March 13, 2025 4:10 PM', '', 'Which clinic?'].join('\n');
    expect(readBody(unmarked, 'text').replyText).toBe('');
    const marked = ['On Thu, Mar 13, 2025 at 4:10 PM Help Desk <help@deskmail.example.com> wrote:', '> Which clinic?', '> Thanks'].join('\n');
    expect(readBody(marked, 'text').replyText).toBe('');
  });

  it('keeps no image placeholder as a note when everything else was quoted: a pasted image is a file, not text', () => {
    const body = ['[image: image.png]', '', 'On Wed, May 20, 2026 at 9:00 AM Help Desk <help@deskmail.example.com> wrote:', '', '> Please send a screenshot.'].join('\n');
    expect(readBody(body, 'text').replyText).toBe('');
    const beside = ['See the picture [cid:image001.png@01DCE8A1]', '', 'On Wed, May 20, 2026 at 9:00 AM Help Desk <help@deskmail.example.com> wrote:', '> Please send a screenshot.'].join('\n');
    expect(readBody(beside, 'text').replyText).toBe('See the picture');
  });

  it('keeps no signature as a note when everything else was quoted', () => {
    const body = ['-----Original Message-----', '> Which clinic?', '', '-- ', 'Teodor Lindqvist', 'Harbor Clinic'].join('\n');
    expect(readBody(body, 'text').replyText).toBe('');
  });
});
