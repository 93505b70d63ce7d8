// Reply extraction on probes worded differently from the round-2 blind set, one or two per rule
// that round 2 made us add: HTML-only mail whose text part the parser made up, Word paragraphs,
// device lines ending in a full stop, separators without dashes and in more languages,
// Lotus Notes "wrote on <date>:" attributions, and pronouns after a signature's name.
import { describe, expect, it } from 'vitest';
import { convert } from 'html-to-text';
import { extractReplyText } from '../../src/inbound/reply-text.ts';

const squash = (s: string): string => s.trim().replace(/\s+/g, ' ');
const Q = '\n> old text\n> more old text\n';

const textCases: Array<[string, string, string]> = [
  ['"Sent from my BlackBerry® smartphone." with its full stop', 'Confirmed, the projector works.\n\nSent from my BlackBerry® smartphone.\n\nFrom: Acme <a@b.test>\nSent: Tuesday, March 4, 2025 10:12 AM\nTo: x@y.test\nSubject: T\n\nold\n', 'Confirmed, the projector works.'],
  ['"Envoyé avec Proton Mail, messagerie sécurisée." device line', 'Merci, c\'est réglé.\n\nEnvoyé avec Proton Mail, messagerie sécurisée.\n\nLe mardi 4 mars 2025 à 10:12, Acme <a@b.test> a écrit :' + Q, "Merci, c'est réglé."],
  ['a bare "Original Message" line over a header block', 'Still no picture on screen 2.\n\n Original Message \nFrom: Acme Support\nSent: Tuesday, March 4, 2025 10:12 AM\nTo: Kim\nSubject: Screens\n\nold\n', 'Still no picture on screen 2.'],
  ['"Original message" typed inside a sentence is kept', 'The original message from the vendor never arrived.\nCan you check the spam filter?', 'The original message from the vendor never arrived.\nCan you check the spam filter?'],
  ['German Zimbra "Ursprüngliche Mail" separator', 'Danke, geht wieder.\n\n----- Ursprüngliche Mail -----\nVon: "Acme" <a@b.test>\nAn: "Uwe" <u@x.test>\nGesendet: Dienstag, 4. März 2025 10:12:05\nBetreff: Test\n\nalt\n', 'Danke, geht wieder.'],
  ['Lotus Notes in German: "schrieb am <date>:"', 'Ja, bitte den Toner bestellen.\n\nMfG\nK. Wolf\n\nAcme Support/ACME@ACME schrieb am 04.03.2025 10:12:15:' + Q, 'Ja, bitte den Toner bestellen.\n\nMfG\nK. Wolf'],
  ['Lotus Notes in English with a two-digit year', 'The license key is on the sticker.\n\n"Acme Support" <a@b.test> wrote on 03/04/25 09:41:07 AM:\n\n> Where is the key?\n', 'The license key is on the sticker.'],
  ['a typed "I wrote on Monday" line is not an attribution', 'I wrote on Monday to the vendor:\nthey say the patch ships in April.\n\nThanks', 'I wrote on Monday to the vendor:\nthey say the patch ships in April.\n\nThanks'],
  ['a line starting with a digit is not the first line of the attribution under it', 'Needed on the new PC:\n3 monitors\nThanks,\nMo\nOn Tue, Mar 4, 2025 at 10:12 AM Acme <a@b.test> wrote:' + Q, 'Needed on the new PC:\n3 monitors\nThanks,\nMo'],
  ['a wrapped attribution still spans its lines', 'Yes.\n\nOn Tue, Mar 4, 2025 at\n10:12 AM Acme <a@b.test> wrote:' + Q, 'Yes.'],
  ['"| she/her" pronouns on the name line of a contact block', 'Please add Omar to the finance group.\n\nBest,\nDana Levi | she/her\nFinance Director, Levi & Sons Ltd\n+44 20 5550 1234\n', 'Please add Omar to the finance group.\n\nBest,'],
  ['"(he/him)" after the name of a contact block', 'The tablet is back in stock?\n\nRegards,\nTom Baker (he/him)\nWarehouse Supervisor\nM: 07700 900123\n', 'The tablet is back in stock?\n\nRegards,'],
];

describe('extractReplyText on round-2 probes (plain text)', () => {
  it.each(textCases)('%s', (_name, text, expected) => {
    expect(squash(extractReplyText({ text, html: null }).replyText)).toBe(squash(expected));
  });
});

// An HTML-only mail as the pipeline sees it: the parser's default rendering as text, plus the HTML.
const htmlOnly = (html: string): { text: string; html: string } => ({ text: convert(html, { limits: { maxDepth: 1000 } }), html });

const htmlCases: Array<[string, string, string]> = [
  [
    'an HTML-only note keeps link texts and list items without targets or bullets',
    '<div>Please install these for the new hire:</div><ul><li><a href="https://vendor.example/a">Acrobat Reader</a></li><li>7-Zip</li></ul><div>Thanks,</div><div>Mo</div><div class="gmail_quote"><div class="gmail_attr">On Tue, Mar 4, 2025 at 10:12 AM Acme &lt;a@b.test&gt; wrote:</div><blockquote class="gmail_quote">old</blockquote></div>',
    'Please install these for the new hire:\n\nAcrobat Reader\n7-Zip\n\nThanks,\nMo',
  ],
  [
    'Word paragraphs are lines; a name-and-title block under the closing goes',
    '<div class="WordSection1"><p class="MsoNormal">Hello,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">The scanner at reception jams on every second page.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Kind regards,<o:p></o:p></p><p class="MsoNormal">Ruth Adler<o:p></o:p></p><p class="MsoNormal">Practice Manager<o:p></o:p></p><p class="MsoNormal">Tel: 0161 555 0199<o:p></o:p></p></div>',
    'Hello,\n\nThe scanner at reception jams on every second page.\n\nKind regards,',
  ],
];

describe('extractReplyText on round-2 probes (HTML-only)', () => {
  it.each(htmlCases)('%s', (_name, html, expected) => {
    expect(squash(extractReplyText(htmlOnly(html)).replyText)).toBe(squash(expected));
  });

  it('a real text part that differs from the HTML is still the source', () => {
    const html = '<div>See <a href="https://x.example/doc">the doc</a></div>';
    const text = 'See the doc [https://x.example/doc] -- typed by hand';
    expect(extractReplyText({ text, html }).replyText).toBe(text);
  });
});
