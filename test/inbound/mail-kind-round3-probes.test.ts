// Mail-kind detection on probes worded differently from the round-3 blind set: absences in
// Polish, Czech, Turkish, Greek, Hebrew, Arabic, Vietnamese, Indonesian and Hindi in Latin script
// (the return date before or after the statement), third-person departures, unread mailboxes,
// help-desk acknowledgements, calendar auto-declines, and the people who look like them.
import { describe, expect, it } from 'vitest';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';

const ctx = { ownAddresses: ['help@acme.test'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'acme.test' };
let n = 0;
async function kindOf(subject: string, body: string, extra = ''): Promise<string> {
  n++;
  const raw = `From: A <a@x.test>\r\nTo: help@acme.test\r\nSubject: ${subject}\r\nMessage-ID: <r3probe-${n}@x.test>\r\n${extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
  return detectMailKind(await parseMessage(Buffer.from(raw, 'utf8')), ctx).kind;
}

describe('detectMailKind on round-3 probes', () => {
  it.each([
    ['Re: [#1] Konto', 'Będę poza biurem do 3 maja. W pilnych sprawach: biuro@x.test'],
    ['Re: [#1] Tiskárna', 'Jsem nepřítomna do 4. 5., po návratu odpovím.'],
    ['Re: [#1] Yazıcı', 'Pazartesiye kadar tatildeyim, acil konular için ali@x.test adresine yazın.'],
    ['Re: [#1] Εκτυπωτής', 'Βρίσκομαι σε άδεια μέχρι τις 3 Μαΐου.'],
    ['Re: [#1] מדפסת', 'אני בחופשה עד יום ראשון.'],
    ['Re: [#1] الطابعة', 'أنا خارج المكتب حتى الأحد.'],
    ['Re: [#1] Máy in', 'Tôi đang đi công tác đến ngày 3/5.'],
    ['Re: [#1] Printer', 'Saya sedang tidak di kantor sampai hari Senin.'],
    ['Re: [#1] Printer', 'Main leave par hoon, Monday ko wapas aaunga.'],
    ['RE: [#1] Licence', 'Jorge Ruiz is no longer with the company and this mailbox will be closed. Please contact licences@x.test.'],
    ['Re: [#1] Order', 'Messages to this address will not be read. Use the form on our website instead.'],
    ['[Ticket 778899] We got your message', 'Reply above this line to add a comment.'],
    ['Abgelehnt: Ticket-Besprechung', 'Automatisch abgelehnt. Ich bin bis 20. März nicht im Büro.'],
    ['Declined: Ticket review', 'I am on leave until 2 June.'],
  ])('an auto-reply: %s / %s', async (subject, body) => {
    expect(await kindOf(subject, body)).toBe('auto_reply');
  });

  it.each([
    ['Re: [#1] Hesap', "Gelecek hafta pazartesiye kadar izindeyim, lütfen talebimi Ali Bey'e verin."],
    ['Re: [#1] Laptop', 'Saya cuti besok sampai Jumat, tolong teruskan ke Rina.'],
    ['Auto: windscreen damage claim', 'Please log the damage to the pool car from Tuesday.'],
    ['Shared inbox', 'Messages sent to this inbox are not read by anyone since Anna left. Please give me access.'],
    ['Re: [#1] Accounts', 'Dan has left the company, please disable his account dan@x.test today.'],
    ['Declined: Ticket review', 'Sorry, I cannot make it, the time clashes with our board meeting.'],
  ])('a person: %s', async (subject, body) => {
    expect(await kindOf(subject, body)).toBe('person');
  });

  it('a person\'s post to a group titled like an autoresponder is list mail', async () => {
    expect(await kindOf('Out of office: summer schedule', 'Who covers which week is below.\n\nJuly: Ana\nAugust: Ben', 'List-Id: <staff.x.test>\r\n')).toBe('list');
  });
});
