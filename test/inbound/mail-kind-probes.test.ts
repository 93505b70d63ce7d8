// Mail-kind detection on short messages worded differently from the blind set: autoresponders in
// more languages, and the people whose mail only sounds like one.
import { describe, expect, it } from 'vitest';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';

const ctx = { ownAddresses: ['help@acme.test'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'acme.test' };
let n = 0;
async function kindOf(from: string, subject: string, body: string, extra = ''): Promise<string> {
  n++;
  const raw = `From: ${from}\r\nTo: help@acme.test\r\nSubject: ${subject}\r\nMessage-ID: <probe-${n}@x.test>\r\n${extra}Content-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
  return detectMailKind(await parseMessage(raw), ctx).kind;
}

describe('detectMailKind on differently worded probes', () => {
  it.each([
    ['Re: [HD-1] Laptop', "Merci pour votre message. Je serai en congés jusqu'au 21 avril inclus."],
    ['Re: [HD-1] Laptop', 'Hallo, ich bin vom 3. bis 14. März im Urlaub und danach wieder erreichbar.'],
    ['Re: [HD-1] Laptop', "Hello, I'm on parental leave until June. Please contact it@x.test for anything urgent."],
    ['Re: [HD-1] Laptop', 'Olá, estou de férias até dia 20. Em caso de urgência ligue para a recepção.'],
    ['Re: [HD-1] Laptop', 'Jeg er på ferie til og med 14. marts.'],
    ['Re: [HD-1] Laptop', 'Bedankt voor uw bericht. Ik ben tot en met 14 maart afwezig.'],
    ['Frånvaro: [HD-1] Laptop', 'Hej, jag är ledig till och med vecka 12.'],
    ['Poza biurem: [HD-1]', 'Jestem nieobecna do poniedziałku.'],
    ['自動応答: [HD-1] プリンター', '現在不在にしております。'],
    ['Case 00123456 created: Printer', 'Thank you for contacting IT. Your case number is 00123456. Please do not reply to this email.'],
  ])('an auto-reply: %s / %s', async (subject, body) => {
    expect(await kindOf('A <a@x.test>', subject, body)).toBe('auto_reply');
  });

  it('reads Precedence: auto_reply as an auto-reply', async () => {
    expect(await kindOf('Nina <nina@x.test>', 'Re: [HD-1] Printer', 'I am currently on maternity leave and will return in September.', 'Precedence: auto_reply\r\n')).toBe('auto_reply');
  });

  it.each([
    ['Re: [HD-1] Laptop', 'I will be away tomorrow, can you install it today?'],
    ['Re: [HD-1] Laptop', "I'm travelling next week so please ship the laptop to the Berlin office."],
    ['Re: [HD-1] Laptop', 'Estarei ausente amanhã, pode instalar na quinta?'],
    ['Urlaub nächste Woche', 'Ich bin nächste Woche im Urlaub, bitte das Notebook bis Freitag liefern.'],
    ['Re: [HD-1] VPN', "I'm away from my desk right now but the VPN dropped again at 10:15, back to you later with logs."],
    ['Vacation request form broken', 'The vacation request form returns an error since Monday. I am on leave from 10 March until 14 March and need to submit it.'],
    ['Out of office: how do I set it?', 'How do I set my out of office in the new Outlook?'],
    ['Out of office message not working', 'My out of office reply is not sent. I am out of office from next week until the 20th and need it fixed.'],
    ['Vacaciones: necesito el portátil antes del viernes', 'Me voy de vacaciones la semana que viene y necesito el portátil nuevo antes del viernes.'],
  ])('a person: %s / %s', async (subject, body) => {
    expect(await kindOf('Ann <ann@x.test>', subject, body)).toBe('person');
  });

  it.each([
    ['Mail Administrator <Postmaster@example.test>', 'Mail System Error - Returned Mail', 'This Message was undeliverable due to the following reason:\n\nThe user(s) account is temporarily over quota.\n\n<lost@example.test>'],
    ['Mail Delivery System <mailer-daemon@mx.test>', 'Ihre Nachricht', 'Ihre Nachricht konnte nicht zugestellt werden an:\n\nmax@firma.test\n550 5.1.1 Benutzer unbekannt'],
  ])('a bounce from %s: %s', async (from, subject, body) => {
    expect(await kindOf(from, subject, body)).toBe('bounce');
  });

  it('calls a machine-made newsletter list mail, and an auto-reply that carries list headers an auto-reply', async () => {
    const list = 'List-Unsubscribe: <https://vendor.test/u>\r\nAuto-Submitted: auto-generated\r\n';
    expect(await kindOf('News <news@vendor.test>', 'March release notes', 'New features this month.', list)).toBe('list');
    const replied = 'List-Id: <staff.x.test>\r\nAuto-Submitted: auto-replied\r\n';
    expect(await kindOf('Nina <nina@x.test>', 'Re: [staff] Fire drill', 'I am away until Monday.', replied)).toBe('auto_reply');
  });
});
