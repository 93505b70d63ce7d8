// The IMAP mailbox adapter and the fetcher against a private Dovecot: reopening drops the old
// connection, a UID whose source FETCH did not return is fetched on the next pass instead of
// being skipped, a mailbox that does not exist is logged as an error while retries go on, and
// with IMAP_CHECK_MS the wait for mail asks with NOOP instead of IDLE and still wakes on new mail.
import { ImapFlow } from 'imapflow';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { Mailbox, type MailboxSettings } from '../../src/adapters/imap/mailbox.ts';
import { startPrivateMailServer, type PrivateMailServer } from '../../src/devmail/dovecot.ts';
import { MailFetcher } from '../../src/workers/fetch-mail.ts';

const USER = 'box@example.test';
const PASSWORD = 'imap-test-password';

type LogLine = { level: number; msg: string; component?: string; mailbox?: string; uid?: number };

function capturingLogger() {
  const lines: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => { lines.push(JSON.parse(s) as LogLine); } });
  return { log, lines };
}

/** The fetcher's view of the database, in memory: a cursor and the stored UIDs. */
function memoryInbound() {
  let cursor: { uidValidity: number; lastUid: number } | null = null;
  let refused = { uid: 0, passes: 0 };
  const stored: number[] = [];
  const store = {
    cursor: async () => cursor,
    saveCursor: async (_name: string, uidValidity: number, lastUid: number) => { cursor = { uidValidity, lastUid }; refused = { uid: 0, passes: 0 }; },
    countRefusal: async (_name: string, uidValidity: number, lastUid: number, uid: number) => {
      cursor = { uidValidity, lastUid };
      refused = { uid, passes: refused.uid === uid ? refused.passes + 1 : 1 };
      return refused.passes;
    },
    refetchRequested: async () => [],
    store: async (input: { uid: number }) => {
      const isNew = !stored.includes(input.uid);
      if (isNew) stored.push(input.uid);
      return { id: input.uid, isNew };
    },
    storeMany: async (_mailbox: string, _uidValidity: number, messages: { uid: number }[]) => Promise.all(messages.map((m) => store.store(m))),
    handledNotMarked: async () => [],
    markMailboxDone: async () => {},
  };
  return { inbound: store as unknown as InboundStore, stored, cursor: () => cursor };
}

const clientOf = (mailbox: Mailbox) => (mailbox as unknown as { client: ImapFlow }).client;

describe('the IMAP mailbox on a real server', () => {
  let server: PrivateMailServer;
  let settings: MailboxSettings;

  beforeAll(async () => {
    server = await startPrivateMailServer();
    await server.addUser(USER, PASSWORD);
    settings = { host: '127.0.0.1', port: server.imapPort, user: USER, password: PASSWORD, tls: false, mailbox: 'INBOX', afterProcessing: 'flag', processedMailbox: 'Processed' };
    const client = new ImapFlow({ host: '127.0.0.1', port: server.imapPort, secure: false, doSTARTTLS: false, auth: { user: USER, pass: PASSWORD }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
    await client.connect();
    for (let i = 1; i <= 3; i++) {
      await client.append('INBOX', `From: ann@example.test\r\nTo: ${USER}\r\nSubject: message ${i}\r\nMessage-ID: <m${i}@example.test>\r\n\r\nBody ${i}\r\n`);
    }
    await client.logout();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('logs out the previous connection and drops its listeners when opened again', async () => {
    const mailbox = new Mailbox(settings, pino({ level: 'silent' }));
    await mailbox.open();
    const first = clientOf(mailbox);
    await mailbox.open();
    const second = clientOf(mailbox);
    expect(second).not.toBe(first);
    expect(first.usable).toBe(false);
    expect(first.listenerCount('exists')).toBe(0);
    expect(first.listenerCount('close')).toBe(0);
    expect(second.usable).toBe(true);
    await mailbox.close();
  });

  it('stops a pass at a UID whose source FETCH did not return, and fetches it on the next pass', async () => {
    const { log, lines } = capturingLogger();
    const mailbox = new Mailbox(settings, log);
    await mailbox.open();
    const client = clientOf(mailbox);
    const fetch = client.fetch.bind(client);
    let dropping = true;
    // As a server does for a message it cannot read right now: the FETCH response lacks the body.
    (client as { fetch: unknown }).fetch = (...args: Parameters<ImapFlow['fetch']>) => (async function* () {
      for await (const m of fetch(...args)) yield dropping && m.uid === 2 ? { ...m, source: undefined } : m;
    })();
    const memory = memoryInbound();
    const fetcher = new MailFetcher({ mailbox, inbound: memory.inbound, enqueue: async () => {}, pollMs: 60_000, log });

    await fetcher.pass();
    expect(memory.stored).toEqual([1]);
    expect(memory.cursor()?.lastUid).toBe(1);
    // Counted as refused once, at debug: only holding it (after a few passes in a row) is said louder.
    expect(lines).toContainEqual(expect.objectContaining({ level: 20, component: 'fetch-mail', mailbox: 'INBOX', uid: 2, refusals: 1 }));
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);

    dropping = false;
    await fetcher.pass();
    expect(memory.stored).toEqual([1, 2, 3]);
    expect(memory.cursor()?.lastUid).toBe(3);
    await mailbox.close();
  });

  it('logs a mailbox that does not exist as one error, with component and mailbox, and keeps retrying quietly', async () => {
    const { log, lines } = capturingLogger();
    const mailbox = new Mailbox({ ...settings, mailbox: 'No-Such-Box' }, log);
    const fetcher = new MailFetcher({ mailbox, inbound: memoryInbound().inbound, enqueue: async () => {}, pollMs: 60_000, log });
    fetcher.start();
    const deadline = Date.now() + 10_000;
    const errors = () => lines.filter((l) => l.level === 50 && l.component === 'fetch-mail' && l.mailbox === 'No-Such-Box');
    const retries = () => lines.filter((l) => l.level === 20 && l.component === 'fetch-mail' && l.mailbox === 'No-Such-Box');
    while (retries().length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await fetcher.stop();
    // One line per change of state: the failure once, its repeats only at debug level.
    expect(errors()).toHaveLength(1);
    expect(retries().length).toBeGreaterThanOrEqual(1);
    expect(lines.filter((l) => l.level === 40 && l.component === 'fetch-mail')).toEqual([]);
  });
  it('with checkEveryMs waits by asking (NOOP), never in IDLE, and wakes when a message arrives', async () => {
    const mailbox = new Mailbox({ ...settings, checkEveryMs: 50 }, pino({ level: 'silent' }));
    await mailbox.open();
    const client = clientOf(mailbox);
    let idled = false;
    const watch = setInterval(() => { idled ||= Boolean((client as unknown as { idling: boolean }).idling); }, 10);
    let woke = false;
    // Far longer than the test may run: only new mail can end this wait.
    const waiting = mailbox.waitForMail(600_000).then(() => { woke = true; });
    await new Promise((r) => setTimeout(r, 300));
    expect(woke).toBe(false);
    const other = new ImapFlow({ host: '127.0.0.1', port: server.imapPort, secure: false, doSTARTTLS: false, auth: { user: USER, pass: PASSWORD }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
    await other.connect();
    await other.append('INBOX', `From: ann@example.test\r\nTo: ${USER}\r\nSubject: checked\r\nMessage-ID: <checked@example.test>\r\n\r\nBody\r\n`);
    await other.logout();
    await waiting;
    clearInterval(watch);
    expect(woke).toBe(true);
    expect(idled).toBe(false);
    await mailbox.close();
  }, 20_000);
});
