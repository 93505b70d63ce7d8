import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_LINE_BYTES, parseMessage, UnparseableMessageError } from '../../src/inbound/parse.ts';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';
import { findQuarantineReason, MAX_PROCESSABLE_BYTES } from '../../src/inbound/processable.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');
const fixture = (name: string): Buffer => readFileSync(resolve(fixtures, name));
const parseFixture = async (name: string) => parseMessage(fixture(name));

describe('parseMessage: charsets', () => {
  it('decodes windows-1252 encoded words and quoted-printable bodies, curly quotes and euro sign included', async () => {
    const msg = await parseFixture('charset-windows-1252.eml');
    expect(msg.subject).toBe('\u201cDrucker\u201d meldet \u2013 Fehler \u20ac Geb\u00fchr');
    expect(msg.from).toEqual({ address: 'renee@kunde.example', name: 'Ren\u00e9e M\u00fcller' });
    expect(msg.text).toContain('\u201cPapierstau\u201d \u2013 obwohl');
    expect(msg.text).toContain('50 \u20ac');
  });

  it('joins adjacent ISO-8859-1 encoded words and decodes an 8-bit Latin-1 body', async () => {
    const msg = await parseFixture('charset-iso-8859-1-encoded-word.eml');
    expect(msg.subject).toBe('Priorit\u00e4t hoch: Gr\u00f6\u00dfe der Anh\u00e4nge');
    expect(msg.from?.name).toBe('J\u00f6rg Sch\u00e4fer');
    expect(msg.text).toContain('Anh\u00e4nge \u00fcber 10 MB');
  });

  it('reads a raw Shift_JIS subject that no encoded word announces', async () => {
    const msg = await parseFixture('charset-shift-jis-raw-header.eml');
    expect(msg.subject).toBe('\u30c4\u30fc\u30eb\u304c\u52d5\u304d\u307e\u305b\u3093');
    expect(msg.text).toContain('\u30ed\u30b0\u30a4\u30f3\u3067\u304d\u307e\u305b\u3093');
    expect(msg.anomalies).toContain('raw-8bit-header:shift_jis');
  });

  it('keeps the readable part of broken UTF-8 in subject and body', async () => {
    const msg = await parseFixture('broken-utf8.eml');
    expect(msg.subject).toMatch(/^Zg\u0142oszenie /);
    expect(msg.text).toContain('Nie dzia\u0142a');
    expect(msg.text).toContain('drukarka');
    expect(msg.from?.address).toBe('piotr@klient.example');
  });
});

describe('parseMessage: ids and senders', () => {
  it('leaves messageId null when the header is missing and derives a stable effective id from the bytes', async () => {
    const a = await parseFixture('no-message-id.eml');
    const b = await parseFixture('no-message-id.eml');
    expect(a.messageId).toBeNull();
    expect(a.effectiveMessageId).toMatch(/^[0-9a-f]{40}@synthetic\.invalid$/);
    expect(b.effectiveMessageId).toBe(a.effectiveMessageId);
    const other = await parseMessage(fixture('no-message-id.eml').toString('utf8').replace('strips', 'removes'));
    expect(other.effectiveMessageId).not.toBe(a.effectiveMessageId);
    expect(findQuarantineReason(a, fixture('no-message-id.eml').length, 'person')).toBeNull();
  });

  it('takes the first of two Message-ID headers and records the duplicate', async () => {
    const msg = await parseFixture('duplicate-message-id.eml');
    expect(msg.messageId).toBe('first-id@customer.example');
    expect(msg.effectiveMessageId).toBe('first-id@customer.example');
    expect(msg.anomalies).toContain('duplicate-message-id');
  });

  it('has no sender when From is missing, and such mail is held with NO_SENDER', async () => {
    const msg = await parseFixture('no-from.eml');
    expect(msg.from).toBeNull();
    expect(findQuarantineReason(msg, fixture('no-from.eml').length, 'person')).toMatchObject({ code: 'NO_SENDER' });
  });

  it("reads an empty Return-Path as the null reverse-path ''", async () => {
    const msg = await parseFixture('empty-return-path-person.eml');
    expect(msg.returnPath).toBe('');
    const person = await parseFixture('person-says-out-of-office-tomorrow.eml');
    expect(person.returnPath).toBe('maria@customer.example');
  });
});

describe('parseMessage: broken input', () => {
  it('reads mail with bare CR line endings', async () => {
    const crOnly = Buffer.from(fixture('list-post.eml').toString('latin1').replace(/\r\n/g, '\r'), 'latin1');
    const msg = await parseMessage(crOnly);
    expect(msg.subject).toBe('[users] How do I reset my password?');
    expect(msg.from?.address).toBe('sam@members.example');
    expect(msg.anomalies).toContain('bare-cr-line-endings');
  });

  it('cuts an absurdly long header line instead of failing', async () => {
    const giant = `X-Junk: ${'a'.repeat(3 * 1024 * 1024)}\r\n`;
    const raw = Buffer.from(giant + fixture('list-post.eml').toString('utf8'));
    const msg = await parseMessage(raw);
    expect(msg.subject).toBe('[users] How do I reset my password?');
    expect(msg.headers['x-junk']?.[0]?.length).toBeLessThanOrEqual(MAX_HEADER_LINE_BYTES);
    expect(msg.anomalies).toContain('oversized-header-line');
  });

  it('drops header lines past the header block limit and holds the message for an admin', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `X-Filler-${i}: ${'b'.repeat(1000)}\r\n`).join('');
    const raw = Buffer.from(`From: a@customer.example\r\nSubject: big\r\n${many}\r\nbody\r\n`);
    const msg = await parseMessage(raw);
    expect(msg.subject).toBe('big');
    expect(msg.anomalies).toContain('oversized-header-block');
    expect(findQuarantineReason(msg, raw.length, 'person')).toMatchObject({ code: 'OVERSIZED_HEADERS' });
  });

  it('parses empty input into an empty message that is held as EMPTY_MESSAGE', async () => {
    const msg = await parseMessage(Buffer.alloc(0));
    expect(msg.from).toBeNull();
    expect(findQuarantineReason(msg, 0, 'person')).toMatchObject({ code: 'EMPTY_MESSAGE' });
  });

  it('throws UnparseableMessageError for input that is not bytes', async () => {
    await expect(parseMessage(42 as unknown as Buffer)).rejects.toBeInstanceOf(UnparseableMessageError);
    await expect(parseMessage(null as unknown as Buffer)).rejects.toMatchObject({ reason: 'NOT_BYTES', code: 'UNPARSEABLE_MESSAGE' });
  });

  it('keeps the text of a multipart whose boundary never appears', async () => {
    const raw = 'From: a@customer.example\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="nowhere"\r\n\r\nplain words only\r\n';
    const msg = await parseMessage(raw);
    expect(msg.text).toContain('plain words only');
    expect(msg.anomalies).toContain('multipart-without-parts');
  });
});

describe('findQuarantineReason', () => {
  it('processes ordinary mail', async () => {
    const msg = await parseFixture('person-says-out-of-office-tomorrow.eml');
    expect(findQuarantineReason(msg, 500, 'person')).toBeNull();
  });

  it('holds mail over the size limit', async () => {
    const msg = await parseFixture('person-says-out-of-office-tomorrow.eml');
    expect(findQuarantineReason(msg, MAX_PROCESSABLE_BYTES + 1, 'person')).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
  });

  it('processes a bounce whose From has no address, since bounces are matched by the returned Message-ID', async () => {
    const raw = fixture('bounce-postfix.eml').toString('utf8').replace(/^From: .*$/m, 'From: MAILER-DAEMON (Mail Delivery System)');
    const msg = await parseMessage(raw);
    expect(msg.from).toBeNull();
    const kind = detectMailKind(msg, { ownAddresses: [], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: '' }, defaultMailSigns()).kind;
    expect(kind).toBe('bounce');
    expect(findQuarantineReason(msg, raw.length, kind)).toBeNull();
  });

  it('uses UPPER_SNAKE codes', async () => {
    const msg = await parseFixture('no-from.eml');
    expect(findQuarantineReason(msg, 10, 'person')?.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});
