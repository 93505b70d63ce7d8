// Mail-kind detection on probes worded differently from the round-2 blind set: autoresponder
// subjects in more languages, mailboxes of people who left, and a person who answers above a
// quoted autoresponder under an Outlook header block without an address.
import { describe, expect, it } from 'vitest';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';

const ctx = { ownAddresses: ['help@acme.test'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'acme.test' };
let n = 0;
async function kindOf(subject: string, body: string, extra = ''): Promise<string> {
  n++;
  const raw = `From: A <a@x.test>\r\nTo: help@acme.test\r\nSubject: ${subject}\r\nMessage-ID: <r2probe-${n}@x.test>\r\n${extra}Content-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
  return detectMailKind(await parseMessage(raw), ctx).kind;
}

describe('detectMailKind on round-2 probes', () => {
  it.each([
    ['자동 회신: [#1] 요청', '3월 14일까지 휴가 중입니다.'],
    ['Αυτόματη απάντηση: [#1] Αίτημα', 'Είμαι εκτός γραφείου έως τις 14 Μαρτίου.'],
    ['Automatická odpoveď: [#1] Požiadavka', 'Som na dovolenke do 14. marca.'],
    ['Re: [#1] Request', 'Thank you for your email. Please note that I am no longer with Contoso. Please direct your enquiries to info@contoso.example.'],
    ['AW: [#1] Anfrage', 'Ich bin nicht mehr bei der Firma Muster tätig. Bitte wenden Sie sich an zentrale@muster.example.'],
    ['Re: [#1] Request', 'This mailbox is no longer monitored. For support, write to service@x.example.'],
  ])('an auto-reply: %s / %s', async (subject, body) => {
    expect(await kindOf(subject, body)).toBe('auto_reply');
  });

  it.each([
    ['Re: Automatische Antwort: [#1] Drucker', 'Hallo, Frau Kurz ist im Urlaub, ich übernehme. Der Drucker geht immer noch nicht.\n\nVon: Kurz, Anna\nGesendet: Mittwoch, 5. März 2025 09:30\nAn: Acme Help Desk\nBetreff: Automatische Antwort: [#1] Drucker\n\nIch bin bis 14.03. nicht im Büro. In dringenden Fällen wenden Sie sich an Herrn Lang.'],
    ['Re: Automatic reply: [#1] Laptop', 'Paul is away, I am handling this now. The laptop still does not boot.\n\nFrom: Paul Green\nSent: Wednesday, March 5, 2025 9:30 AM\nTo: Acme Help Desk\nSubject: Automatic reply: [#1] Laptop\n\nI am out of the office until March 14 with limited access to email.'],
    ['Update my email address', 'Hi, I am no longer with the Leeds office, I moved to Bristol. Could you update my location?'],
  ])('a person: %s', async (subject, body) => {
    expect(await kindOf(subject, body)).toBe('person');
  });
});
