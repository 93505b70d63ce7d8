// The content fingerprint tells the same mail delivered again from other mail sent under the same
// Message-ID: what the transport adds or rewrites on the way (Received, Return-Path, Delivered-To,
// Authentication-Results, an 8-bit part re-encoded as quoted-printable) leaves it as it was; the
// sender, subject, Date, text, HTML or a file's bytes change it.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fingerprintContent } from '../../src/inbound/content-fingerprint.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { preparePipeline } from '../../src/inbound/pipeline.ts';
import { MAX_BODY_CHARS } from '../../src/inbound/text-limits.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');
const fixture = (name: string) => readFileSync(resolve(fixtures, name), 'utf8');
const fingerprintOf = async (raw: string) => fingerprintContent(await parseMessage(Buffer.from(raw)));

const REQUEST = fixture('message-id-reused-request.eml');

describe('fingerprintContent', () => {
  it('is the same for the same mail delivered again along another path', async () => {
    const again = fixture('message-id-reused-request-delivered-again.eml');
    expect(again).not.toBe(REQUEST);
    expect(await fingerprintOf(again)).toBe(await fingerprintOf(REQUEST));
  });

  it('is the same when parsed without keeping the files\u2019 bytes, as process-mail parses', async () => {
    const kept = fingerprintContent(await parseMessage(Buffer.from(REQUEST)));
    expect(fingerprintContent(await parseMessage(Buffer.from(REQUEST), { keepAttachmentContent: false }))).toBe(kept);
  });

  it('differs for another request sent under the same Message-ID', async () => {
    const other = fixture('message-id-reused-other-request.eml');
    const [a, b] = await Promise.all([parseMessage(Buffer.from(REQUEST)), parseMessage(Buffer.from(other))]);
    // Everything a reader sees in the headers is the same; only the body tells them apart.
    expect([b.messageId, b.from, b.subject, b.date]).toEqual([a.messageId, a.from, a.subject, a.date]);
    expect(fingerprintContent(b)).not.toBe(fingerprintContent(a));
  });

  const variants: [string, string, string][] = [
    ['another file', 'LEVtZXJnZW5jeSBTaGVsdGVyDQo=', 'LEVtZXJnZW5jeSBTaGVsdGVyIQ0K'],
    ['another Date (the same form sent again later)', 'Date: Tue, 11 Mar 2025 10:15:00 -0600', 'Date: Tue, 11 Mar 2025 16:40:00 -0600'],
    ['another sender', 'From: Partner Portal <forms@portal.example>', 'From: Partner Portal <noreply@portal.example>'],
    ['another subject', 'Contact_form:_enrollment', 'Contact_form:_intake'],
    ['another HTML part only', '<p>Name: Ren\u00e9e Ortiz<br>', '<p><b>Name:</b> Ren\u00e9e Ortiz<br>'],
  ];
  for (const [what, from, to] of variants) {
    it(`differs for ${what}`, async () => {
      expect(REQUEST).toContain(from);
      expect(await fingerprintOf(REQUEST.replace(from, to))).not.toBe(await fingerprintOf(REQUEST));
    });
  }

  it('is the same for two copies of a mail whose Date the parser cannot read (it would read each as the time of parsing)', async () => {
    const broken = REQUEST.replace('Date: Tue, 11 Mar 2025 10:15:00 -0600', 'Date: sometime on Tuesday morning');
    const first = await fingerprintOf(broken);
    await new Promise((r) => setTimeout(r, 5));
    expect(await fingerprintOf(broken)).toBe(first);
    expect(await fingerprintOf(REQUEST.replace('Date: Tue, 11 Mar 2025 10:15:00 -0600', 'Date: sometime on Wednesday'))).not.toBe(first);
  });

  it('reads the whole text, also past what the later stages read', async () => {
    const long = (tail: string) => Buffer.from([
      'From: a@example.test', 'Subject: Export', 'Message-ID: <export@example.test>', 'Content-Type: text/plain; charset=utf-8', '',
      `${'row\n'.repeat(MAX_BODY_CHARS / 4 + 10)}${tail}`, '',
    ].join('\r\n'));
    const settings = { systemName: 'ClientTrack Issues Tracking', prefix: 'Utah_RW', helpdeskAddress: 'helpdesk@example.test' };
    const [a, b] = await Promise.all([preparePipeline(long('first'), settings, null), preparePipeline(long('second'), settings, null)]);
    expect(a.parsed.text).toBe(b.parsed.text); // bounded alike
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
