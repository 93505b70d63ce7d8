// Jobs that keep failing: status mail the SMTP server keeps deferring (451) is set aside after
// its last attempt, the admins get one notice for the burst, `deskmail jobs failed` lists the
// jobs and `deskmail jobs retry` sends them once the server accepts again.
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/devmail/dovecot.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { runDeskmail } from '../support/cli.ts';

const GHOST = 'ghost@example.test';
const ADMIN = 'admin@example.test';

describe('dead-letter jobs', () => {
  let h: Harness;
  let front: SMTPServer;
  let deferGhost = true;
  let relayPort = 0;
  beforeAll(async () => {
    // A real SMTP server in front of the relay that defers every recipient named GHOST while
    // deferGhost is set, as a receiving server with a full disk or greylisting would.
    const port = await freePort();
    front = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
      onRcptTo(address, _session, callback) {
        if (deferGhost && address.address === GHOST) return callback(Object.assign(new Error('4.2.2 Mailbox full, try again later'), { responseCode: 451 }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const hop = nodemailer.createTransport({ host: '127.0.0.1', port: relayPort, secure: false, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);
          hop.sendMail({ envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) }, raw: Buffer.concat(chunks) })
            .then(() => callback(), (err: Error) => callback(Object.assign(err, { responseCode: 451 })));
        });
      },
    });
    await new Promise<void>((resolve) => front.listen(port, '127.0.0.1', () => resolve()));
    h = await startHarness({ users: [GHOST, ADMIN], env: { SMTP_URL: `smtp://127.0.0.1:${port}`, JOB_ATTEMPTS: '2', ADMIN_EMAILS: ADMIN } });
    relayPort = h.stack.relay.port;
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise<void>((resolve) => front?.close(() => resolve()));
  });

  it('sets jobs aside after their last attempt, tells the admins once, and retries them on demand', async () => {
    await h.send(GHOST, { subject: 'Report will not run', text: 'The CAPER report spins forever since Monday.' });
    await h.send(GHOST, { subject: 'Cannot log in', text: 'My login says the account is inactive since this morning.' });

    await h.waitForMail(ADMIN, (m) => /jobs? failed and set aside/.test(m.subject), 30_000);
    let listed: { queue: string; jobId: string; attempts: number; target: string; reason: string }[] = [];
    for (const deadline = Date.now() + 20_000; listed.length < 2 && Date.now() < deadline;) {
      listed = JSON.parse((await runDeskmail(h.stack.config, ['jobs', 'failed', '--json'])).stdout);
    }
    expect(listed).toHaveLength(2);
    for (const job of listed) {
      expect(job).toMatchObject({ queue: 'send-mail', attempts: 2 });
      expect(job.target).toMatch(/^status mail \d+$/);
      expect(job.reason).toMatch(/451|Mailbox full|try again/i);
    }
    // The status mail rows are still pending: nothing was recorded as sent or given up.
    const [pending] = await h.service.database.sql`select count(*)::int as n from outbound_messages where recipient = ${GHOST} and status = 'pending'`;
    expect(pending!.n).toBe(2);

    // Told once: a burst is gathered into one notice, and no job is named in a second one.
    await new Promise((r) => setTimeout(r, 3000));
    const notices = (await h.mailbox(ADMIN)).filter((m) => /failed and set aside/.test(m.subject));
    for (const job of listed) expect(notices.filter((n) => n.text.includes(job.jobId))).toHaveLength(1);

    deferGhost = false;
    const retry = await runDeskmail(h.stack.config, ['jobs', 'retry']);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toMatch(/^retried 2: outbound-\d+, outbound-\d+$/m);
    await h.settle(20_000);
    const ghostMail = await h.mailbox(GHOST);
    expect(ghostMail.filter((m) => /has been submitted/.test(m.subject))).toHaveLength(2);
    expect(JSON.parse((await runDeskmail(h.stack.config, ['jobs', 'failed', '--json'])).stdout)).toEqual([]);
    const none = await runDeskmail(h.stack.config, ['jobs', 'retry', 'outbound-999999']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('not a failed job: outbound-999999');
  }, 180_000);
});
