// Golden replies for two structural rules (test/fixtures/mail/reply-structure, families in its
// families.json): a mail client's own signature container (Outlook's #Signature, Apple's
// AppleMailSignature, Thunderbird's moz-signature, Gmail's gmail_signature...) is the signature
// whatever it holds, a closing opening it stays; and a drawn rule at the edge of a typed block,
// facing the quote, is a separator, while a typed table's rule between text stays.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { scoreFolder } from '../../scripts/eval-replies.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';

const dir = path.join('test', 'fixtures', 'mail', 'reply-structure');
const results = await scoreFolder(dir);

async function read(name: string) {
  const mail = await simpleParser(readFileSync(path.join(dir, `${name}.eml`)));
  return extractReplyText({ text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : null });
}

describe('signature containers and drawn rules, read by structure', () => {
  it('has golden replies for both rules', () => {
    expect(results.filter((r) => r.family === 'signature container').length).toBeGreaterThanOrEqual(4);
    expect(results.filter((r) => r.family === 'drawn rule').length).toBeGreaterThanOrEqual(2);
  });

  for (const c of results) {
    it(`keeps exactly what the person typed: ${c.family}, ${c.name}`, () => {
      expect(c.actual.replace(/\s+/g, ' ').trim()).toBe(c.expected.replace(/\s+/g, ' ').trim());
    });
  }

  it('drops an Outlook signature the words alone would keep, says why, and loses none of it', async () => {
    const r = await read('outlook-web-signature-container');
    expect(r.source).toBe('html');
    expect(r.crossCheck).toBe('the text part kept lines the HTML marks as signature');
    expect(r.cuts.map((c) => c.rule)).toContain('html-signature-container');
    expect(r.quoted).toContain('We are closed on Fridays in July');
    expect(r.replyText.endsWith('Thanks,\nDana')).toBe(true);
  });

  it('keeps the closing that opens a signature container, not the name under it', async () => {
    const r = await read('outlook-signature-opens-with-closing');
    expect(r.replyText.endsWith('Best regards,')).toBe(true);
    expect(r.quoted).toContain('Tom Hale');
  });

  it('cuts a plain-text contact block that ends in a one-line confidentiality notice, keeping the typed name', async () => {
    const r = await read('text-contact-block-ending-in-notice');
    expect(r.replyText.endsWith('Thanks!\nNadia')).toBe(true);
    expect(r.cuts.map((c) => c.rule)).toContain('contact-block');
  });

  it('cuts the rule facing the quote and keeps the rule of a typed table', async () => {
    const r = await read('text-rules-around-quotes-table-rule-stays');
    expect(r.replyText).toContain('Site      Users\n===============\nNorth     12');
    expect(r.replyText).not.toContain('-------');
    expect(r.cuts.map((c) => c.rule)).toContain('rule-line');
    expect(r.replyText.endsWith('The monthly active users report.\n\nRavi')).toBe(true);
  });
});
