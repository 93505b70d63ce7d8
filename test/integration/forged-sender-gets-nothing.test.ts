// The forged-From attack on the real stack (Dovecot, SMTP relay, PostgreSQL, Redis) with the sender
// check on: mail claiming to be from a domain that publishes DMARC p=reject, unsigned, with a
// phishing subject and Cc'd strangers, gets no acknowledgement, brings no Cc'd person in, is not
// forwarded to MACCH, and reaches each admin once, marked "Unverified sender". Mail signed with
// that domain's DKIM key (checked against the test's own DNS records) is acknowledged as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startHarness, type Harness } from '../support/harness.ts';
import { SIGNED_DOMAIN, signedMail, testResolver } from '../support/dkim.ts';

const CEO = `ceo@${SIGNED_DOMAIN}`;
const ALICE = `alice@${SIGNED_DOMAIN}`;
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test';
const MACCH = 'macch@example.test';

function rawMail(from: string, subject: string, body: string, cc: string[] = []): Buffer {
  return Buffer.from([
    `From: ${from}`, 'To: helpdesk@example.test', ...(cc.length ? [`Cc: ${cc.join(', ')}`] : []), `Subject: ${subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@sender.example.test>`, `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
  ].join('\r\n'));
}

describe('a forged From of a domain with DMARC, on the real stack', () => {
  let h: Harness;
  let smtp: ReturnType<typeof nodemailer.createTransport>;
  const sendRaw = (from: string, raw: Buffer, to: string[] = ['helpdesk@example.test']) => smtp.sendMail({ envelope: { from, to }, raw });

  beforeAll(async () => {
    h = await startHarness({
      users: [CEO, ALICE, BOB, CAROL, SUMMER, MACCH],
      env: { SENDER_AUTH: 'verify', ADMIN_EMAILS: SUMMER, MACCH_ADDRESS: MACCH },
      service: { mailAuthResolver: testResolver },
    });
    smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.stack.relay.port, secure: false, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);
    await sendRaw(CEO, rawMail(`IT Department <${CEO}>`, 'Your account is locked - verify at http://phish.example.test', 'Click the link within 24 hours.', [BOB, CAROL]));
    await sendRaw(CEO, rawMail(`IT Department <${CEO}>`, 'NOFA question', 'When is the deadline for the CoC NOFA project application this year, and where do we send our letter of intent?'));
    // The genuine, signed request comes last: once it is acknowledged, the forged ones were handled.
    await sendRaw(ALICE, await signedMail(rawMail(`Alice <${ALICE}>`, 'Cannot open the caseload page', 'The Active Case Load page shows an error since this morning.')));
    await h.waitForMail(ALICE, (m) => m.subject.includes('has been submitted'), 30_000);
    await h.settle(30_000);
  }, 90_000);
  afterAll(async () => {
    smtp?.close();
    await h?.stop();
  });

  it('acknowledges the signed request as usual', async () => {
    expect((await h.mailbox(ALICE)).filter((m) => m.subject.includes('has been submitted'))).toHaveLength(1);
  });

  it('sends the forged sender nothing, and brings none of the Cc\'d strangers in', async () => {
    expect(await h.mailbox(CEO)).toEqual([]);
    expect(await h.mailbox(BOB)).toEqual([]);
    expect(await h.mailbox(CAROL)).toEqual([]);
  });

  it('shows the forged tickets to admins as "unverified sender", and the signed one without it', async () => {
    const tickets = await Promise.all(['Utah_RW-1', 'Utah_RW-2', 'Utah_RW-3'].map((ref) => h.ticket(ref)));
    const bySubmitter = (email: string) => tickets.filter((t) => t?.submitter === email);
    expect(bySubmitter(CEO).map((t) => t!.unverifiedSender)).toEqual([expect.stringContaining('dmarc=fail'), expect.stringContaining('dmarc=fail')]);
    expect(bySubmitter(ALICE).map((t) => t!.unverifiedSender)).toEqual([null]);
  });

  it('forwards nothing to MACCH', async () => {
    expect(await h.mailbox(MACCH)).toEqual([]);
  });

  it('tells the admin once per forged message, marked unverified, and once for the signed one without the mark', async () => {
    const notices = (await h.mailbox(SUMMER)).filter((m) => m.subject.includes('has been submitted and is not yet assigned'));
    expect(notices).toHaveLength(3);
    const unverified = notices.filter((m) => m.text.replace(/\s+/g, ' ').includes('Unverified sender'));
    expect(unverified).toHaveLength(2);
    for (const m of unverified) expect(m.text.replace(/\s+/g, ' ')).toContain("(dmarc=fail (p=reject");
  });
});
