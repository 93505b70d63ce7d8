// The footers phones and carriers write ("Sent from my Verizon, Samsung Galaxy smartphone", "Sent via
// the Samsung Galaxy S23, an AT&T 5G smartphone") are device lines, always removed from the note, as
// "Sent from my iPhone" is (../shared/notes/reply-conventions.md); a line a person typed that only
// starts the same way stays.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.ts';
import { isDeviceLine } from '../../src/inbound/reply/signature.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');

describe('device lines of phones, carriers and mail apps', () => {
  it.each([
    'Sent from my Verizon, Samsung Galaxy smartphone',
    'Sent from my Verizon, Samsung Galaxy S10+ smartphone.',
    'Sent via the Samsung Galaxy S23, an AT&T 5G smartphone',
    'Sent via the Samsung Galaxy Note8, an AT&T 4G LTE smartphone',
    'Sent from my LG G6, an AT&T 4G LTE smartphone',
    'Sent from my T-Mobile, Samsung Galaxy smartphone',
    'Sent from my Motorola, a Verizon Wireless phone',
    'Sent from my U.S. Cellular® Smartphone',
    'Sent from my Xfinity Mobile, Samsung Galaxy smartphone',
    'Sent from the all new AOL app for iOS',
    'Sent from my Galaxy',
    'Sent from my Galaxy S22 Ultra',
    'Get Outlook for iOS',
    'Get Outlook for Android',
    'Sent from Yahoo Mail for iPhone',
    'Sent from Mail for Windows',
    'Sent from my iPhone',
  ])('removes "%s"', (line) => {
    expect(isDeviceLine(line)).toBe(true);
  });

  it.each([
    'Sent from my desk at the shelter, the report is wrong',
    'Sent via the portal, and it still failed',
    'Sent from my work account, please reply there',
    'Sent from my phone, sorry for the typos and the report is still wrong',
    'Sent the report via email, an hour ago',
  ])('keeps the typed line "%s"', (line) => {
    expect(isDeviceLine(line)).toBe(false);
  });

  it.each(['reply-thanks-carrier-footer-verizon.eml', 'reply-thanks-carrier-footer-att.eml'])('leaves only the thanks as the note of %s', async (name) => {
    const msg = await parseMessage(readFileSync(resolve(fixtures, name)));
    const reply = extractReplyText({ text: msg.text, html: msg.html });
    expect(reply.replyText).toBe('Thank you so much!');
    expect(reply.cuts[0]?.rule).toBe('device-line');
  });

  it('keeps text typed after a carrier line with a comma in it', () => {
    const text = 'It works now, thank you!\n\nSent from my desk at the shelter, the report is wrong on the old tab.\n';
    expect(extractReplyText({ text, html: null }).replyText).toBe(text.trim());
  });
});
