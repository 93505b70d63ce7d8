// Every line the reply extraction removes is explained: `cuts` names the rule and the 1-based
// line of the body that was read where the cut starts; and when a mail has both a text and an
// HTML part, the two readings are cross-checked (structure wins over words, answers are never lost).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';

const dir = path.join('test', 'fixtures', 'mail', 'replies-clients');

async function read(name: string) {
  const msg = await parseMessage(readFileSync(path.join(dir, `${name}.eml`)));
  return extractReplyText({ text: msg.text, html: msg.html });
}

describe('reply cuts: which rule cut where', () => {
  it('names the contact block, the inline logo and the Outlook header block, each at its line', async () => {
    const r = await read('outlook-desktop-mailto-logo');
    expect(r.source).toBe('text');
    expect(r.cuts).toEqual([
      { rule: 'contact-block', line: 6 },
      { rule: 'image-placeholder', line: 11 },
      { rule: 'header-block', line: 13 },
    ]);
  });

  it('names the signature delimiter of a Thunderbird reply', async () => {
    const r = await read('thunderbird-plain-flowed-signature');
    expect(r.cuts).toEqual([{ rule: 'signature-delimiter', line: 8 }]);
  });

  it('names the device line of an iPhone reply', async () => {
    expect((await read('mobile-iphone-mail')).cuts).toEqual([{ rule: 'device-line', line: 3 }]);
  });

  it('names "-----Original Message-----" and not the marker the separator already cut away', async () => {
    expect((await read('outlook-plain-original-message-76')).cuts).toEqual([{ rule: 'separator', line: 13 }]);
  });

  it('names the attribution and each run of quoted questions between inline answers', async () => {
    const r = await read('gmail-web-inline-answers');
    expect(r.cuts.map((c) => c.rule)).toEqual(['attribution', 'quote-lines', 'quote-lines', 'quote-lines', 'quote-lines']);
    const lines = readBodyLines(r.quoted);
    expect(lines).toContain('1. Which browser are you using?');
  });

  it('names the HTML quote container an Outlook on the web reply carries', async () => {
    const r = await read('outlook-web-html-only-x-prefixed');
    expect(r.source).toBe('html');
    expect(r.cuts).toEqual([{ rule: 'html-quote-container', line: 10 }]);
  });

  it('names a web tool footer under the quote', async () => {
    const r = await read('html-tool-crm-quoted-div');
    expect(r.cuts.map((c) => c.rule)).toEqual(['attribution', 'quote-lines', 'footer-after-quote']);
  });

  it('names our own marker when it stands bare, and ignores it inside a quote with answers below', () => {
    const bare = extractReplyText({ text: 'Works now.\n\n##- Please type your reply above this line -##\nIssue fixed.', html: null });
    expect(bare.replyText).toBe('Works now.');
    expect(bare.cuts).toEqual([{ rule: 'reply-marker', line: 3 }]);
    const quoted = extractReplyText({ text: '> Which program?\n> ##- Please type your reply above this line -##\n\nThe shelter one.', html: null });
    expect(quoted.replyText).toBe('The shelter one.');
    expect(quoted.cuts).toEqual([{ rule: 'quote-lines', line: 1 }]);
  });
});

describe('reply cross-check between the text and HTML parts', () => {
  const quotedHistory = 'Issue Utah_RW-9 has been assigned to Summer Ames.';

  it('takes the HTML reading when the text part kept a quote header it did not recognise', () => {
    // A header in a language the text rules do not know; the HTML's divRplyFwdMsg says where the quote is.
    const text = `Thanks, that works.\n\nLähettäjä-kenttä Helpdesk\nAika 3.12.2026\n${quotedHistory}\n`;
    const html = `<div>Thanks, that works.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>Lähettäjä-kenttä</b> Helpdesk<br>Aika 3.12.2026</div><div>${quotedHistory}</div>`;
    const r = extractReplyText({ text, html });
    expect(r.replyText).toBe('Thanks, that works.');
    expect(r.source).toBe('html');
    expect(r.crossCheck).toBe('the text part kept lines the HTML quotes');
  });

  it('keeps the text reading when the HTML lost a line the person typed', () => {
    // The HTML part lacks the typed name the text part has: nothing says that line is quoted.
    const text = 'Yes, please close it.\n\nMaria\n\nOn Tue, Dec 1, 2026 at 9:00 AM Help Desk <help@example.test> wrote:\n> Can we close this?\n';
    const html = '<div>Yes, please close it.</div><div class="gmail_quote">On Tue, Dec 1, 2026 at 9:00 AM Help Desk &lt;help@example.test&gt; wrote:<blockquote>Can we close this?</blockquote></div>';
    const r = extractReplyText({ text, html });
    expect(r.replyText).toBe('Yes, please close it.\n\nMaria');
    expect(r.source).toBe('text');
  });

  it('takes the HTML reading when it keeps coloured answers the text part cut as quoted', async () => {
    const r = await read('outlook-web-inline-answers-coloured');
    expect(r.source).toBe('html');
    expect(r.crossCheck).toBe('the HTML keeps answers the text part cut');
    expect(r.replyText).toContain('Only when the range crosses October 1st.');
    expect(r.replyText).not.toContain('Which program is it?');
  });

  it('keeps coloured text inside quoted history out of the note unless the reply announces answers there', () => {
    const html = '<div>Thanks, fixed.</div><div id="divRplyFwdMsg"><b>From:</b> Help Desk</div><div><p>Status: <span style="color:#c00000">Assigned</span></p></div>';
    expect(extractReplyText({ text: '', html }).replyText).toBe('Thanks, fixed.');
  });
});

function readBodyLines(s: string): string[] {
  return s.split('\n').map((l) => l.replace(/^[>\s]+/, '').trim());
}

describe('answers typed in colour inside a quoted message (HTML)', () => {
  const quote = (answerStyle: string) =>
    `<p>Hi, my answers are in green.</p><p>On Fri, Dec 4, 2026 at 9:00 AM Help Desk &lt;help@example.test&gt; wrote:</p><blockquote type="cite"><p>Which program?<br><span style="${answerStyle}">Family Shelter East</span></p><p>Since when?<br><span style="${answerStyle}">Since Monday.</span></p></blockquote>`;

  it('keeps them, without the questions, when the reply announces them', () => {
    const r = extractReplyText({ text: '', html: quote('color:#00a000') });
    expect(r.replyText).toBe('Hi, my answers are in green.\n\nFamily Shelter East\n\nSince Monday.');
  });

  it('leaves black or grey text inside the quote as quoted', () => {
    expect(extractReplyText({ text: '', html: quote('color:#333333') }).replyText).toBe('Hi, my answers are in green.');
  });

  it('leaves coloured quoted text alone when the reply does not say its answers are there', () => {
    const html = quote('color:#00a000').replace('Hi, my answers are in green.', 'Thanks, all good now.');
    expect(extractReplyText({ text: '', html }).replyText).toBe('Thanks, all good now.');
  });
});
