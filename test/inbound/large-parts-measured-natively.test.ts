// Large base64 files are measured and hashed without the MIME parser walking them
// (src/inbound/parse/large-parts.ts): the parse must come out as the parser's own, in every
// layout, whether the mail was shortened or left to the parser because its layout was unclear.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { LARGE_PART_BYTES, restoreLargeParts, shortenLargeParts } from '../../src/inbound/parse/large-parts.ts';

/** Bytes that look like a file: a fixed pseudo-random sequence. */
function fileBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761 >>> 0;
  for (let i = 0; i < size; i++) {
    x = (x * 1664525 + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const b64 = (bytes: Buffer, eol = '\r\n') => bytes.toString('base64').replace(/.{76}/g, `$&${eol}`).replace(/\r?\n$/, '');

const head = (extra: string[], eol = '\r\n') => [
  'From: Alice Example <alice@example.test>', 'To: helpdesk@example.test', 'Subject: Report attached',
  'Message-ID: <large-parts@example.test>', 'Date: Tue, 04 Mar 2025 17:00:00 +0000', 'MIME-Version: 1.0', ...extra,
].join(eol);

const pdf = fileBytes(200 * 1024, 1);
const png = fileBytes(40 * 1024, 2);
const zip = fileBytes(90 * 1024, 3);

/** The parse without the content of files that neither text nor a message (the parser keeps small ones, shortening drops them). */
const comparable = (m: ParsedMessage) => ({ ...m, attachments: m.attachments.map((a) => (/^(text|message)\//.test(a.contentType) ? a : { ...a, content: undefined })) });

async function bothWays(raw: string): Promise<{ shortened: ParsedMessage; parser: ParsedMessage }> {
  const bytes = Buffer.from(raw, 'latin1');
  const shortened = await parseMessage(bytes, { keepAttachmentContent: false });
  const parser = await parseMessage(bytes, { keepAttachmentContent: false, shortenLargeParts: false });
  expect(comparable(shortened)).toEqual(comparable(parser));
  return { shortened, parser };
}

/** How many parts the layout lets us shorten, and whether the parser then returned every marker. */
async function shortenedParts(raw: string): Promise<number> {
  const result = shortenLargeParts(Buffer.from(raw, 'latin1'));
  return result?.parts.size ?? 0;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const simple = (eol = '\r\n', delimiterTail = '') => [
  head(['Content-Type: multipart/mixed; boundary="outer b"'], eol), '',
  'This is a multi-part message in MIME format.',
  `--outer b${delimiterTail}`, 'Content-Type: text/plain; charset=utf-8', '', 'The report is attached.',
  `--outer b${delimiterTail}`, 'Content-Type: application/pdf; name="report.pdf"', 'Content-Disposition: attachment; filename="report.pdf"', 'Content-Transfer-Encoding: base64', '', b64(pdf, eol),
  `--outer b--${delimiterTail}`, '',
].join(eol);

describe('large base64 files measured natively', () => {
  it('gives a file its real size and hash, as the parser would, without keeping its bytes', async () => {
    expect(await shortenedParts(simple())).toBe(1);
    const { shortened } = await bothWays(simple());
    expect(shortened.attachments).toEqual([expect.objectContaining({ filename: 'report.pdf', size: pdf.length, checksum: sha(pdf) })]);
    expect(shortened.attachments[0]).not.toHaveProperty('content');
    expect(shortened.text).toContain('The report is attached.');
  });

  it('reads mail with bare LF line ends and delimiters with trailing spaces alike', async () => {
    expect(await shortenedParts(simple('\n'))).toBe(1);
    await bothWays(simple('\n'));
    expect(await shortenedParts(simple('\r\n', ' \t '))).toBe(1);
    await bothWays(simple('\r\n', ' \t '));
  });

  it('follows nested multiparts: alternative text, related inline image, a second file', async () => {
    const raw = [
      head(['Content-Type: multipart/mixed;', '\tboundary=mix1'], '\r\n'), '',
      '--mix1', 'Content-Type: multipart/related; boundary="rel"', '',
      '--rel', 'Content-Type: multipart/alternative; boundary="alt"', '',
      '--alt', 'Content-Type: text/plain; charset=utf-8', '', 'See the screenshot.',
      '--alt', 'Content-Type: text/html; charset=utf-8', '', '<p>See the screenshot.</p><img src="cid:shot@x">',
      '--alt--',
      '--rel', 'Content-Type: image/png', 'Content-ID: <shot@x>', 'Content-Disposition: inline', 'Content-Transfer-Encoding: BASE64', '', b64(png),
      '--rel--',
      '--mix1', 'Content-Type: application/zip; name=logs.zip', 'Content-Transfer-Encoding: base64', '', b64(zip),
      '--mix1', 'Content-Type: application/pdf; name=report.pdf', 'Content-Transfer-Encoding: base64', '', b64(pdf),
      '--mix1--', '',
    ].join('\r\n');
    expect(await shortenedParts(raw)).toBe(3);
    const { shortened } = await bothWays(raw);
    expect(shortened.attachments.map((a) => [a.contentType, a.size, a.inline])).toEqual([['image/png', png.length, true], ['application/zip', zip.length, false], ['application/pdf', pdf.length, false]]);
  });

  it('ends an inner multipart that is never closed at the outer delimiter, as the parser does', async () => {
    const raw = [
      head(['Content-Type: multipart/mixed; boundary=outer']), '',
      '--outer', 'Content-Type: multipart/alternative; boundary=inner', '',
      '--inner', 'Content-Type: text/plain', '', 'Body text.',
      '--inner', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', '', b64(zip),
      '--outer', 'Content-Type: application/pdf', 'Content-Transfer-Encoding: base64', '', b64(pdf),
      '--outer--', '',
    ].join('\r\n');
    expect(await shortenedParts(raw)).toBe(2);
    await bothWays(raw);
  });

  it('leaves a file to the parser when its base64 is not plain, and the parse is still the same', async () => {
    const body = b64(pdf);
    const unclear = [
      body.slice(0, -3), // not whole groups
      `QQ==${body}`, // padding in the middle
      body.replace(/\r\n/, '    \r\n'), // spaces at a line end (four: the groups still line up)
      ['\r\n', '\r\n', '\r\n', '\r\n'].reduce((v) => v.replace('\r\n', '\r'), body), // lone CRs (four, likewise)
      body.replace('+', '-').replace('/', '_'), // the URL-safe alphabet (Node's decoder would read it as data)
      body.replace(/\r\n/, '!\t\u00e9\u0000\r\n'), // other characters (four, likewise)
    ];
    for (const variant of unclear) {
      const raw = simple().replace(body, variant);
      expect(await shortenedParts(raw)).toBe(0);
      await bothWays(raw);
    }
  });

  it('leaves text, messages, other encodings and unclear headers to the parser', async () => {
    const text = fileBytes(60 * 1024, 4).toString('base64');
    const cases = [
      simple().replace('Content-Type: application/pdf; name="report.pdf"', 'Content-Type: text/csv; name="report.csv"').replace(b64(pdf), b64(Buffer.from(text))),
      simple().replace('Content-Transfer-Encoding: base64', 'Content-Transfer-Encoding: x-uuencode'),
      simple().replace('Content-Type: application/pdf; name="report.pdf"', 'Content-Type: application/pdf; name="report.pdf"\r\nContent-Type: text/plain'),
      simple().replace('boundary="outer b"', 'boundary*0="outer"; boundary*1=" b"'),
      simple().replace('--outer b--', ''), // never closed: the file runs to the end of the mail
    ];
    for (const raw of cases) {
      expect(await shortenedParts(raw)).toBe(0);
      await bothWays(raw);
    }
    const csv = await bothWays(cases[0]!);
    expect(csv.shortened.attachments[0]!.content?.toString('utf8')).toBe(text);
  });

  it('does not look inside an attached message', async () => {
    const inner = simple().replace(/\r\n/g, '\r\n');
    const raw = [
      head(['Content-Type: multipart/mixed; boundary=fwd']), '',
      '--fwd', 'Content-Type: text/plain', '', 'Forwarding this.',
      '--fwd', 'Content-Type: message/rfc822', '', inner,
      '--fwd--', '',
    ].join('\r\n');
    expect(await shortenedParts(raw)).toBe(0);
    await bothWays(raw);
  });

  it('measures a file of several megabytes a slice at a time, padding and all', async () => {
    const big = fileBytes(2.5 * 1024 * 1024 + 1, 6); // one byte over whole groups: "==" at the end
    for (const eol of ['\r\n', '\n']) {
      const raw = simple(eol).replace(b64(pdf, eol), b64(big, eol));
      expect(await shortenedParts(raw)).toBe(1);
      const { shortened } = await bothWays(raw);
      expect(shortened.attachments[0]).toMatchObject({ size: big.length, checksum: sha(big) });
    }
  });

  it('keeps two identical files apart', async () => {
    const raw = simple().replace('--outer b--', ['--outer b', 'Content-Type: application/pdf; name="copy.pdf"', 'Content-Transfer-Encoding: base64', '', b64(pdf), '--outer b--'].join('\r\n'));
    expect(await shortenedParts(raw)).toBe(2);
    const { shortened } = await bothWays(raw);
    expect(shortened.attachments.map((a) => [a.filename, a.size])).toEqual([['report.pdf', pdf.length], ['copy.pdf', pdf.length]]);
  });

  it('leaves files under the size where it pays to the parser', async () => {
    const small = fileBytes(LARGE_PART_BYTES / 2, 5);
    expect(await shortenedParts(simple().replace(b64(pdf), b64(small)))).toBe(0);
  });

  it('answers false when a marker is missing or doubled, so the mail is parsed whole', () => {
    const result = shortenLargeParts(Buffer.from(simple(), 'latin1'))!;
    const [marker] = [...result.parts.keys()];
    expect(restoreLargeParts([], result.parts)).toBe(false);
    expect(restoreLargeParts([{ content: Buffer.from(marker!, 'latin1') }, { content: Buffer.from(marker!, 'latin1') }], result.parts)).toBe(false);
    const one = { content: Buffer.from(marker!, 'latin1') as unknown };
    expect(restoreLargeParts([one], result.parts)).toBe(true);
    expect(one).toMatchObject({ size: pdf.length, checksum: sha(pdf), contentDropped: true });
  });
});
