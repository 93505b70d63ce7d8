// Opaque S/MIME signed mail (application/pkcs7-mime; smime-type=signed-data) carries its whole
// content inside the CMS blob: the request's text and files are read from the entity it signs, as
// BER from streaming clients (indefinite lengths, the content in chunks) and as DER. The signature
// is not checked and nothing says it was. Encrypted mail cannot be read: it is filed, or noted on
// its ticket, with a line that says so, never with an empty text. The fixtures are made by
// test/support/make-opaque-mail-fixtures.ts.
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_MAIL_TEXT } from '../../src/inbound/encrypted-mail.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { openOpaqueSmime } from '../../src/inbound/parse/smime.ts';
import { DRY_RUN_LOOKUP, preparePipeline, runPipeline } from '../../src/inbound/pipeline.ts';
import { PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { assess, notedOnTicket, opaqueFixture, squash } from '../support/opaque-mail.ts';

const SIGNED = ['smime-signed-request-streamed.eml', 'smime-signed-request-der.eml'];
const fixture = opaqueFixture;

describe.each(SIGNED)('an opaque signed request (%s)', (name) => {
  it('is parsed from the entity it signs: its text and its file, under the outer header fields', async () => {
    const msg = await parseMessage(fixture(name), { keepAttachmentContent: false });
    expect(msg.from?.address).toBe('becky@agency.example.test');
    expect(msg.subject).toBe('Cannot enroll client in Rapid Rehousing');
    expect(msg.contentType).toBe('multipart/mixed');
    expect(squash(msg.text)).toContain('Client ABCD123456 cannot be enrolled in the Rapid Rehousing project.');
    expect(msg.attachments.map((a) => [a.filename, a.contentType])).toEqual([['enrollment-attempts.csv', 'text/csv']]);
    expect(msg.anomalies).toContain('smime-opaque-signed');
  });

  it('keeps its file where the stored-file read-back finds it again (the same parse of the raw mail)', async () => {
    const file = (await parseMessage(fixture(name))).attachments[0]!;
    expect(file.content?.toString('utf8')).toContain('ABCD123456,09:41,Error 500');
    expect(file.partId).toBeTruthy();
  });

  it('is filed with its text, and intake finds its client ID', async () => {
    const prepared = await preparePipeline(fixture(name), PIPELINE_SETTINGS, assess, { keepAttachmentContent: false });
    expect(prepared.intake?.clientIds).toEqual(['ABCD123456']);
    const r = await runPipeline(fixture(name), PIPELINE_SETTINGS, DRY_RUN_LOOKUP, assess, REPLY_NOW, { keepAttachmentContent: false });
    const change = r.decision.change;
    if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
    expect(squash(change.ticket.description)).toContain('ClientTrack shows "Error 500: enrollment could not be saved"');
    expect(change.ticket.clientIds).toEqual(['ABCD123456']);
  });
});

describe('an encrypted request', () => {
  const raw = fixture('smime-encrypted-request.eml');

  it('is recognised as encrypted by the parse stage', async () => {
    const msg = await parseMessage(raw, { keepAttachmentContent: false });
    expect(msg.anomalies).toContain('smime-encrypted');
    expect(msg.text).toBe('');
  });

  it('is filed with a line saying it could not be read, and nothing read from it', async () => {
    const r = await runPipeline(raw, PIPELINE_SETTINGS, DRY_RUN_LOOKUP, assess, REPLY_NOW, { keepAttachmentContent: false });
    const change = r.decision.change;
    if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
    expect(change.ticket.description).toBe(ENCRYPTED_MAIL_TEXT);
    expect(change.ticket.clientIds).toEqual([]);
  });

  it('sent as a reply on a ticket, is noted there with that line', async () => {
    expect(await notedOnTicket(raw, 'Cannot log in')).toBe(ENCRYPTED_MAIL_TEXT);
  });
});

describe('a pkcs7-mime body that is not readable signed data', () => {
  const mail = (body: Buffer | string, type = 'application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"'): Buffer => Buffer.from([
    'From: becky@agency.example.test', 'To: helpdesk@example.test', 'Subject: odd', `Content-Type: ${type}`, 'Content-Transfer-Encoding: base64', '',
    Buffer.from(body).toString('base64'), '',
  ].join('\r\n'));

  it('is parsed as it came, whatever its bytes (random, cut short, nested past any depth, endless)', async () => {
    const nested = Buffer.concat([Buffer.from('30800609' + '2a864886f70d010702' + 'a080', 'hex'), Buffer.alloc(200_000, Buffer.from('3080', 'hex'))]);
    const many = Buffer.concat([Buffer.from('3080', 'hex'), Buffer.alloc(400_000, Buffer.from('0500', 'hex'))]);
    const cut = fixture('smime-signed-request-der.eml');
    const der = Buffer.from(cut.toString('latin1').split('\r\n\r\n')[1]!.replace(/\s+/g, ''), 'base64');
    for (const body of [Buffer.from('not a cms blob at all'), nested, many, der.subarray(0, der.length / 2), Buffer.from('3084ffffffff', 'hex')]) {
      const started = Date.now();
      expect(openOpaqueSmime(mail(body))).toBeNull();
      const msg = await parseMessage(mail(body), { keepAttachmentContent: false });
      expect(msg.subject).toBe('odd');
      expect(msg.anomalies).not.toContain('smime-opaque-signed');
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('says encrypted only when the blob is enveloped data, or the header says so of a blob it cannot read', () => {
    expect(openOpaqueSmime(mail('junk', 'application/pkcs7-mime; smime-type=enveloped-data'))).toEqual({ kind: 'encrypted' });
    expect(openOpaqueSmime(mail('junk', 'application/pkcs7-mime; smime-type=signed-data'))).toBeNull();
    expect(openOpaqueSmime(mail('junk', 'application/octet-stream'))).toBeNull();
  });
});
