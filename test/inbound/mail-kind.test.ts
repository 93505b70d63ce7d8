import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mayAnswerAutomatically } from '../../src/inbound/auto-reply-guard.ts';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');
const parseFixture = async (name: string) => parseMessage(readFileSync(resolve(fixtures, name)));
const ctx = { ownAddresses: ['support@desk.example'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'desk.example' };
const signs = defaultMailSigns();
const kindOfMessage = (msg: ParsedMessage) => detectMailKind(msg, ctx, signs);
/** The guard as the pipeline runs it: on the kind detected once. */
const mayAnswer = (msg: ParsedMessage) => mayAnswerAutomatically(msg, ctx, kindOfMessage(msg));

/** A small message from a customer; headers and body vary per case. */
function mail(subject: string, body: string, extraHeaders = ''): string {
  return `From: Customer <someone@customer.example>\r\nTo: help@helpdesk.example\r\nSubject: ${subject}\r\nMessage-ID: <case-${Math.abs(hash(subject + body))}@customer.example>\r\n${extraHeaders}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
}
function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
const kindOf = async (raw: string) => kindOfMessage(await parseMessage(raw));

describe('detectMailKind on fixtures', () => {
  it.each([
    ['auto-reply-rfc3834.eml', 'auto_reply', 'auto-submitted header'],
    ['ooo-spanish-subject-only.eml', 'auto_reply', 'ooo subject'],
    ['ooo-german-body-only.eml', 'auto_reply', 'ooo body'],
    ['helpdesk-acknowledgement-bulk.eml', 'auto_reply', 'help desk acknowledgement'],
    ['bounce-postfix.eml', 'bounce', 'delivery-status report'],
    ['bounce-exim-text.eml', 'bounce', 'x-failed-recipients header'],
    ['bounce-delay-notice.eml', 'bounce', 'delivery-status report'],
    ['list-post.eml', 'list', 'list-id header'],
    ['own-loop-header.eml', 'own', 'own loop header'],
    ['person-says-out-of-office-tomorrow.eml', 'person', 'no automatic signs'],
    ['person-quotes-autoreply.eml', 'person', 'no automatic signs'],
    ['auto-submitted-no-person.eml', 'person', 'auto-submitted: no'],
    ['empty-return-path-person.eml', 'person', 'no automatic signs'],
    ['charset-windows-1252.eml', 'person', 'no automatic signs'],
  ])('classifies %s as %s (%s)', async (file, kind, reason) => {
    const verdict = kindOfMessage(await parseFixture(file));
    expect(verdict.kind).toBe(kind);
    expect(verdict.reason).toBe(reason);
  });

  it('attaches the bounce report to a bounce verdict', async () => {
    const verdict = kindOfMessage(await parseFixture('bounce-postfix.eml'));
    expect(verdict.bounce?.recipients[0]?.address).toBe('old.colleague@customer.example');
    const person = kindOfMessage(await parseFixture('person-says-out-of-office-tomorrow.eml'));
    expect(person.bounce).toBeUndefined();
  });
});

describe('detectMailKind rules', () => {
  it.each([
    ['Automatic reply: Printer', 'en'],
    ['Out of Office: Printer', 'en'],
    ['Autoreply: Printer', 'en'],
    ['Respuesta automática: Impresora', 'es'],
    ['Fuera de la oficina: Impresora', 'es'],
    ['Réponse automatique : Imprimante', 'fr'],
    ['Absence : Imprimante', 'fr'],
    ['Abwesenheitsnotiz: Drucker', 'de'],
    ['Automatische Antwort: Drucker', 'de'],
    ['Risposta automatica: Stampante', 'it'],
    ['Resposta automática: Impressora', 'pt'],
    ['Automatisch antwoord: Printer', 'nl'],
  ])('reads the subject "%s" as an auto-reply (%s)', async (subject) => {
    expect(await kindOf(mail(subject, 'Thanks.'))).toMatchObject({ kind: 'auto_reply', reason: 'ooo subject' });
  });

  it.each([
    ['I am currently out of the office until Monday 14 April with limited access to email.', 'en'],
    ['This is an automatic reply to let you know I am away.', 'en'],
    ['Estoy fuera de la oficina hasta el lunes.', 'es'],
    ['Je suis absent du bureau jusqu\u2019au 14 avril.', 'fr'],
    ['Ich bin derzeit nicht im Büro.', 'de'],
    ['Sono fuori ufficio fino a lunedì.', 'it'],
    ['Estou fora do escritório até segunda-feira.', 'pt'],
    ['Ik ben afwezig tot maandag.', 'nl'],
  ])('reads the body "%s" as an auto-reply (%s)', async (body) => {
    expect(await kindOf(mail('Re: [Desk #9] Printer', body))).toMatchObject({ kind: 'auto_reply', reason: 'ooo body' });
  });

  it.each(['auto-generated', 'auto-replied', 'auto-notified', 'auto-replied; owner-email="me@example.com"'])(
    'treats Auto-Submitted: %s as automatic (RFC 3834)',
    async (value) => {
      expect(await kindOf(mail('Hello', 'Text', `Auto-Submitted: ${value}\r\n`))).toMatchObject({ kind: 'auto_reply', reason: 'auto-submitted header' });
    },
  );

  it('lets Auto-Submitted: no override an out-of-office subject and body', async () => {
    const raw = mail('Out of Office: question', 'This is an automatic reply.', 'Auto-Submitted: no\r\n');
    expect(await kindOf(raw)).toMatchObject({ kind: 'person', reason: 'auto-submitted: no' });
  });

  it('reads X-Autoreply and X-Autorespond as auto-replies', async () => {
    expect(await kindOf(mail('Hello', 'Text', 'X-Autoreply: yes\r\n'))).toMatchObject({ kind: 'auto_reply', reason: 'x-autoreply header' });
    expect(await kindOf(mail('Hello', 'Text', 'X-Autorespond: on\r\n'))).toMatchObject({ kind: 'auto_reply', reason: 'x-autorespond header' });
  });

  it('needs an autoreply sign beside X-Auto-Response-Suppress', async () => {
    expect((await kindOf(mail('Hello', 'Text', 'X-Auto-Response-Suppress: All\r\n'))).kind).toBe('person');
    const exchange = mail('Hello', 'Text', 'X-Auto-Response-Suppress: All\r\nX-MS-Exchange-Inbox-Rules-Loop: me@customer.example\r\n');
    expect(await kindOf(exchange)).toMatchObject({ kind: 'auto_reply', reason: 'x-auto-response-suppress with autoreply signs' });
  });

  it('does not call a message a bounce for its empty Return-Path alone', async () => {
    const raw = `Return-Path: <>\r\n${mail('Undelivered parcel', 'Where is my parcel?')}`;
    expect((await kindOf(raw)).kind).toBe('person');
  });

  it('reads mailer-daemon prose without a report as a bounce', async () => {
    const raw = 'From: MAILER-DAEMON@mx.example\r\nTo: support@desk.example\r\nSubject: failure notice\r\n\r\nHi. This is the qmail-send program at mx.example.\r\n<gone@customer.example>:\r\nRemote host said: 550 5.1.1 user unknown\r\n';
    expect(await kindOf(raw)).toMatchObject({ kind: 'bounce', reason: 'mailer-daemon failure subject' });
  });

  it('calls a person forwarding a bounce a person', async () => {
    const raw = mail('Fwd: Undelivered Mail Returned to Sender', 'Can you check why this bounced?\n\n> 550 5.1.1 user unknown');
    expect((await kindOf(raw)).kind).toBe('person');
  });

  it('keeps a person whose subject begins "Out of office" without a colon', async () => {
    expect((await kindOf(mail('Out of office next week, laptop repair?', 'Can you fix my laptop before Friday?'))).kind).toBe('person');
    expect((await kindOf(mail('Away from my desk - password reset', 'Please reset my password.'))).kind).toBe('person');
  });

  it.each([
    ['List-Id: <dev.lists.example>\r\n', 'list-id header'],
    ['List-Unsubscribe: <mailto:leave@lists.example>\r\n', 'list-unsubscribe header'],
    ['Precedence: bulk\r\n', 'precedence bulk'],
    ['Precedence: list\r\n', 'precedence list'],
    ['Precedence: junk\r\n', 'precedence junk'],
  ])('calls mail with %j list mail', async (header, reason) => {
    expect(await kindOf(mail('Weekly news', 'News.', header))).toMatchObject({ kind: 'list', reason });
  });

  it('recognises our own mail by Message-ID domain and by our address', async () => {
    const byId = 'From: someone@customer.example\r\nSubject: x\r\nMessage-ID: <reply-1@desk.example>\r\n\r\nx\r\n';
    expect(await kindOf(byId)).toMatchObject({ kind: 'own', reason: 'own message-id domain' });
    const byFrom = 'From: Help Desk <Support@Desk.Example>\r\nSubject: x\r\nMessage-ID: <x@elsewhere.example>\r\n\r\nx\r\n';
    expect(await kindOf(byFrom)).toMatchObject({ kind: 'own', reason: 'from own address' });
  });

  it('calls our own returned mail a bounce when it comes back as a delivery report', async () => {
    // The report quotes our loop header and ids, but only inside the returned part.
    expect(kindOfMessage(await parseFixture('bounce-postfix.eml')).kind).toBe('bounce');
  });
});

describe('mayAnswerAutomatically', () => {
  it('allows an answer to a person', async () => {
    expect(mayAnswer(await parseFixture('person-says-out-of-office-tomorrow.eml'))).toEqual({ ok: true });
  });

  it.each([
    ['auto-reply-rfc3834.eml', 'auto-submitted header'],
    ['list-post.eml', 'precedence list'],
    ['helpdesk-acknowledgement-bulk.eml', 'precedence bulk'],
    ['empty-return-path-person.eml', 'empty return-path'],
    ['bounce-exim-text.eml', 'auto-submitted header'],
    ['own-loop-header.eml', 'auto-submitted header'],
    ['ooo-spanish-subject-only.eml', 'auto_reply: ooo subject'],
    ['no-from.eml', 'no sender address'],
  ])('refuses %s (%s)', async (file, reason) => {
    expect(mayAnswer(await parseFixture(file))).toEqual({ ok: false, reason });
  });

  it.each([
    ['X-Auto-Response-Suppress: OOF, AutoReply\r\n', 'x-auto-response-suppress header'],
    ['X-Deskmail-Loop: desk.example\r\n', 'own loop header'],
    ['X-Loop: yes\r\n', 'x-loop header'],
    ['Precedence: junk\r\n', 'precedence junk'],
  ])('refuses mail with %j', async (header, reason) => {
    expect(mayAnswer(await parseMessage(mail('Hello', 'Text', header)))).toEqual({ ok: false, reason });
  });

  it('refuses mail from mailer-daemon or postmaster even without failure text', async () => {
    const raw = 'From: postmaster@customer.example\r\nSubject: Hello\r\n\r\nJust saying hi.\r\n';
    expect(mayAnswer(await parseMessage(raw))).toEqual({ ok: false, reason: 'mailer-daemon or postmaster sender' });
  });
});
