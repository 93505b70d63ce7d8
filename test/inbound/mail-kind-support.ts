// Shared by the mail-kind and bounce tests: the shipped mail signs, the help desk's own addresses,
// and a short mail built from one table row. I/O: reads config/mail-signs.yaml once.
import { detectMailKind, type MailKindVerdict } from '../../src/inbound/mail-kind.ts';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';
import { parseMessage } from '../../src/inbound/parse.ts';

export const SIGNS = defaultMailSigns();
export const CTX = { ownAddresses: ['help@acme.test'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'acme.test' };

/** One short mail to the help desk; every field but subject and body has a plain default. */
export interface ShortMail {
  from?: string;
  subject?: string;
  body: string;
  /** Extra header lines, each ending in CRLF. */
  headers?: string;
  contentType?: string;
}

let counter = 0;

export function shortMail(m: ShortMail): Buffer {
  counter++;
  const subject = m.subject === undefined ? '' : `Subject: ${m.subject}\r\n`;
  const raw =
    `From: ${m.from ?? 'A <a@x.test>'}\r\nTo: help@acme.test\r\n${subject}Message-ID: <case-${counter}@x.test>\r\n${m.headers ?? ''}` +
    `MIME-Version: 1.0\r\nContent-Type: ${m.contentType ?? 'text/plain; charset=utf-8'}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n` +
    `${m.body.replace(/\r?\n/g, '\r\n')}\r\n`;
  return Buffer.from(raw, 'utf8');
}

export async function verdictOf(m: ShortMail): Promise<MailKindVerdict> {
  return detectMailKind(await parseMessage(shortMail(m)), CTX, SIGNS);
}
