// The fetcher's loop with a mailbox that cuts the connection while it sends one message: the cut
// counts against that message only while the mail server is reachable in between (the next login
// and its FETCH work), and after REFUSALS_BEFORE_HOLD passes in a row it is held and the mail behind
// it flows. Cut once or twice and then given, nothing is held; a login that fails between two cuts
// (the server or the network away) starts the count again. One line when the cutting starts and one
// when the message is held, nothing per retry. Asked for again by an admin and cut again, the
// message is held again. The mailbox and the store are scripted stand-ins; time is faked.
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import type { CutFetch, FetchedMessage, Mailbox } from '../../src/adapters/imap/mailbox.ts';
import { RetryableError } from '../../src/errors.ts';
import { REFUSALS_BEFORE_HOLD } from '../../src/inbound/fetch-refusal.ts';
import { CUT_COUNTED, CUT_HELD, MailFetcher } from '../../src/workers/fetch-mail.ts';

const BROKEN = 2;
const UIDS = [1, 2, 3];

/** What one login meets: the server away (the login fails), or a session in which the broken message is cut or given. */
type Session = 'away' | 'cut' | 'give';

/** A mailbox whose sessions follow `script`, one entry per login (then every session gives). */
function scriptedMailbox(script: Session[]) {
  let session: Session = 'give';
  let wakeUp: (() => void) | null = null;
  const cut = (uid: number): CutFetch => {
    box.usable = false;
    return { kind: 'cut', uid, error: new RetryableError('IMAP_COMMAND', 'imap fetch failed') };
  };
  const message = (uid: number): FetchedMessage => ({ kind: 'message', uid, raw: Buffer.from(`Subject: message ${uid}\r\n\r\nbody\r\n`) });
  const box = {
    name: 'INBOX',
    uidValidity: 9,
    usable: false,
    logins: 0,
    async open() {
      box.logins += 1;
      session = script.shift() ?? 'give';
      if (session === 'away') throw new RetryableError('IMAP_CONNECT', 'imap connect to 127.0.0.1:1 failed');
      box.usable = true;
      return { uidValidity: box.uidValidity };
    },
    async *fetchSince(lastUid: number) {
      for (const uid of UIDS.filter((u) => u > lastUid)) {
        if (uid === BROKEN && session === 'cut') {
          yield cut(uid);
          return;
        }
        yield message(uid);
      }
    },
    async fetchOne(uid: number) {
      return uid === BROKEN && session === 'cut' ? cut(uid) : message(uid);
    },
    async markDone() {},
    async waitForMail(ms: number) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wakeUp = () => { clearTimeout(timer); resolve(); };
      });
    },
    wake() { wakeUp?.(); },
    async close() { box.usable = false; },
  };
  return box;
}

/** The store's cursor, count and rows in memory, with the same rules as InboundStore (fences aside). */
function memoryInbound() {
  let cursor: { uidValidity: number; lastUid: number; fence: number } | null = null;
  let refused = { uidValidity: 0, uid: 0, passes: 0 };
  const rows: { id: number; uid: number; status: string; outcome?: string; reason?: string }[] = [];
  const none = { uidValidity: 0, uid: 0, passes: 0 };
  const store = {
    cursor: async () => cursor,
    saveCursor: async (_m: string, uidValidity: number, lastUid: number) => { cursor = { uidValidity, lastUid, fence: 0 }; refused = none; return true; },
    countRefusal: async (_m: string, uidValidity: number, lastUid: number, uid: number) => {
      cursor = { uidValidity, lastUid, fence: 0 };
      refused = { uidValidity, uid, passes: refused.uid === uid && refused.uidValidity === uidValidity ? refused.passes + 1 : 1 };
      return refused.passes;
    },
    forgetRefusal: async (_m: string, uidValidity: number, uid: number) => {
      if (refused.uid !== uid || refused.uidValidity !== uidValidity) return false;
      refused = none;
      return true;
    },
    holdRefused: async (_m: string, uidValidity: number, uid: number, held: { code: string; reason: string }) => {
      cursor = { uidValidity, lastUid: uid, fence: 0 };
      refused = none;
      rows.push({ id: rows.length + 1, uid, status: 'quarantined', outcome: `quarantined:${held.code}`, reason: held.reason });
      return rows.length;
    },
    storeMany: async (_m: string, _v: number, messages: { uid: number }[]) => messages.map((m) => {
      const known = rows.find((r) => r.uid === m.uid);
      if (known) return { id: known.id, isNew: false };
      rows.push({ id: rows.length + 1, uid: m.uid, status: 'pending' });
      return { id: rows.length, isNew: true };
    }),
    refetchRequested: async () => rows.filter((r) => r.status === 'refetch').map((r) => ({ id: r.id, uid: r.uid, uidValidity: 9 })),
    storeRefetched: async (_m: string, id: number) => { Object.assign(rows.find((r) => r.id === id)!, { status: 'pending', outcome: undefined, reason: undefined }); return true; },
    holdAgain: async (_m: string, id: number, reason: string) => { Object.assign(rows.find((r) => r.id === id)!, { status: 'quarantined', reason }); return true; },
    handledNotMarked: async () => [],
    markMailboxDone: async () => {},
  };
  return { inbound: store as unknown as InboundStore, rows, refused: () => refused };
}

function run(script: Session[]) {
  const lines: { level: number; msg: string; uid?: number }[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => { lines.push(JSON.parse(s)); } });
  const mailbox = scriptedMailbox(script);
  const memory = memoryInbound();
  const fetcher = new MailFetcher({ mailbox: mailbox as unknown as Mailbox, inbound: memory.inbound, enqueue: async () => {}, pollMs: 100, log });
  fetcher.start();
  const said = (msg: string) => lines.filter((l) => l.msg === msg).length;
  const loud = () => lines.filter((l) => l.level >= 40).map((l) => l.msg);
  /** Lets the loop run until `done` holds, in faked time (at most `ms`). */
  const until = async (done: () => boolean, ms = 120_000) => {
    for (let t = 0; t < ms && !done(); t += 100) await vi.advanceTimersByTimeAsync(100);
    expect(done()).toBe(true);
  };
  return { mailbox, memory, fetcher, said, loud, until, lines };
}

describe('a message the connection is cut in the middle of', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it(`is held after ${REFUSALS_BEFORE_HOLD} cuts in a row with the server reachable in between, and the mail behind it flows`, async () => {
    const t = run(Array.from({ length: REFUSALS_BEFORE_HOLD }, () => 'cut' as const));
    await t.until(() => t.memory.rows.length === UIDS.length);
    const stopping = t.fetcher.stop();
    await vi.runAllTimersAsync();
    await stopping;
    expect(t.memory.rows.map((r) => [r.uid, r.status, r.outcome])).toEqual([[1, 'pending', undefined], [2, 'quarantined', 'quarantined:FETCH_REFUSED'], [3, 'pending', undefined]]);
    expect(t.memory.rows[1]!.reason).toContain(`cut the connection ${REFUSALS_BEFORE_HOLD} times in a row while sending this message (UID 2 of INBOX)`);
    expect(t.memory.rows[1]!.reason).toContain('may be damaged');
    // One line when it started, one when it was held; the repeat in between at debug.
    expect(t.said(CUT_COUNTED)).toBe(1);
    expect(t.loud()).toEqual([CUT_HELD]);
  });

  it.each([1, REFUSALS_BEFORE_HOLD - 1])('holds nothing when it was cut %i time(s) and then given', async (cuts) => {
    const t = run(Array.from({ length: cuts }, () => 'cut' as const));
    await t.until(() => t.memory.rows.length === UIDS.length);
    const stopping = t.fetcher.stop();
    await vi.runAllTimersAsync();
    await stopping;
    expect(t.memory.rows.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    expect(t.memory.refused().passes).toBe(0);
    expect(t.said(CUT_COUNTED)).toBe(1);
    expect(t.loud()).toEqual([]);
  });

  it('starts the count again when the server could not be reached between two cuts', async () => {
    // Without the restart this would be the third cut in a row at the same message.
    const t = run(['cut', 'away', 'cut', 'cut']);
    await t.until(() => t.memory.rows.length === UIDS.length);
    const stopping = t.fetcher.stop();
    await vi.runAllTimersAsync();
    await stopping;
    expect(t.mailbox.logins).toBeGreaterThanOrEqual(5);
    expect(t.memory.rows.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    expect(t.said(CUT_HELD)).toBe(0);
    // Said once at each start: the count started again after the outage.
    expect(t.said(CUT_COUNTED)).toBe(2);
  });

  it('is held again when an admin asks for it and the connection is cut again, and fetched when it is given', async () => {
    const t = run([...Array.from({ length: REFUSALS_BEFORE_HOLD }, () => 'cut' as const), 'cut']);
    await t.until(() => t.memory.rows.length === UIDS.length);
    const held = t.memory.rows.find((r) => r.uid === BROKEN)!;
    // The session after the hold (the fourth login) cuts it too; the admin asks for it meanwhile.
    held.status = 'refetch';
    t.fetcher.nudge();
    await t.until(() => held.status === 'quarantined' && /cut the connection again/.test(held.reason ?? ''));
    held.status = 'refetch';
    t.mailbox.usable = false; // the next session gives it
    t.fetcher.nudge();
    await t.until(() => held.status === 'pending');
    const stopping = t.fetcher.stop();
    await vi.runAllTimersAsync();
    await stopping;
  });
});
