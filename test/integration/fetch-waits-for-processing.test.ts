// The fetcher does not run further ahead of processing than PROCESSING_AHEAD messages in a
// backlog: a pass waits before storing more while that many wait for process-mail (the mail
// stays on the server), and goes on once processing catches up. Nothing is skipped or stored
// twice, and the cursor only moves over what was stored.
import { ImapFlow } from 'imapflow';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { inboundMessages } from '../../src/adapters/db/schema.ts';
import { Mailbox } from '../../src/adapters/imap/mailbox.ts';
import { startPrivateMailServer, type PrivateMailServer } from '../../src/devmail/dovecot.ts';
import { MailFetcher, PROCESSING_AHEAD } from '../../src/workers/fetch-mail.ts';
import { useScratchDatabase } from '../support/harness.ts';

const USER = 'ahead@example.test';
const PASSWORD = 'ahead-test-password';

describe('the fetcher in a backlog', () => {
  const scratch = useScratchDatabase();
  let server: PrivateMailServer;
  let client: ImapFlow;

  beforeAll(async () => {
    server = await startPrivateMailServer();
    await server.addUser(USER, PASSWORD);
    client = new ImapFlow({ host: '127.0.0.1', port: server.imapPort, secure: false, doSTARTTLS: false, auth: { user: USER, pass: PASSWORD }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
    await client.connect();
  });
  afterAll(async () => {
    await client?.logout().catch(() => {});
    await server?.stop();
  });

  it('waits before storing more while processing is far behind, and goes on once it catches up', async () => {
    const inbound = new InboundStore(scratch.db);
    const storedUids = async () => (await scratch.db.select({ uid: inboundMessages.uid }).from(inboundMessages).orderBy(inboundMessages.id)).map((r) => r.uid);
    let enqueued = 0;
    let processed = 0;
    const mailbox = new Mailbox({ host: '127.0.0.1', port: server.imapPort, user: USER, password: PASSWORD, tls: false, mailbox: 'INBOX', afterProcessing: 'flag', processedMailbox: 'Processed' }, pino({ level: 'silent' }));
    const fetcher = new MailFetcher({
      mailbox, inbound, pollMs: 1000, log: pino({ level: 'silent' }),
      enqueue: async (ids) => { enqueued += ids.length; },
      waitingToProcess: async () => enqueued - processed,
    });
    const total = PROCESSING_AHEAD + 30;
    for (let i = 1; i <= total; i++) await client.append('INBOX', `From: ann@example.test\r\nTo: ${USER}\r\nSubject: message ${i}\r\nMessage-ID: <ahead${i}@example.test>\r\n\r\nBody ${i}\r\n`);
    await mailbox.open();
    try {
      const pass = fetcher.pass();
      const settled = pass.then(() => true);
      const until = Date.now() + 10_000;
      while ((await storedUids()).length < PROCESSING_AHEAD && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 1000)); // time enough to run on, were it not waiting
      let stored = await storedUids();
      expect(stored.length).toBeGreaterThanOrEqual(PROCESSING_AHEAD);
      expect(stored.length).toBeLessThan(total);
      expect(await Promise.race([settled, new Promise((r) => setTimeout(() => r(false), 10))])).toBe(false);
      expect((await inbound.cursor('INBOX'))!.lastUid).toBe(stored.at(-1));

      processed = enqueued; // processing caught up
      await pass;
      stored = await storedUids();
      expect(stored.length).toBe(total);
      expect(enqueued).toBe(total);
      expect(stored).toEqual([...stored].sort((a, b) => a - b));
      expect(new Set(stored).size).toBe(total);
      expect((await inbound.cursor('INBOX'))!.lastUid).toBe(stored.at(-1));
    } finally {
      await mailbox.close();
    }
  });
});
