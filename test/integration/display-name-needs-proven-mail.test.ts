// Display names on the real stack (Dovecot, SMTP relay, PostgreSQL, Redis) with the sender check on:
// a name is stored only from mail that proves its sender (DMARC pass for the From domain, or the
// person's own signed reply address), and replaced only by such mail. A forged From naming itself
// "IT Security Team" changes no stored name, and unproven mail stores none; nor does a group From
// that names an admin beside a stranger's domain that passes DMARC.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startHarness, type Harness } from '../support/harness.ts';
import { SIGNED_DOMAIN, signedMail, testResolver } from '../support/dkim.ts';

const ALICE = `alice@${SIGNED_DOMAIN}`;
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const BECKY = 'becky@agency.example.test';

function rawMail(from: string, subject: string, body: string): Buffer {
  return Buffer.from([
    `From: ${from}`, 'To: helpdesk@example.test', `Subject: ${subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@sender.example.test>`, `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
  ].join('\r\n'));
}

describe('display names come only from mail that proves its sender', () => {
  let h: Harness;
  let smtp: ReturnType<typeof nodemailer.createTransport>;
  const sendRaw = (from: string, raw: Buffer) => smtp.sendMail({ envelope: { from, to: ['helpdesk@example.test'] }, raw });
  const nameOf = async (email: string): Promise<string | undefined> => {
    const [row] = await h.service.database.sql<{ name: string }[]>`select name from people where email = ${email}`;
    return row?.name;
  };

  /** Waits until `count` messages were fetched and handled, and whatever they caused was sent. */
  const handled = async (count: number): Promise<void> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [row] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from inbound_messages where status <> 'pending'`;
      if (row!.n >= count) break;
      if (Date.now() > deadline) throw new Error(`only ${row!.n} of ${count} messages handled`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.settle(30_000);
  };

  beforeAll(async () => {
    h = await startHarness({
      users: [ALICE, BOB, SUMMER, BECKY],
      env: { SENDER_AUTH: 'verify', ADMIN_EMAILS: SUMMER, AUTO_MAIL_LIMIT_PER_HOUR: '100' },
      service: { mailAuthResolver: testResolver },
    });
    smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.stack.relay.port, secure: false, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);
  }, 90_000);
  afterAll(async () => {
    smtp?.close();
    await h?.stop();
  });

  it('stores the name of DKIM-signed mail whose domain passes DMARC', async () => {
    await sendRaw(ALICE, await signedMail(rawMail(`Alice Example <${ALICE}>`, 'Cannot open the caseload page', 'The Active Case Load page shows an error since this morning.')));
    await h.waitForMail(ALICE, (m) => m.subject.includes('has been submitted'), 30_000);
    expect(await nameOf(ALICE)).toBe('Alice Example');
  }, 60_000);

  it('keeps that name when a forged From (DMARC fail) calls itself "IT Security Team"', async () => {
    await sendRaw(ALICE, rawMail(`IT Security Team <${ALICE}>`, 'Password reset required', 'Reset your password at http://phish.example.test today.'));
    await handled(2);
    expect(await nameOf(ALICE)).toBe('Alice Example');
  }, 60_000);

  it('lets later mail that passes DMARC for the same person change it', async () => {
    await sendRaw(ALICE, await signedMail(rawMail(`Alice Smith <${ALICE}>`, 'Caseload export is empty', 'The caseload export comes out empty since the update.')));
    await h.waitForMail(ALICE, (m) => m.subject.includes('Utah_RW-3 has been submitted'), 30_000);
    expect(await nameOf(ALICE)).toBe('Alice Smith');
  }, 60_000);

  it('stores no name from unproven mail, then the one the person\'s signed reply address gives, which unproven mail cannot replace', async () => {
    // example.test publishes no DMARC record: the mail is handled, but its From name proves nothing.
    await h.send(`IT Security Team <${BOB}>`, { subject: 'Client intake page times out', text: 'The client intake page times out when I save an enrollment.' });
    const submitted = await h.waitForMail(BOB, (m) => m.subject.includes('has been submitted'), 30_000);
    expect(await nameOf(BOB)).toBe('');
    // Bob answers through his own signed reply address: that proves him, and his name is kept.
    await h.send(`Bob Builder <${BOB}>`, {
      to: submitted.replyTo[0]!.address, subject: `Re: ${submitted.subject}`, text: 'It happens on the office Wi-Fi only.',
      inReplyTo: `<${submitted.messageId}>`, references: [`<${submitted.messageId}>`],
    });
    await handled(5);
    expect(await nameOf(BOB)).toBe('Bob Builder');
    // Unproven mail again (no signed address, no DMARC): the stored name stays.
    await h.send(`IT Security Team <${BOB}>`, { subject: 'Urgent: mailbox quota', text: 'Your mailbox is full; confirm your password.' });
    await handled(6);
    expect(await nameOf(BOB)).toBe('Bob Builder');
  }, 90_000);

  it('stores no name from a group From naming an admin beside a stranger\'s domain that passes DMARC, and copies nobody in', async () => {
    // From: team: "Summer Bammes (IT: new number 555-0100)" <summer@example.test>; , m@signed.example.test
    const raw = readFileSync(new URL('../fixtures/mail/from-group-admin-beside-passing-domain.eml', import.meta.url));
    await sendRaw(`m@${SIGNED_DOMAIN}`, await signedMail(raw));
    await handled(7);
    expect(await nameOf(SUMMER)).toBe('');
    expect(await h.mailbox(BECKY)).toEqual([]);
    // Filed for the admins, marked unverified with the reason.
    const ticket = await h.ticket('Utah_RW-6');
    expect(ticket?.submitter).toBe(SUMMER);
    expect(ticket?.unverifiedSender).toContain('group');
  }, 60_000);
});
