// `deskmail demo`: shows the whole path on this machine. Starts a private mail server, the
// service and the web pages on local defaults, sends a sample request as alice@example.test,
// waits for the ticket and alice's mail, prints them and the personal links to the ticket, and
// keeps running until Ctrl-C so a newcomer can click through (`--exit` or CI=true: stops).
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { createLogger } from '../log.ts';
import { dropDatabase, migrateDatabase } from '../adapters/db/client.ts';
import { loadTicketView } from '../adapters/db/ticket-view.ts';
import { startLocalStack, type LocalStack } from '../devmail/local-stack.ts';
import { parseMessage } from '../inbound/parse.ts';
import type { ParsedMessage } from '../inbound/types.ts';
import { startService } from '../main.ts';
import { findWebPersonByEmail } from '../adapters/db/web-people.ts';
import { makeSignInToken, ticketLink } from '../tickets/sign-in-link.ts';
import { startWeb, type RunningWeb } from '../web/start.ts';
import { showControls, type CliValues } from './output.ts';
import { describeTicket } from './tickets.ts';

const isCi = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

/** Waits (up to 30 s) for a message in the user's INBOX that matches, reading it over IMAP. */
async function waitForMail(stack: LocalStack, user: string, match: (m: ParsedMessage) => boolean): Promise<ParsedMessage> {
  const client = new ImapFlow({ host: '127.0.0.1', port: stack.mail.imapPort, secure: false, doSTARTTLS: false, auth: { user, pass: stack.password }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
  await client.connect();
  try {
    for (let i = 0; i < 150; i++) {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.noop(); // learn of mail delivered since the mailbox was opened
        const box = client.mailbox;
        if (box && typeof box !== 'boolean' && box.exists > 0) {
          for await (const m of client.fetch('1:*', { source: true })) {
            const parsed = m.source ? await parseMessage(m.source) : null;
            if (parsed && match(parsed)) return parsed;
          }
        }
      } finally {
        lock.release();
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the expected mail did not reach ${user} within 30 s`);
  } finally {
    await client.logout().catch(() => {});
  }
}

/** Waits for Ctrl-C or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * The demo's own database: DESKMAIL_DEMO_DATABASE_URL; else `deskmail_demo` on the server
 * DATABASE_URL names (the one setup checked); else on 127.0.0.1:5432. Pure.
 */
export function demoDatabaseUrl(env: Record<string, string | undefined>): string {
  if (env.DESKMAIL_DEMO_DATABASE_URL) return env.DESKMAIL_DEMO_DATABASE_URL;
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    url.pathname = '/deskmail_demo';
    return url.toString();
  }
  return 'postgres://postgres@127.0.0.1:5432/deskmail_demo';
}

export async function demoCommand(values: CliValues = {}): Promise<number> {
  const stayUp = !values.exit && !isCi(process.env.CI);
  const webPort = Number(process.env.DESKMAIL_DEMO_WEB_PORT ?? 3000);
  const databaseUrl = demoDatabaseUrl(process.env);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  // The demo's database is its own and starts empty each time, so the demo shows Utah_RW-1: it is
  // dropped only when its name says it is a demo's, never a database pointed at by mistake.
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!/demo$/i.test(name)) {
    process.stderr.write(`DESKMAIL_DEMO_DATABASE_URL names the database "${name}"; the demo empties its database at each run, so it takes only one whose name ends in "demo"\n`);
    return 2;
  }
  await dropDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  const stack = await startLocalStack({
    databaseUrl, queuePrefix: `deskmail-demo-${process.pid}`, users: ['alice@example.test', 'summer@example.test'],
    env: { ADMIN_EMAILS: 'summer@example.test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', PUBLIC_URL: `http://localhost:${webPort}`, WEB_PORT: String(webPort) },
  });
  say(`private mail server: IMAP 127.0.0.1:${stack.mail.imapPort}, SMTP relay ${stack.relay.url}`);
  const service = await startService(stack.config, createLogger(stack.config.LOG_LEVEL)).catch(async (err: unknown) => {
    await stack.stop();
    throw err;
  });
  let web: RunningWeb | null = null;
  let stopped = false;
  let succeeded = false;
  try {
    web = await startWeb(stack.config, createLogger(stack.config.LOG_LEVEL), {
      db: service.database.db, redis: service.queues.connection, relay: service.relay, loadStaff: service.loadStaff, sender: service.sender,
    }, { port: webPort });
    say(`web pages: ${stack.config.PUBLIC_URL} (listening on ${web.url})`);
    const subject = `Can't add client to caseload AAAA111111 (demo ${new Date().toISOString()})`;
    const started = Date.now();
    await nodemailer.createTransport({ host: '127.0.0.1', port: stack.relay.port, secure: false, ignoreTLS: true }).sendMail({
      from: 'Alice Example <alice@example.test>', to: stack.config.HELPDESK_ADDRESS, subject,
      text: 'Hello,\n\nWhen I try to add client AAAA111111 to my caseload from the Active Case Load page I get "Access denied". It started this morning.\n\nThanks,\nAlice',
    });
    say(`sent a request as alice@example.test: "${subject}"`);
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.relay.port, secure: false, ignoreTLS: true });
    const confirmation = await waitForMail(stack, 'alice@example.test', (m) => m.subject.includes('has been submitted'));
    say(`alice's mailbox received: "${confirmation.subject}" after ${Date.now() - started} ms`);
    // The admin takes the ticket by replying to her own "new ticket" mail, as a mail client would.
    const adminMail = await waitForMail(stack, 'summer@example.test', (m) => m.subject.includes('not yet assigned'));
    say(`summer (admin) received: "${adminMail.subject}" and replies "#assign me"`);
    await smtp.sendMail({
      from: 'Summer Admin <summer@example.test>', to: adminMail.replyTo[0]!.address, subject: `Re: ${adminMail.subject}`,
      inReplyTo: `<${adminMail.messageId}>`, references: [...adminMail.references, adminMail.messageId!].map((id) => `<${id}>`),
      text: `#assign me\n\nI am looking at this now.\n\nOn ${new Date().toUTCString()}, Help Desk wrote:\n> ${adminMail.text.split('\n').join('\n> ')}`,
    });
    const assigned = await waitForMail(stack, 'alice@example.test', (m) => m.subject.includes('has been assigned'));
    say(`alice's mailbox received: "${assigned.subject}"`);
    const ref = /Issue (\S+) has been submitted/.exec(confirmation.subject)![1]!;
    const view = await loadTicketView(service.database.db, stack.config.TICKET_PREFIX, ref);
    say('');
    say(showControls(describeTicket(view!, false)));
    say('');
    const linkFor = async (email: string) => {
      const person = (await findWebPersonByEmail(service.database.db, email))!;
      const ticketRow = (await service.scheduleDeps.tickets.byRef(ref))!;
      const token = makeSignInToken({ personId: person.id, ticketId: ticketRow.id, epoch: person.signInEpoch, expiresAt: new Date(Date.now() + stack.config.MAIL_LINK_DAYS * 86_400_000) }, stack.config.SECRET_KEY);
      return ticketLink(stack.config.PUBLIC_URL, ref, token);
    };
    say(`Open the ticket as alice (submitter): ${await linkFor('alice@example.test')}`);
    say(`Open the ticket as summer (admin):    ${await linkFor('summer@example.test')}`);
    if (!stayUp) {
      say('Demo complete. Run `npm test` for the full test suite; see README.md to run against a real mailbox.');
      succeeded = true;
      return 0;
    }
    say('The service and the web keep running: click the links above. Mail alice and summer get stays in the');
    say(`private mail server (IMAP 127.0.0.1:${stack.mail.imapPort}, password ${stack.password}). Press Ctrl-C to stop.`);
    await untilStopped();
    say('stopping...');
    stopped = true;
    succeeded = true;
    return 0;
  } finally {
    // Stopping takes a second or two, whether the demo has run through or was told to stop; whatever
    // hangs then (a library, a server slow to answer) must not keep it running past ten seconds.
    setTimeout(() => process.exit(succeeded ? 0 : 1), 9_000).unref();
    await web?.close().catch(() => {});
    await service.queues.processMail.obliterate({ force: true }).catch(() => {});
    await service.queues.sendMail.obliterate({ force: true }).catch(() => {});
    await service.queues.schedule.obliterate({ force: true }).catch(() => {});
    await service.stop();
    await stack.stop();
    if (stopped) setTimeout(() => process.exit(0), 200).unref();
  }
}
