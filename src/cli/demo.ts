// `deskmail demo`: shows the whole path on this machine. Starts a private mail server and the
// service on local defaults, sends a sample request as alice@example.test, waits for the
// ticket and alice's "has been submitted" mail, prints both, and stops.
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { createLogger } from '../log.ts';
import { migrateDatabase } from '../adapters/db/client.ts';
import { loadTicketView } from '../adapters/db/ticket-view.ts';
import { startLocalStack } from '../devmail/local-stack.ts';
import { startService } from '../main.ts';
import { describeTicket } from './tickets.ts';

export async function demoCommand(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/deskmail_demo';
  const say = (line: string) => process.stdout.write(`${line}\n`);
  await migrateDatabase(databaseUrl);
  const stack = await startLocalStack({
    databaseUrl, queuePrefix: `deskmail-demo-${process.pid}`, users: ['alice@example.test', 'summer@example.test'],
    env: { ADMIN_EMAILS: 'summer@example.test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  say(`private mail server: IMAP 127.0.0.1:${stack.mail.imapPort}, SMTP relay ${stack.relay.url}`);
  const service = await startService(stack.config, createLogger(stack.config.LOG_LEVEL)).catch(async (err: unknown) => {
    await stack.stop();
    throw err;
  });
  try {
    const subject = `Can't add client to caseload AAAA111111 (demo ${new Date().toISOString()})`;
    const started = Date.now();
    await nodemailer.createTransport({ host: '127.0.0.1', port: stack.relay.port, secure: false, ignoreTLS: true }).sendMail({
      from: 'Alice Example <alice@example.test>', to: stack.config.HELPDESK_ADDRESS, subject,
      text: 'Hello,\n\nWhen I try to add client AAAA111111 to my caseload from the Active Case Load page I get "Access denied". It started this morning.\n\nThanks,\nAlice',
    });
    say(`sent a request as alice@example.test: "${subject}"`);
    const client = new ImapFlow({ host: '127.0.0.1', port: stack.mail.imapPort, secure: false, doSTARTTLS: false, auth: { user: 'alice@example.test', pass: stack.password }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
    await client.connect();
    let confirmation: string | null = null;
    for (let i = 0; i < 150 && !confirmation; i++) {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.noop(); // learn of mail delivered since the mailbox was opened
        for await (const m of client.fetch('1:*', { envelope: true })) {
          if (m.envelope?.subject?.includes('has been submitted')) confirmation = m.envelope.subject;
        }
      } finally {
        lock.release();
      }
      if (!confirmation) await new Promise((r) => setTimeout(r, 200));
    }
    await client.logout();
    if (!confirmation) throw new Error('no confirmation reached alice within 30 s');
    say(`alice's mailbox received: "${confirmation}" after ${Date.now() - started} ms`);
    const ref = /Issue (\S+) has been submitted/.exec(confirmation)![1]!;
    const view = await loadTicketView(service.database.db, stack.config.TICKET_PREFIX, ref);
    say('');
    say(describeTicket(view!, false));
    say('');
    say('Demo complete. Run `npm test` for the full test suite; see README.md to run against a real mailbox.');
    return 0;
  } finally {
    await service.queues.processMail.obliterate({ force: true }).catch(() => {});
    await service.queues.sendMail.obliterate({ force: true }).catch(() => {});
    await service.queues.schedule.obliterate({ force: true }).catch(() => {});
    await service.stop();
    await stack.stop();
  }
}
