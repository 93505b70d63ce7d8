// Opaque S/MIME inside opaque S/MIME, as mail arrives after two hands have signed or encrypted it:
// encrypted then signed by the client (signed data holding enveloped data), or signed by the client
// and again by its gateway. Each layer is opened, up to three: signed mail is filed with the text
// inside its last signature, and mail encrypted at any layer with the line saying it was encrypted.
// A pkcs7-mime body still unopened at the top (damaged, of a kind not read here, or nested deeper
// than three layers) is filed with a line saying it could not be read, never with an empty text.
// The fixtures are made by test/support/make-opaque-mail-fixtures.ts.
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_MAIL_TEXT, UNREADABLE_SMIME_TEXT } from '../../src/inbound/encrypted-mail.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { filedWith, notedOnTicket, opaqueFixture, squash } from '../support/opaque-mail.ts';

const fixture = opaqueFixture;

describe('a request encrypted, then signed', () => {
  const raw = fixture('smime-encrypted-then-signed-request.eml');

  it('is opened to its encrypted layer and marked encrypted', async () => {
    const msg = await parseMessage(raw, { keepAttachmentContent: false });
    expect(msg.subject).toBe('Password reset needed');
    expect(msg.anomalies).toEqual(expect.arrayContaining(['smime-opaque-signed', 'smime-encrypted']));
    expect(msg.anomalies).not.toContain('smime-unreadable');
  });

  it('is filed with the line saying it was encrypted, and nothing read from it', async () => {
    const ticket = await filedWith(raw);
    expect(ticket.description).toBe(ENCRYPTED_MAIL_TEXT);
    expect(ticket.clientIds).toEqual([]);
  });

  it('sent as a reply on a ticket, is noted there with that line', async () => {
    expect(await notedOnTicket(raw, 'Password reset needed')).toBe(ENCRYPTED_MAIL_TEXT);
  });
});

describe('a request signed by the client and again by its gateway', () => {
  const raw = fixture('smime-signed-by-client-and-gateway-request.eml');

  it('is read from the entity inside both signatures: its text and its file, under the outer header fields', async () => {
    const msg = await parseMessage(raw, { keepAttachmentContent: false });
    expect(msg.from?.address).toBe('becky@agency.example.test');
    expect(msg.subject).toBe('Enrollment will not save');
    expect(msg.contentType).toBe('multipart/mixed');
    expect(squash(msg.text)).toContain('Client ABCD123456 cannot be enrolled in the Rapid Rehousing project.');
    expect(msg.attachments.map((a) => [a.filename, a.contentType])).toEqual([['enrollment-attempts.csv', 'text/csv']]);
    expect(msg.anomalies).toContain('smime-opaque-signed');
    expect(msg.anomalies).not.toContain('smime-encrypted');
  });

  it('is filed with its text, and intake finds its client ID', async () => {
    const ticket = await filedWith(raw);
    expect(squash(ticket.description)).toContain('ClientTrack shows "Error 500: enrollment could not be saved"');
    expect(ticket.clientIds).toEqual(['ABCD123456']);
  });
});

describe('a pkcs7-mime body still unopened at the top', () => {
  const mail = (body: Buffer | string, type = 'application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"'): Buffer => Buffer.from([
    'From: becky@agency.example.test', 'To: helpdesk@example.test', 'Subject: odd', 'Message-ID: <odd-1@agency.example.test>',
    `Content-Type: ${type}`, 'Content-Transfer-Encoding: base64', '', Buffer.from(body).toString('base64'), '',
  ].join('\r\n'));
  const der = Buffer.from(fixture('smime-signed-request-der.eml').toString('latin1').split('\r\n\r\n')[1]!.replace(/\s+/g, ''), 'base64');

  it.each([
    ['damaged', mail(der.subarray(0, der.length / 2))],
    ['not CMS at all', mail('not a cms blob at all')],
    ['of a type not read here', mail('junk', 'application/pkcs7-mime; smime-type=certs-only; name="smime.p7c"')],
    ['signed four times, one layer more than is opened', fixture('smime-signed-four-times-request.eml')],
  ])('(%s) is filed with a line saying it could not be read', async (_what, raw) => {
    const msg = await parseMessage(raw, { keepAttachmentContent: false });
    expect(msg.anomalies).toContain('smime-unreadable');
    expect(msg.anomalies).not.toContain('smime-encrypted');
    const ticket = await filedWith(raw);
    expect(ticket.description).toBe(UNREADABLE_SMIME_TEXT);
    expect(ticket.clientIds).toEqual([]);
  });

  it('is not said to be unreadable when it was opened, or when it is not at the top', async () => {
    for (const name of ['smime-signed-request-der.eml', 'smime-encrypted-request.eml', 'tnef-request-whole-message.eml']) {
      expect((await parseMessage(fixture(name), { keepAttachmentContent: false })).anomalies).not.toContain('smime-unreadable');
    }
    const attached = Buffer.from([
      'From: becky@agency.example.test', 'To: helpdesk@example.test', 'Subject: with a file', 'Content-Type: multipart/mixed; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'Client ABCD123456 cannot log in.', '--b',
      'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"', 'Content-Transfer-Encoding: base64', '',
      Buffer.from('junk').toString('base64'), '--b--', '',
    ].join('\r\n'));
    const msg = await parseMessage(attached, { keepAttachmentContent: false });
    expect(msg.anomalies).not.toContain('smime-unreadable');
    expect(squash((await filedWith(attached)).description)).toContain('Client ABCD123456 cannot log in.');
  });
});
