// Reply extraction against our own help-desk replies in test/fixtures/mail/replies/: each
// fixture (.txt plain body, .html HTML-only body, .eml whole message) has the note we expect
// next to it as <name>.expected.txt, compared after trimming and collapsing white space.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { REPLY_ABOVE_MARKER } from '../../src/inbound/reply-marker.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'mail', 'replies');
const squash = (s: string): string => s.trim().replace(/\s+/g, ' ');

async function readInput(file: string): Promise<{ text: string; html: string | null }> {
  const bytes = readFileSync(path.join(dir, file));
  if (file.endsWith('.html')) return { text: '', html: bytes.toString('utf8') };
  if (file.endsWith('.eml')) {
    const mail = await simpleParser(bytes);
    return { text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : null };
  }
  return { text: bytes.toString('utf8'), html: null };
}

const fixtures = readdirSync(dir).filter((f) => /\.(txt|html|eml)$/.test(f) && !f.endsWith('.expected.txt'));

describe('extractReplyText on our fixtures', () => {
  it('has fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThan(15);
  });

  for (const file of fixtures) {
    it(`keeps only what the person wrote in ${file}`, async () => {
      const expected = readFileSync(path.join(dir, file.replace(/\.(txt|html|eml)$/, '.expected.txt')), 'utf8');
      const result = extractReplyText(await readInput(file));
      expect(squash(result.replyText)).toBe(squash(expected));
    });
  }
});

describe('extractReplyText behaviour', () => {
  it('keeps the stripped part in quoted', () => {
    const result = extractReplyText({
      text: 'Works now.\n\nOn Tue, Mar 4, 2025 at 10:12 AM Acme <support@acme.test> wrote:\n> Does it work?\n',
      html: null,
    });
    expect(result.replyText).toBe('Works now.');
    expect(result.quoted).toContain('> Does it work?');
    expect(result.quoted).toContain('wrote:');
  });

  it('treats everything from our marker down as quoted, even when re-quoted', () => {
    const result = extractReplyText({ text: `Please escalate.\n\n> ${REPLY_ABOVE_MARKER}\n> Ticket text`, html: null });
    expect(result.replyText).toBe('Please escalate.');
    expect(result.quoted).toContain('Ticket text');
  });

  it('returns empty text when the reply holds only quoted history', () => {
    const result = extractReplyText({ text: '\nOn Tue, Mar 4, 2025 at 10:12 AM Acme <a@acme.test> wrote:\n> hi\n', html: null });
    expect(result.replyText).toBe('');
  });

  it('reads the HTML body only when the text body is empty', () => {
    const result = extractReplyText({ text: 'plain wins', html: '<p>html loses</p>' });
    expect(result.replyText).toBe('plain wins');
    expect(extractReplyText({ text: '', html: '<p>html <b>only</b></p>' }).replyText).toBe('html only');
  });

  it('keeps the typed text of a line that shares it with the attribution', () => {
    const result = extractReplyText({ text: 'ok thanks On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:\n> Hi', html: null });
    expect(result.replyText).toBe('ok thanks');
  });

  it('does not take "Sent from my desk, ..." in a sentence for a device line', () => {
    const text = 'Here is the log.\n\nSent from my desk, since the laptop is broken.';
    expect(squash(extractReplyText({ text, html: null }).replyText)).toBe(squash(text));
  });

  it('never throws on empty, binary or odd input', () => {
    const inputs = [
      { text: '', html: null },
      { text: '', html: '' },
      { text: '\u0000\u0001\uFFFD'.repeat(1000), html: null },
      { text: '', html: '<<<>>><div><blockquote><blockquote>' },
      { text: '>'.repeat(10_000), html: null },
      { text: undefined as unknown as string, html: 42 as unknown as string },
    ];
    for (const input of inputs) {
      const result = extractReplyText(input);
      expect(typeof result.replyText).toBe('string');
      expect(typeof result.quoted).toBe('string');
    }
  });

  it('handles a 5 MB body quickly', () => {
    const line = 'On Tue, Mar 4, 2025 at 10:12 AM someone wrote: ' + 'a'.repeat(200) + ' -- > From: x Sent: y\n';
    const quoted = '> ' + 'ACGT'.repeat(2000) + '\n';
    const text = 'Top reply.\n\n' + (line + quoted + 'From: 01/01/2025\n').repeat(Math.ceil(5_000_000 / (line.length + quoted.length + 17)));
    expect(text.length).toBeGreaterThan(5_000_000);
    const started = performance.now();
    const result = extractReplyText({ text, html: null });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(typeof result.replyText).toBe('string');
  });

  it('handles a 5 MB HTML body quickly', () => {
    const html = '<div>Reply</div>' + '<blockquote><div>On Tue, Mar 4, 2025 someone wrote:</div><p>' + 'x '.repeat(500) + '</p></blockquote>'.repeat(1) ;
    const big = html.repeat(Math.ceil(5_000_000 / html.length));
    const started = performance.now();
    const result = extractReplyText({ text: '', html: big });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.replyText.startsWith('Reply')).toBe(true);
  });
});
