// Bounce detection on probes worded differently from the round-3 blind set: gateways that send
// their notices from a named mailbox with a null envelope sender, Exchange's system mailbox,
// an SMTP reply line as the only failure sign, and a report a relay passes on as an attachment.
import { describe, expect, it } from 'vitest';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';

const ctx = { ownAddresses: ['help@acme.test'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'acme.test' };
let n = 0;
async function verdictOf(headers: string, body: string, contentType = 'text/plain; charset=utf-8') {
  n++;
  const raw = `${headers}To: help@acme.test\r\nMessage-ID: <b3probe-${n}@x.test>\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
  const v = detectMailKind(await parseMessage(raw), ctx);
  return { kind: v.kind, recipient: v.bounce?.recipients[0]?.address ?? null, status: v.bounce?.recipients[0]?.status ?? null };
}

describe('bounce detection on round-3 probes', () => {
  it('a gateway mailbox with a null sender, a failure subject and failure prose is a bounce', async () => {
    const v = await verdictOf('Return-Path: <>\r\nFrom: Notes Gateway <smtpgw@corp.test>\r\nSubject: Undeliverable message\r\n', 'Your message could not be delivered to the following recipients:\r\n\r\n  olga.m@corp.test (mailbox closed)\r\n');
    expect(v).toMatchObject({ kind: 'bounce', recipient: 'olga.m@corp.test' });
  });

  it('a null-sender autoresponder without failure prose is no bounce', async () => {
    const v = await verdictOf('Return-Path: <>\r\nFrom: Ivo <ivo@corp.test>\r\nSubject: Out of office: [#12] VPN\r\n', 'I am out of the office until 3 May.');
    expect(v.kind).toBe('auto_reply');
  });

  it('a security gateway rejection worded its own way is a bounce with its status', async () => {
    const v = await verdictOf('Return-Path: <>\r\nFrom: Filter <alerts@filter.test>\r\nSubject: Message blocked: Re: [#9] Quote\r\n', "We're sorry, your message can't be delivered.\r\n\r\nTo: buyer@shop.test\r\nServer reply: 554 5.7.1 Message rejected by spam filter\r\n");
    expect(v).toEqual({ kind: 'bounce', recipient: 'buyer@shop.test', status: '5.7.1' });
  });

  it("Exchange's system mailbox sends reports with a delay status", async () => {
    const v = await verdictOf('From: Microsoft Outlook <MicrosoftExchange0123456789abcdef0123456789abcdef@tenant.test>\r\nSubject: Delivery delayed: Budget\r\n', 'Delivery is delayed to these recipients or groups:\r\n\r\nquinn@away.test\r\n\r\nRemote server returned \'451 4.4.7 Message expired in queue\'\r\n');
    expect(v).toEqual({ kind: 'bounce', recipient: 'quinn@away.test', status: '4.4.7' });
  });

  it('a mailer-daemon notice whose only sign is an SMTP reply line is a bounce', async () => {
    const v = await verdictOf('From: postmaster@mx.far.test\r\nSubject: Mail status\r\n', 'For nora@far.test:\r\n  552 5.2.2 Storage limit reached\r\n');
    expect(v).toEqual({ kind: 'bounce', recipient: 'nora@far.test', status: '5.2.2' });
  });

  const attachedReport = (from: string) =>
    `--O\r\nContent-Type: text/plain\r\n\r\nSee the attached report.\r\n\r\n--O\r\nContent-Type: message/rfc822\r\n\r\nFrom: ${from}\r\nSubject: Returned mail\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="I"\r\n\r\n--I\r\nContent-Type: text/plain\r\n\r\nFailed.\r\n\r\n--I\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.q.test\r\n\r\nFinal-Recipient: rfc822; gone@q.test\r\nAction: failed\r\nStatus: 5.1.2\r\n\r\n--I--\r\n\r\n--O--`;

  it('a mail system passing on an attached report is a bounce for the report\'s recipient', async () => {
    const v = await verdictOf('From: MAILER-DAEMON@relay.q.test\r\nSubject: Fwd: Returned mail\r\n', attachedReport('MAILER-DAEMON@mx.q.test'), 'multipart/mixed; boundary="O"');
    expect(v).toEqual({ kind: 'bounce', recipient: 'gone@q.test', status: '5.1.2' });
  });

  it('a person forwarding a report as an attachment is a person', async () => {
    const v = await verdictOf('From: Rosa <rosa@client.test>\r\nSubject: Fwd: Returned mail\r\n', attachedReport('MAILER-DAEMON@mx.q.test'), 'multipart/mixed; boundary="O"');
    expect(v.kind).toBe('person');
  });
});
