// Mail kinds told by wording alone (no RFC 3834 headers): autoresponders in many languages, mailboxes
// of people who left or that nobody reads, other help desks' acknowledgements and calendars that
// decline by themselves; and the people whose mail only sounds like one of them. One table, one
// loop: a new wording is a new row under the concept it tests.
import { describe, expect, it } from 'vitest';
import { verdictOf } from './mail-kind-support.ts';

interface Concept {
  kind: 'auto_reply' | 'person' | 'list';
  what: string;
  /** [subject, body] */
  mails: [string, string][];
  from?: string;
  headers?: string;
}

const CONCEPTS: Concept[] = [
  {
    kind: 'auto_reply',
    what: 'an absence with a return date or an urgent-matters pointer, in an answer to our mail',
    mails: [
      ['Re: [HD-1] Laptop', "Merci pour votre message. Je serai en congés jusqu'au 21 avril inclus."],
      ['Re: [HD-1] Laptop', 'Hallo, ich bin vom 3. bis 14. März im Urlaub und danach wieder erreichbar.'],
      ['Re: [HD-1] Laptop', "Hello, I'm on parental leave until June. Please contact it@x.test for anything urgent."],
      ['Re: [HD-1] Laptop', 'Olá, estou de férias até dia 20. Em caso de urgência ligue para a recepção.'],
      ['Re: [HD-1] Laptop', 'Jeg er på ferie til og med 14. marts.'],
      ['Re: [HD-1] Laptop', 'Bedankt voor uw bericht. Ik ben tot en met 14 maart afwezig.'],
      ['Re: [#1] Konto', 'Będę poza biurem do 3 maja. W pilnych sprawach: biuro@x.test'],
      ['Re: [#1] Tiskárna', 'Jsem nepřítomna do 4. 5., po návratu odpovím.'],
      ['Re: [#1] Yazıcı', 'Pazartesiye kadar tatildeyim, acil konular için ali@x.test adresine yazın.'],
      ['Re: [#1] Εκτυπωτής', 'Βρίσκομαι σε άδεια μέχρι τις 3 Μαΐου.'],
      ['Re: [#1] מדפסת', 'אני בחופשה עד יום ראשון.'],
      ['Re: [#1] الطابعة', 'أنا خارج المكتب حتى الأحد.'],
      ['Re: [#1] Máy in', 'Tôi đang đi công tác đến ngày 3/5.'],
      ['Re: [#1] Printer', 'Saya sedang tidak di kantor sampai hari Senin.'],
      ['Re: [#1] Printer', 'Main leave par hoon, Monday ko wapas aaunga.'],
    ],
  },
  {
    kind: 'auto_reply',
    what: "an autoresponder's subject marker",
    mails: [
      ['Frånvaro: [HD-1] Laptop', 'Hej, jag är ledig till och med vecka 12.'],
      ['Poza biurem: [HD-1]', 'Jestem nieobecna do poniedziałku.'],
      ['自動応答: [HD-1] プリンター', '現在不在にしております。'],
      ['자동 회신: [#1] 요청', '3월 14일까지 휴가 중입니다.'],
      ['Αυτόματη απάντηση: [#1] Αίτημα', 'Είμαι εκτός γραφείου έως τις 14 Μαρτίου.'],
      ['Automatická odpoveď: [#1] Požiadavka', 'Som na dovolenke do 14. marca.'],
      // "Out of office response" anywhere in the subject (the phrase once had a pattern that could never match).
      ['Paul Green - out of office response', 'Thank you for your message.'],
    ],
  },
  {
    kind: 'auto_reply',
    what: 'the mailbox of someone who left, pointing elsewhere',
    mails: [
      ['Re: [#1] Request', 'Thank you for your email. Please note that I am no longer with Contoso. Please direct your enquiries to info@contoso.example.'],
      ['AW: [#1] Anfrage', 'Ich bin nicht mehr bei der Firma Muster tätig. Bitte wenden Sie sich an zentrale@muster.example.'],
      ['RE: [#1] Licence', 'Jorge Ruiz is no longer with the company and this mailbox will be closed. Please contact licences@x.test.'],
    ],
  },
  {
    kind: 'auto_reply',
    what: 'a mailbox that says nobody reads it',
    mails: [
      ['Re: [#1] Request', 'This mailbox is no longer monitored. For support, write to service@x.example.'],
      ['Re: [#1] Order', 'Messages to this address will not be read. Use the form on our website instead.'],
    ],
  },
  {
    kind: 'auto_reply',
    what: "another help desk's acknowledgement",
    mails: [
      ['Case 00123456 created: Printer', 'Thank you for contacting IT. Your case number is 00123456. Please do not reply to this email.'],
      ['[Ticket 778899] We got your message', 'Reply above this line to add a comment.'],
    ],
  },
  {
    kind: 'auto_reply',
    what: 'a calendar response sent by the calendar itself',
    mails: [
      ['Abgelehnt: Ticket-Besprechung', 'Automatisch abgelehnt. Ich bin bis 20. März nicht im Büro.'],
      ['Declined: Ticket review', 'I am on leave until 2 June.'],
    ],
  },
  {
    kind: 'auto_reply',
    what: 'Precedence: auto_reply',
    from: 'Nina <nina@x.test>',
    headers: 'Precedence: auto_reply\r\n',
    mails: [['Re: [HD-1] Printer', 'I am currently on maternity leave and will return in September.']],
  },
  {
    kind: 'auto_reply',
    what: 'Auto-Submitted: auto-replied, which outranks list headers',
    from: 'Nina <nina@x.test>',
    headers: 'List-Id: <staff.x.test>\r\nAuto-Submitted: auto-replied\r\n',
    mails: [['Re: [staff] Fire drill', 'I am away until Monday.']],
  },
  {
    kind: 'person',
    what: 'a person announcing an absence ahead of time',
    from: 'Ann <ann@x.test>',
    mails: [
      ['Re: [HD-1] Laptop', 'I will be away tomorrow, can you install it today?'],
      ['Re: [HD-1] Laptop', "I'm travelling next week so please ship the laptop to the Berlin office."],
      ['Re: [HD-1] Laptop', 'Estarei ausente amanhã, pode instalar na quinta?'],
      ['Urlaub nächste Woche', 'Ich bin nächste Woche im Urlaub, bitte das Notebook bis Freitag liefern.'],
      ['Vacaciones: necesito el portátil antes del viernes', 'Me voy de vacaciones la semana que viene y necesito el portátil nuevo antes del viernes.'],
      ['Re: [#1] Hesap', "Gelecek hafta pazartesiye kadar izindeyim, lütfen talebimi Ali Bey'e verin."],
      ['Re: [#1] Laptop', 'Saya cuti besok sampai Jumat, tolong teruskan ke Rina.'],
    ],
  },
  {
    kind: 'person',
    what: 'a person who is away or asks about out-of-office, with a request of their own',
    from: 'Ann <ann@x.test>',
    mails: [
      ['Re: [HD-1] VPN', "I'm away from my desk right now but the VPN dropped again at 10:15, back to you later with logs."],
      ['Vacation request form broken', 'The vacation request form returns an error since Monday. I am on leave from 10 March until 14 March and need to submit it.'],
      ['Out of office: how do I set it?', 'How do I set my out of office in the new Outlook?'],
      ['Out of office message not working', 'My out of office reply is not sent. I am out of office from next week until the 20th and need it fixed.'],
    ],
  },
  {
    kind: 'person',
    what: 'a person answering above a quoted autoresponder',
    mails: [
      ['Re: Automatische Antwort: [#1] Drucker', 'Hallo, Frau Kurz ist im Urlaub, ich übernehme. Der Drucker geht immer noch nicht.\n\nVon: Kurz, Anna\nGesendet: Mittwoch, 5. März 2025 09:30\nAn: Acme Help Desk\nBetreff: Automatische Antwort: [#1] Drucker\n\nIch bin bis 14.03. nicht im Büro. In dringenden Fällen wenden Sie sich an Herrn Lang.'],
      ['Re: Automatic reply: [#1] Laptop', 'Paul is away, I am handling this now. The laptop still does not boot.\n\nFrom: Paul Green\nSent: Wednesday, March 5, 2025 9:30 AM\nTo: Acme Help Desk\nSubject: Automatic reply: [#1] Laptop\n\nI am out of the office until March 14 with limited access to email.'],
    ],
  },
  {
    kind: 'person',
    what: 'a person speaking of someone who left or of an unread mailbox',
    mails: [
      ['Update my email address', 'Hi, I am no longer with the Leeds office, I moved to Bristol. Could you update my location?'],
      ['Shared inbox', 'Messages sent to this inbox are not read by anyone since Anna left. Please give me access.'],
      ['Re: [#1] Accounts', 'Dan has left the company, please disable his account dan@x.test today.'],
    ],
  },
  {
    kind: 'person',
    what: 'a person whose subject only looks like a marker or a calendar response',
    mails: [
      ['Auto: windscreen damage claim', 'Please log the damage to the pool car from Tuesday.'],
      ['Declined: Ticket review', 'Sorry, I cannot make it, the time clashes with our board meeting.'],
    ],
  },
  {
    kind: 'list',
    what: "a person's post to a group titled like an autoresponder",
    headers: 'List-Id: <staff.x.test>\r\n',
    mails: [['Out of office: summer schedule', 'Who covers which week is below.\n\nJuly: Ana\nAugust: Ben']],
  },
  {
    kind: 'list',
    what: 'a machine-made newsletter (Auto-Submitted: auto-generated) with list headers',
    from: 'News <news@vendor.test>',
    headers: 'List-Unsubscribe: <https://vendor.test/u>\r\nAuto-Submitted: auto-generated\r\n',
    mails: [['March release notes', 'New features this month.']],
  },
];

describe('mail kind by wording', () => {
  for (const c of CONCEPTS) {
    it.each(c.mails)(`${c.kind}: ${c.what}: %s / %s`, async (subject, body) => {
      expect((await verdictOf({ subject, body, from: c.from, headers: c.headers })).kind).toBe(c.kind);
    });
  }
});
