// End to end on real servers for requests whose text is not in a MIME text part: opaque S/MIME
// signed mail (the request inside the CMS blob) and Outlook's winmail.dat (inside the TNEF stream)
// are filed with their text, client ID and file, also inside a second signature (a gateway's);
// encrypted mail, also signed after it was encrypted, is filed with a line saying it could not be read.
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENCRYPTED_MAIL_TEXT, UNREADABLE_SMIME_TEXT } from '../../src/inbound/encrypted-mail.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { runDeskmail } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { mailFixture } from '../support/pipeline-settings.ts';

const BECKY = 'becky@agency.example.test';
const ANA = 'ana@agency.example.test';
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const refOf = (mail: ParsedMessage) => /Issue (Utah_RW-\d+)/.exec(mail.subject)?.[1] ?? '';

/** A fixture's bytes through the relay as they are. */
async function sendRaw(h: Harness, raw: Buffer, from = BECKY): Promise<void> {
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.stack.relay.port, secure: false, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    await smtp.sendMail({ envelope: { from, to: [h.helpdesk] }, raw });
  } finally {
    smtp.close();
  }
}

/** The ref of the ticket the request with this subject opened, from the mail that says it was submitted. */
async function filed(h: Harness, subject: string, sender = BECKY): Promise<string> {
  const submitted = await h.waitForMail(sender, (m) => m.subject.endsWith('has been submitted') && m.text.includes(subject));
  return refOf(submitted);
}

describe('opaque mail on real servers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [BECKY, ANA, 'summer@example.test'], env: { ADMIN_EMAILS: 'summer@example.test' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('files an opaque signed request with its text, its client ID and its file', async () => {
    await sendRaw(h, mailFixture('opaque/smime-signed-request-streamed.eml'));
    const ref = await filed(h, 'Cannot enroll client in Rapid Rehousing');
    const ticket = await h.waitForTicket(ref, (t) => t.notes.some((n) => n.attachments.length > 0));
    expect(squash(ticket.description)).toContain('Client ABCD123456 cannot be enrolled in the Rapid Rehousing project.');
    expect(ticket.clientIds).toEqual(['ABCD123456']);
    expect(ticket.notes.flatMap((n) => n.attachments.map((a) => [a.filename, a.stored]))).toEqual([['enrollment-attempts.csv', true]]);
  });

  it('files a request whose text is only in winmail.dat with its text, its client ID and the file inside it', async () => {
    await sendRaw(h, mailFixture('opaque/tnef-request-body-only-in-winmail.eml'), ANA);
    const ref = await filed(h, 'APR will not generate', ANA);
    const ticket = await h.waitForTicket(ref, (t) => t.notes.some((n) => n.attachments.length > 0));
    expect(squash(ticket.description)).toContain('Our APR for the Rapid Rehousing project will not generate.');
    expect(ticket.clientIds).toEqual(['EFGH246810']);
    expect(ticket.notes.flatMap((n) => n.attachments.map((a) => [a.filename, a.stored]))).toEqual([['HMIS export errors.csv', true]]);
    // The file inside winmail.dat reads back from the stored mail, byte for byte.
    const checksum = ticket.notes.flatMap((n) => n.attachments)[0]!.checksum!;
    const out = path.join(os.tmpdir(), `deskmail-tnef-file-${process.pid}.csv`);
    const got = await runDeskmail(h.stack.config, ['attachments', 'get', checksum, '--out', out]);
    expect(got.code).toBe(0);
    expect((await readFile(out, 'utf8'))).toContain('EFGH246810,APR,Missing exit date');
    await rm(out, { force: true });
  });

  it('files an encrypted request with a line saying it could not be read', async () => {
    await sendRaw(h, mailFixture('opaque/smime-encrypted-request.eml'));
    const ref = await filed(h, 'Cannot log in');
    const ticket = await h.waitForTicket(ref, () => true);
    expect(ticket.description).toBe(ENCRYPTED_MAIL_TEXT);
    expect(ticket.clientIds).toEqual([]);
  });

  it('files a request signed by the client and again by its gateway with its text, its client ID and its file', async () => {
    await sendRaw(h, mailFixture('opaque/smime-signed-by-client-and-gateway-request.eml'));
    const ref = await filed(h, 'Enrollment will not save');
    const ticket = await h.waitForTicket(ref, (t) => t.notes.some((n) => n.attachments.length > 0));
    expect(squash(ticket.description)).toContain('Client ABCD123456 cannot be enrolled in the Rapid Rehousing project.');
    expect(ticket.clientIds).toEqual(['ABCD123456']);
    expect(ticket.notes.flatMap((n) => n.attachments.map((a) => a.filename))).toEqual(['enrollment-attempts.csv']);
  });

  it('files a request encrypted then signed with the line saying it was encrypted', async () => {
    await sendRaw(h, mailFixture('opaque/smime-encrypted-then-signed-request.eml'));
    const ref = await filed(h, 'Password reset needed');
    const ticket = await h.waitForTicket(ref, () => true);
    expect(ticket.description).toBe(ENCRYPTED_MAIL_TEXT);
    expect(ticket.clientIds).toEqual([]);
  });

  it('files a request whose S/MIME body cannot be opened with a line saying so', async () => {
    await sendRaw(h, mailFixture('opaque/smime-signed-four-times-request.eml'));
    const ref = await filed(h, 'Enrollment error again');
    const ticket = await h.waitForTicket(ref, () => true);
    expect(ticket.description).toBe(UNREADABLE_SMIME_TEXT);
    expect(ticket.clientIds).toEqual([]);
  });
});
