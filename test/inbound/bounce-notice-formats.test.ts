// Delivery reports in the formats mail systems really send: gateways that send from a named
// mailbox with a null envelope sender, Exchange's system mailbox, an SMTP reply line as the only
// failure sign, localised prose, a report a relay passes on as an attachment; and the mail that
// only looks like one. One table: the mail, then the kind, failed recipient and status it must give.
import { describe, expect, it } from 'vitest';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { findQuarantineReason } from '../../src/inbound/processable.ts';
import { CTX, shortMail, SIGNS, verdictOf, type ShortMail } from './mail-kind-support.ts';

const attachedReport = (from: string): string =>
  `--O\r\nContent-Type: text/plain\r\n\r\nSee the attached report.\r\n\r\n--O\r\nContent-Type: message/rfc822\r\n\r\nFrom: ${from}\r\nSubject: Returned mail\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="I"\r\n\r\n--I\r\nContent-Type: text/plain\r\n\r\nFailed.\r\n\r\n--I\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.q.test\r\n\r\nFinal-Recipient: rfc822; gone@q.test\r\nAction: failed\r\nStatus: 5.1.2\r\n\r\n--I--\r\n\r\n--O--`;

interface Case {
  what: string;
  mail: ShortMail;
  kind: 'bounce' | 'auto_reply' | 'person';
  recipient?: string;
  status?: string;
}

const CASES: Case[] = [
  {
    what: 'a gateway mailbox with a null sender, a failure subject and failure prose',
    mail: { from: 'Notes Gateway <smtpgw@corp.test>', headers: 'Return-Path: <>\r\n', subject: 'Undeliverable message', body: 'Your message could not be delivered to the following recipients:\n\n  olga.m@corp.test (mailbox closed)' },
    kind: 'bounce',
    recipient: 'olga.m@corp.test',
  },
  {
    what: 'a null-sender autoresponder without failure prose (no bounce)',
    mail: { from: 'Ivo <ivo@corp.test>', headers: 'Return-Path: <>\r\n', subject: 'Out of office: [#12] VPN', body: 'I am out of the office until 3 May.' },
    kind: 'auto_reply',
  },
  {
    what: 'a security gateway rejection worded its own way',
    mail: { from: 'Filter <alerts@filter.test>', headers: 'Return-Path: <>\r\n', subject: 'Message blocked: Re: [#9] Quote', body: "We're sorry, your message can't be delivered.\n\nTo: buyer@shop.test\nServer reply: 554 5.7.1 Message rejected by spam filter" },
    kind: 'bounce',
    recipient: 'buyer@shop.test',
    status: '5.7.1',
  },
  {
    what: "Exchange's system mailbox reporting a delay",
    mail: { from: 'Microsoft Outlook <MicrosoftExchange0123456789abcdef0123456789abcdef@tenant.test>', subject: 'Delivery delayed: Budget', body: "Delivery is delayed to these recipients or groups:\n\nquinn@away.test\n\nRemote server returned '451 4.4.7 Message expired in queue'" },
    kind: 'bounce',
    recipient: 'quinn@away.test',
    status: '4.4.7',
  },
  {
    what: 'a mailer-daemon notice whose only sign is an SMTP reply line',
    mail: { from: 'postmaster@mx.far.test', subject: 'Mail status', body: 'For nora@far.test:\n  552 5.2.2 Storage limit reached' },
    kind: 'bounce',
    recipient: 'nora@far.test',
    status: '5.2.2',
  },
  {
    what: 'a postmaster notice with "Returned Mail" and over-quota prose',
    mail: { from: 'Mail Administrator <Postmaster@example.test>', subject: 'Mail System Error - Returned Mail', body: 'This Message was undeliverable due to the following reason:\n\nThe user(s) account is temporarily over quota.\n\n<lost@example.test>' },
    kind: 'bounce',
  },
  {
    what: 'a German notice from the mail system',
    mail: { from: 'Mail Delivery System <mailer-daemon@mx.test>', subject: 'Ihre Nachricht', body: 'Ihre Nachricht konnte nicht zugestellt werden an:\n\nmax@firma.test\n550 5.1.1 Benutzer unbekannt' },
    kind: 'bounce',
  },
  {
    what: "a mail system passing on an attached report, for the report's recipient",
    mail: { from: 'MAILER-DAEMON@relay.q.test', subject: 'Fwd: Returned mail', body: attachedReport('MAILER-DAEMON@mx.q.test'), contentType: 'multipart/mixed; boundary="O"' },
    kind: 'bounce',
    recipient: 'gone@q.test',
    status: '5.1.2',
  },
  {
    what: 'a person forwarding a report as an attachment (no bounce)',
    mail: { from: 'Rosa <rosa@client.test>', subject: 'Fwd: Returned mail', body: attachedReport('MAILER-DAEMON@mx.q.test'), contentType: 'multipart/mixed; boundary="O"' },
    kind: 'person',
  },
];

describe('bounce detection on the formats mail systems send', () => {
  it.each(CASES)('$what: $kind', async (c) => {
    const v = await verdictOf(c.mail);
    expect(v.kind).toBe(c.kind);
    if (c.recipient !== undefined) expect(v.bounce?.recipients[0]?.address).toBe(c.recipient);
    if (c.status !== undefined) expect(v.bounce?.recipients[0]?.status).toBe(c.status);
  });

  it('does not hold a notice whose From carries no address: a bounce needs no sender', async () => {
    const raw = shortMail({ from: 'MAILER-DAEMON (Mail Delivery System)', subject: 'Undelivered Mail Returned to Sender', body: 'This is the mail system at host mx.q.test.\n\n<gone@q.test>: host said: 550 5.1.1 user unknown' });
    const msg = await parseMessage(raw);
    expect(msg.from).toBeNull();
    const verdict = detectMailKind(msg, CTX, SIGNS);
    expect(verdict.kind).toBe('bounce');
    expect(findQuarantineReason(msg, raw.length, verdict.kind)).toBeNull();
    expect(findQuarantineReason(msg, raw.length, 'person')).toMatchObject({ code: 'NO_SENDER' });
  });
});
