// fetch-mail: keeps the mailbox cursor {uidValidity, lastUid}; stores each new raw message once
// before anything else, enqueues process-mail, flags or moves handled messages, then waits for
// new mail through IDLE (falling back to a poll). A new UIDVALIDITY means a resync, never a guess.
// A message the server keeps refusing, or keeps cutting the connection while it is sending, is held
// for an admin and the cursor moves past it.
import { PermanentError, RetryableError } from '../errors.ts';
import type { FetchLease } from '../adapters/queue/fetch-lease.ts';
import { type Logger, safeError } from '../log.ts';
import type { HeldOnArrival, InboundStore } from '../adapters/db/inbound-store.ts';
import { Mailbox, type CutFetch, type FetchedMessage, type LostFetch, type RefusedFetch } from '../adapters/imap/mailbox.ts';
import {
  decideAfterFetchFailure, decideCutFetch, decideRefusedFetch, keepsCutCounted, refetchFailedReason, serverAnswerText, type FetchFailure, type RefusalDecision,
} from '../inbound/fetch-refusal.ts';
import { oversizedMessageReason } from '../inbound/processable.ts';
import { dependencyOf, type Availability } from '../adapters/availability.ts';
import { translateDbError } from '../adapters/db/errors.ts';
import { tooLargeSender, type TooLargeMessage, type TooLargeOutcome } from './too-large-mail.ts';

/** Messages (and bytes) stored per multi-row insert and cursor move. */
const STORE_BATCH = 25;
const STORE_BATCH_BYTES = 16 * 1024 * 1024;
/**
 * A pass waits before storing more while this many stored messages wait for process-mail (the
 * rest stays on the mail server meanwhile): running further ahead only takes CPU from processing,
 * and the bytes it stored would no longer be handed over in this process but read back.
 */
export const PROCESSING_AHEAD = 50;
const PROCESSING_AHEAD_CHECK_MS = 200;

/** The one line said when a message the server keeps refusing is held. */
export const REFUSED_HELD = 'the mail server refused this message pass after pass: held for an admin, fetching goes on past it';
/** Said once when the connection is cut while a message is being sent (its repeats are debug). */
export const CUT_COUNTED = 'the connection to the mail server was cut while it was sending this message: fetching it again';
/** The one line said when a message the connection keeps being cut in the middle of is held. */
export const CUT_HELD = 'the mail server cut the connection while sending this message pass after pass: held for an admin, fetching goes on past it';

export interface FetchMailDeps {
  mailbox: Mailbox;
  inbound: InboundStore;
  /** Enqueues processing of stored messages (harmless for ones already queued). */
  enqueue: (inboundIds: number[]) => Promise<void>;
  /** How many enqueued messages wait for process-mail (absent: never waits for processing). */
  waitingToProcess?: () => Promise<number>;
  pollMs: number;
  /** MAX_MESSAGE_MB in bytes; the mailbox fetches larger messages as headers only. */
  maxMessageBytes?: number;
  /** Answers the sender of a message too large to read, once (workers/too-large-mail.ts); nobody is answered when absent. */
  answerTooLarge?: (message: TooLargeMessage) => Promise<TooLargeOutcome>;
  log: Logger;
  /** With several workers: fetch only while holding this lease (absent: always fetch). */
  lease?: FetchLease;
  /** Told when the IMAP server, PostgreSQL or the token endpoint goes away and comes back (it logs that once). */
  availability?: Pick<Availability, 'down' | 'up' | 'isDown'>;
}

export class MailFetcher {
  private stopped = false;
  private running: Promise<void> | null = null;
  /** Resolves each time a fetch pass finishes (tests and the demo wait on it). */
  passes = 0;
  /** When the last pass finished without error (health checks read it). */
  lastSuccessAt: Date | null = null;
  /** Why the last pass failed, while it keeps failing (code and first line; never a secret). */
  lastError: { code?: string; message: string } | null = null;
  readonly startedAt = new Date();

  constructor(private readonly deps: FetchMailDeps) {}

  /** For health checks: is the mailbox connection open? */
  get state(): 'connected' | 'disconnected' | 'standby' {
    if (this.deps.lease && this.deps.lease.fence === 0) return 'standby';
    return this.deps.mailbox.usable ? 'connected' : 'disconnected';
  }

  private renewTimer: NodeJS.Timeout | null = null;
  private standbyWake: (() => void) | null = null;
  /**
   * The last pass counted a cut against this UID (and failed with `error`): the server was
   * reachable up to that FETCH. Should the next login or command fail instead, the server (or the
   * network) was away in between, and the cuts are not counted on (forgetCut).
   */
  private cutCounted: { uidValidity: number; uid: number; error: unknown } | null = null;
  /** Where the current pass is, for what its failure does about a counted cut (decideAfterFetchFailure). */
  private step: FetchFailure['step'] = 'fetching';

  /** Holds (or takes) the lease; false while another worker holds it or Redis cannot say. */
  private async holdLease(lease: FetchLease): Promise<boolean> {
    const before = lease.fence;
    // The token that last moved the cursor: a new one must be above it, even after Redis lost the counter.
    const floor = await this.deps.inbound.cursor(this.deps.mailbox.name).then((c) => c?.fence ?? 0, () => 0);
    const held = await lease.acquire(floor).catch(() => false);
    if (held && before === 0) {
      this.deps.log.info({ component: 'fetch-mail', mailbox: this.deps.mailbox.name, fence: lease.fence }, 'fetch lease acquired: this worker fetches');
      // Renewed a few times per lifetime; losing it wakes the loop, which then stands by.
      this.renewTimer ??= setInterval(() => {
        lease.renew().catch(() => { lease.fence = 0; return false; }).then((ok) => {
          if (ok || this.stopped) return;
          this.deps.log.warn({ component: 'fetch-mail', mailbox: this.deps.mailbox.name }, 'fetch lease lost: standing by');
          this.dropRenewal();
          this.deps.mailbox.wake();
        });
      }, Math.floor(lease.ttlMs / 3));
      this.renewTimer.unref();
    }
    if (!held && before !== 0) this.dropRenewal();
    return held;
  }

  /** Waits, but no longer than until stop() is called. */
  private async pause(ms: number): Promise<void> {
    if (this.stopped) return;
    await new Promise<void>((resolve) => {
      const done = (): void => { clearTimeout(timer); this.standbyWake = null; resolve(); };
      const timer = setTimeout(done, ms);
      this.standbyWake = done;
    });
  }

  private dropRenewal(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.mailbox.wake();
    this.standbyWake?.();
    await this.running;
    this.dropRenewal();
    await this.deps.mailbox.close();
    // Handed over at once rather than left to expire; bounded, since Redis may be gone.
    await Promise.race([this.deps.lease?.release().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  private nudgeTimer: NodeJS.Timeout | null = null;

  /** Wakes the loop soon, e.g. after processing so flags are set promptly; nudges in a burst make one pass. */
  nudge(): void {
    if (this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      this.deps.mailbox.wake();
    }, 250);
    this.nudgeTimer.unref();
  }

  /** Mail-arrived notices acted on (a mail server's delivery hook; health and tests read it). */
  arrivalNotices = 0;

  /**
   * The mail server says new mail was delivered: look now rather than after IDLE's notice (Dovecot
   * sends that half a second late). A notice during a pass makes one more pass right after it.
   */
  mailArrived(): void {
    if (this.stopped || this.state === 'standby') return;
    this.arrivalNotices += 1;
    this.deps.mailbox.wake();
  }

  private async loop(): Promise<void> {
    const { mailbox, log } = this.deps;
    let backoff = 1000;
    let standingBy = false;
    while (!this.stopped) {
      const lease = this.deps.lease;
      if (lease && !(await this.holdLease(lease))) {
        if (!standingBy) log.info({ component: 'fetch-mail', mailbox: mailbox.name }, 'not holding the fetch lease (another worker fetches, or Redis does not answer): standing by');
        standingBy = true;
        if (mailbox.usable) await mailbox.close().catch(() => {});
        // Ask again well within the lease's lifetime, so a dead holder is replaced quickly.
        await this.pause(Math.floor(lease.ttlMs / 3));
        continue;
      }
      standingBy = false;
      const startedAt = Date.now();
      this.step = 'fetching';
      try {
        if (!mailbox.usable) await mailbox.open();
        await this.pass();
        this.lastSuccessAt = new Date();
        const availability = this.deps.availability;
        if (availability) for (const dep of ['imap', 'postgresql', 'oauth2'] as const) availability.up(dep, startedAt);
        else if (this.lastError) log.info({ component: 'fetch-mail', mailbox: mailbox.name }, 'fetching again');
        this.lastError = null;
        this.cutCounted = null;
        backoff = 1000;
        // A server that ends the session as it refuses a message is asked again after the poll
        // interval, on a new connection (the loop opens one), not at once.
        if (!this.stopped) await (mailbox.usable ? mailbox.waitForMail(this.deps.pollMs) : this.pause(this.deps.pollMs));
      } catch (err) {
        const cut = this.cutCounted;
        const next = decideAfterFetchFailure({
          cut: cut === null ? 'none' : cut.error === err ? 'this-failure' : 'earlier', code: (err as { code?: unknown }).code as string | undefined, step: this.step,
        });
        if (next.kind === 'back-off-quietly') {
          // Counted against the message being sent, and said there. The server was reachable up to
          // that FETCH: whether it is away now is for the next login to say, soon (with backoff).
          const e = safeError(err);
          this.lastError = { code: e.code, message: e.message };
          await mailbox.close().catch(() => {});
          await this.pause(backoff);
          backoff = Math.min(backoff * 2, 60_000);
          continue;
        }
        if (cut && next.forgetCut) await this.forgetCut(cut);
        // A permanent failure (the mailbox does not exist, say) needs an operator: logged as an
        // error, yet still retried with backoff, since the operator's fix should take effect
        // without a restart.
        const fields = { component: 'fetch-mail', mailbox: mailbox.name, err: safeError(err), retryInMs: backoff };
        // One line per change of state, not one per retry: only a new kind of failure is logged.
        const repeated = this.lastError?.code === fields.err.code && this.lastError?.message === fields.err.message;
        this.lastError = { code: fields.err.code, message: fields.err.message };
        // A server that is away is said once by the availability board, in its own words.
        const translated = translateDbError(err);
        const dep = dependencyOf(translated);
        const said = Boolean(dep && this.deps.availability && (this.deps.availability.down(dep, translated, startedAt) || this.deps.availability.isDown(dep)));
        if (repeated || said) log.debug(fields, 'fetch pass failed again');
        else if (err instanceof PermanentError) log.error(fields, 'fetch pass failed permanently; retrying with backoff');
        else log.warn(fields, 'fetch pass failed; reconnecting with backoff');
        const leaseLost = (err as { code?: string }).code === 'FETCH_LEASE_LOST';
        await mailbox.close().catch(() => {});
        if (leaseLost) continue; // stand by at once
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, 60_000);
      }
    }
  }

  /** Our lease's fencing token for a write (0 without a lease); a lease lost ends this pass. */
  private fence(): number {
    const fence = this.deps.lease?.fence ?? 0;
    if (this.deps.lease && fence === 0) throw new RetryableError('FETCH_LEASE_LOST');
    return fence;
  }

  /** A holder of a newer lease moved the cursor: this pass ends and this worker stands by. */
  private leaseLost(): never {
    if (this.deps.lease) this.deps.lease.fence = 0;
    this.dropRenewal();
    throw new RetryableError('FETCH_LEASE_LOST', 'a worker with a newer fetch lease moved the cursor; standing by');
  }

  /** Moves the cursor with our lease's fencing token; a newer holder's cursor ends this pass. */
  private async saveCursor(uidValidity: number, lastUid: number): Promise<void> {
    if ((await this.deps.inbound.saveCursor(this.deps.mailbox.name, uidValidity, lastUid, this.fence())) === false) this.leaseLost();
  }

  /**
   * The server refused the message right past the cursor, or cut the connection while sending it:
   * one more pass counted (kept with the cursor, so a restart or another worker counts on), and
   * after a few in a row the message is held and the cursor moves past it, with our fencing token.
   * True when it was held. A cut not (yet) held ends the pass as the lost connection it is.
   */
  private async refused(uidValidity: number, lastUid: number, item: RefusedFetch | CutFetch): Promise<boolean> {
    const { mailbox, inbound, log } = this.deps;
    const passes = await inbound.countRefusal(mailbox.name, uidValidity, lastUid, item.uid, this.fence());
    if (passes === false) this.leaseLost();
    const fields = { component: 'fetch-mail', mailbox: mailbox.name, uid: item.uid, refusals: passes };
    const decision: RefusalDecision = item.kind === 'refused'
      ? decideRefusedFetch({ mailbox: mailbox.name, uid: item.uid, passes, answer: item.answer })
      : decideCutFetch({ mailbox: mailbox.name, uid: item.uid, passes });
    this.cutCounted = item.kind === 'cut' && keepsCutCounted(item.kind, decision) ? { uidValidity, uid: item.uid, error: item.error } : null;
    if (item.kind === 'refused') {
      Object.assign(fields, { answer: serverAnswerText(item.answer) });
      if (decision.kind === 'ask-again') {
        log.debug(fields, 'the mail server refused this message: this pass stops before it, the next asks again');
        return false;
      }
    } else if (decision.kind === 'ask-again') {
      // Once when it starts at this message; its repeats (and real network trouble) say nothing more.
      if (passes === 1) log.info({ ...fields, err: safeError(item.error) }, CUT_COUNTED);
      else log.debug(fields, 'the connection was cut again while this message was being sent');
      throw item.error;
    }
    const inboundId = await inbound.holdRefused(mailbox.name, uidValidity, item.uid, decision.held, this.fence());
    if (inboundId === false) this.leaseLost();
    log.warn({ ...fields, inboundId, outcome: `quarantined:${decision.held.code}` }, item.kind === 'refused' ? REFUSED_HELD : CUT_HELD);
    return true;
  }

  /**
   * After a cut was counted, the mail server could not be reached (or logged in to, or its mailbox
   * opened): the cuts may have been the network's, so they are not counted on. Best effort: with
   * the database away too, it is tried again at the next failure.
   */
  private async forgetCut(cut: { uidValidity: number; uid: number }): Promise<void> {
    const { mailbox, inbound, log } = this.deps;
    const forgotten = await inbound.forgetRefusal(mailbox.name, cut.uidValidity, cut.uid, this.deps.lease?.fence ?? 0).catch(() => null);
    if (forgotten === null) return;
    this.cutCounted = null;
    if (forgotten) log.debug({ component: 'fetch-mail', mailbox: mailbox.name, uid: cut.uid }, 'the mail server was away after a cut: the cuts counted against this message start again');
  }

  /**
   * Messages held as refused that an admin asked for again: each fetched now and put in line (or
   * held on arrival, as any message over the size limit), or held again with the reason.
   */
  private async fetchAgain(uidValidity: number): Promise<void> {
    const { mailbox, inbound, log } = this.deps;
    for (const row of await inbound.refetchRequested(mailbox.name)) {
      // The server ended the session as it refused one: the rest wait for the next pass.
      if (!mailbox.usable) return;
      // Under another UIDVALIDITY the UID names no message now.
      const got = row.uidValidity === uidValidity ? await mailbox.fetchOne(row.uid) : null;
      const fields = { component: 'fetch-mail', mailbox: mailbox.name, uid: row.uid, inboundId: row.id };
      // Cut after the message came whole: the lost connection it is.
      if (got?.kind === 'lost') throw got.error;
      if (got?.kind === 'message') {
        const held = await this.heldOnArrival(got);
        if (!(await inbound.storeRefetched(mailbox.name, row.id, got.raw, held, this.fence()))) this.leaseLost();
        log.debug(fields, 'a held message fetched again');
        if (held) await this.answerOversized(row.id, got, held.code);
        else await this.deps.enqueue([row.id]);
        continue;
      }
      // An admin asked for this one message, which was held for the same trouble: one cut holds it
      // again (retry asks once more), rather than failing every pass until it comes.
      const { code, reason } = refetchFailedReason(got === null ? { kind: 'gone', mailbox: mailbox.name, uid: row.uid }
        : got.kind === 'refused' ? { kind: 'refused', mailbox: mailbox.name, uid: row.uid, answer: got.answer }
          : { kind: 'cut', mailbox: mailbox.name, uid: row.uid });
      if (!(await inbound.holdAgain(mailbox.name, row.id, reason, this.fence()))) this.leaseLost();
      log.warn({ ...fields, outcome: `quarantined:${code}`, ...(got?.kind === 'refused' ? { answer: serverAnswerText(got.answer) } : {}), ...(got?.kind === 'cut' ? { cut: true } : {}) }, 'a held message asked for again could not be fetched: held again');
    }
  }

  /**
   * Mail over the size limit (only its headers downloaded; the whole message stays on the mail
   * server) is stored already quarantined for an admin: never pending, so never taken for
   * processing as if the headers were the whole message. The folded sender closes the reason, as
   * the admins' summary reads it (outbound-store.ts).
   */
  private async heldOnArrival(m: FetchedMessage): Promise<HeldOnArrival | undefined> {
    if (m.oversizedBytes === undefined) return undefined;
    const { code, reason } = oversizedMessageReason(m.oversizedBytes, this.deps.maxMessageBytes);
    return { code, reason: `${reason} (${(await tooLargeSender(m.raw)) ?? 'unknown sender'})` };
  }

  /** In a backlog: waits while PROCESSING_AHEAD stored messages wait for processing. */
  private async waitForProcessing(): Promise<void> {
    const waiting = this.deps.waitingToProcess;
    if (!waiting) return;
    // Storing so far counts as a successful fetch (the health check reads it while this waits).
    this.lastSuccessAt = new Date();
    // A lease lost meanwhile ends the wait: the next cursor move says so and this worker stands by.
    while (!this.stopped && this.deps.lease?.fence !== 0 && (await waiting().catch(() => 0)) >= PROCESSING_AHEAD) {
      await this.pause(PROCESSING_AHEAD_CHECK_MS);
      this.lastSuccessAt = new Date();
    }
  }

  /**
   * The sender's answer to mail over the size limit, before the cursor moves (a refetch after a
   * crash answers again, and the outbox key keeps it to one mail). Best effort: the message is
   * quarantined already, and an answer that cannot be made now (its sender's DNS failing, Redis or
   * the database away) is said in the log and never holds up the mail behind it.
   */
  private async answerOversized(inboundId: number, message: FetchedMessage, code: string): Promise<void> {
    const { mailbox, log, answerTooLarge, maxMessageBytes } = this.deps;
    let answer: string;
    try {
      answer = answerTooLarge && maxMessageBytes
        ? (await answerTooLarge({ inboundId, raw: message.raw, bytes: message.oversizedBytes!, limitBytes: maxMessageBytes })).answer
        : 'silent:not answered';
    } catch (err) {
      answer = `failed:${safeError(err).code ?? safeError(err).name}`;
    }
    log.warn({ component: 'fetch-mail', mailbox: mailbox.name, uid: message.uid, inboundId, bytes: message.oversizedBytes, answer, outcome: `quarantined:${code}` }, 'message over the size limit: headers kept, body not downloaded');
  }

  /** One pass: new messages in, messages asked for again, handled messages marked. */
  async pass(): Promise<number> {
    const { mailbox, inbound, log } = this.deps;
    const uidValidity = mailbox.uidValidity;
    const cursor = await inbound.cursor(mailbox.name);
    const resync = cursor !== null && cursor.uidValidity !== uidValidity;
    if (resync) log.warn({ component: 'fetch-mail', mailbox: mailbox.name }, 'UIDVALIDITY changed: resyncing, skipping messages already marked done');
    let lastUid = cursor && !resync ? cursor.lastUid : 0;
    let stored = 0;
    let batch: FetchedMessage[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      // Stored in one multi-row insert (larger messages one by one), then enqueued, then the
      // cursor moves: a crash in between refetches, finds the stored rows and enqueues them
      // again (the recover task would find them as well). Mail over the size limit is stored
      // already quarantined, in the same insert.
      const held = await Promise.all(batch.map((m) => this.heldOnArrival(m)));
      const rows = await inbound.storeMany(mailbox.name, uidValidity, batch.map((m, i) => ({ uid: m.uid, raw: m.raw, held: held[i] })));
      const ids: number[] = [];
      for (const [i, message] of batch.entries()) {
        const { id, isNew } = rows[i]!;
        if (isNew) stored += 1;
        log.debug({ component: 'fetch-mail', mailbox: mailbox.name, uid: message.uid, inboundId: id, isNew }, 'stored');
        if (message.oversizedBytes === undefined) ids.push(id);
        else await this.answerOversized(id, message, held[i]!.code);
      }
      if (ids.length) await this.deps.enqueue(ids);
      lastUid = batch[batch.length - 1]!.uid;
      await this.saveCursor(uidValidity, lastUid);
      batch = [];
      batchBytes = 0;
    };
    this.step = 'fetching';
    let refusal: RefusedFetch | CutFetch | LostFetch | null = null;
    for (;;) {
      refusal = null;
      // After a resync every message has a new UID; those we flagged before carry our keyword.
      for await (const item of mailbox.fetchSince(lastUid, { skipDone: resync || cursor === null })) {
        if (item.kind !== 'message') {
          refusal = item; // always the last
          break;
        }
        batch.push(item);
        batchBytes += item.raw.length;
        if (batch.length < STORE_BATCH && batchBytes < STORE_BATCH_BYTES) continue;
        await flush();
        await this.waitForProcessing();
      }
      await flush();
      // A cut that no message is to blame for: the lost connection it is, what came whole stored.
      if (refusal?.kind === 'lost') throw refusal.error;
      if (!refusal || !(await this.refused(uidValidity, lastUid, refusal))) break;
      // Held, the cursor past it: on with the mail behind it, on a new session if the server ended this one.
      lastUid = refusal.uid;
      if (!mailbox.usable) await mailbox.open();
      if (mailbox.uidValidity !== uidValidity) break;
    }
    // The message past the cursor was asked for and answered for: a cut counted against it is settled.
    this.step = 'after-fetching';
    // The server ended the session as it refused a message (or the mailbox was recreated meanwhile):
    // the rest is the next pass's, on a new session. A refusal counted saved the cursor with it.
    if (mailbox.usable && mailbox.uidValidity === uidValidity) {
      if ((cursor === null || resync) && !refusal) await this.saveCursor(uidValidity, lastUid);
      await this.fetchAgain(uidValidity);
      const handled = mailbox.usable ? await inbound.handledNotMarked(mailbox.name, uidValidity) : [];
      if (handled.length) {
        await mailbox.markDone(handled.map((h) => h.uid));
        await inbound.markMailboxDone(handled.map((h) => h.id));
      }
    }
    this.passes += 1;
    return stored;
  }
}
