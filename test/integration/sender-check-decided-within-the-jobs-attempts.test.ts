// A sender check whose DNS keeps failing for now, on the real stack (Dovecot, SMTP relay, PostgreSQL,
// Redis and BullMQ's own retries) with JOB_ATTEMPTS set below SENDER_CHECK_RETRIES: the message is
// decided as not checked on its job's last attempt at the latest, so it is filed and answered by
// that job, never set aside as a failed job for an admin (or for recovery) to finish. The DNS
// answers are the test's own.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENDER_CHECK_RETRIES } from '../../src/workers/process-mail.ts';
import { changingResolver, relayedMail, SIGNED_DOMAIN, signedMail } from '../support/dkim.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const ALICE = `alice@${SIGNED_DOMAIN}`;
const SUMMER = 'summer@example.test';
const JOB_ATTEMPTS = 2;

describe('a sender check failing for now, with fewer job attempts than its retries', () => {
  const dns = changingResolver();
  let h: Harness;

  beforeAll(async () => {
    expect(JOB_ATTEMPTS).toBeLessThan(SENDER_CHECK_RETRIES);
    dns.setDmarc('unreachable');
    h = await startHarness({
      users: [ALICE, SUMMER],
      env: { SENDER_AUTH: 'verify', ADMIN_EMAILS: SUMMER, JOB_ATTEMPTS: String(JOB_ATTEMPTS) },
      service: { mailAuthResolver: dns.resolver },
    });
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.stack.relay.port, secure: false, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);
    const raw = await signedMail(relayedMail({ from: `Alice Example <${ALICE}>`, to: h.helpdesk, subject: 'Caseload page shows an error', text: 'The Active Case Load page shows an error since this morning.' }));
    await smtp.sendMail({ envelope: { from: ALICE, to: [h.helpdesk] }, raw });
    smtp.close();
  }, 60_000);
  afterAll(async () => {
    dns.setDmarc('published');
    await h?.stop();
  });

  it('files and answers the request on the job\'s last attempt, as not checked rather than forged', async () => {
    await h.waitForMail(ALICE, (m) => m.subject.includes('has been submitted'), 30_000);
    const ticket = await h.ticket('Utah_RW-1');
    expect(ticket).toMatchObject({ submitter: ALICE, unverifiedSender: null });
    const [row] = await h.service.database.sql<{ status: string; outcome: string; attempts: number; sender_verdict: unknown }[]>`
      select status, outcome, attempts, sender_verdict from inbound_messages`;
    // Tried as often as its job may be: the tries before failed for its DNS, the job's last decided it.
    expect(row).toEqual({ status: 'processed', outcome: 'created', attempts: JOB_ATTEMPTS, sender_verdict: null });
  });

  it('sets no job aside and tells the admins of no failed job', async () => {
    await h.settle(30_000);
    expect(await h.service.queues.processMail.getFailedCount()).toBe(0);
    expect(await h.service.database.sql`select event from outbox where event = 'jobs_failed'`).toHaveLength(0);
    expect((await h.mailbox(SUMMER)).map((m) => m.subject)).not.toContainEqual(expect.stringContaining('failed and set aside'));
  });
});
