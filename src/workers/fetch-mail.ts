// fetch-mail: keeps the mailbox cursor {uidValidity, lastUid}; stores each new raw message once
// before anything else, enqueues process-mail, flags or moves handled messages, then waits for
// new mail through IDLE (falling back to a poll). A new UIDVALIDITY means a resync, never a guess.
import { PermanentError } from '../errors.ts';
import { type Logger, safeError } from '../log.ts';
import type { InboundStore } from '../adapters/db/inbound-store.ts';
import { Mailbox } from '../adapters/imap/mailbox.ts';

export interface FetchMailDeps {
  mailbox: Mailbox;
  inbound: InboundStore;
  /** Enqueues processing of stored messages (harmless for ones already queued). */
  enqueue: (inboundIds: number[]) => Promise<void>;
  pollMs: number;
  log: Logger;
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
    return this.deps.mailbox.usable ? 'connected' : 'disconnected';
  }

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.mailbox.wake();
    await this.running;
    await this.deps.mailbox.close();
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

  private async loop(): Promise<void> {
    const { mailbox, log } = this.deps;
    let backoff = 1000;
    while (!this.stopped) {
      try {
        if (!mailbox.usable) await mailbox.open();
        await this.pass();
        this.lastSuccessAt = new Date();
        this.lastError = null;
        backoff = 1000;
        if (!this.stopped) await mailbox.waitForMail(this.deps.pollMs);
      } catch (err) {
        // A permanent failure (the mailbox does not exist, say) needs an operator: logged as an
        // error, yet still retried with backoff, since the operator's fix should take effect
        // without a restart.
        const fields = { component: 'fetch-mail', mailbox: mailbox.name, err: safeError(err), retryInMs: backoff };
        this.lastError = { code: fields.err.code, message: fields.err.message };
        if (err instanceof PermanentError) log.error(fields, 'fetch pass failed permanently; retrying after backoff');
        else log.warn(fields, 'fetch pass failed; reconnecting');
        await mailbox.close().catch(() => {});
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 60_000);
      }
    }
  }

  /** One pass: new messages in, handled messages marked. */
  async pass(): Promise<number> {
    const { mailbox, inbound, log } = this.deps;
    const uidValidity = mailbox.uidValidity;
    const cursor = await inbound.cursor(mailbox.name);
    const resync = cursor !== null && cursor.uidValidity !== uidValidity;
    if (resync) log.warn({ component: 'fetch-mail', mailbox: mailbox.name }, 'UIDVALIDITY changed: resyncing, skipping messages already marked done');
    let lastUid = cursor && !resync ? cursor.lastUid : 0;
    let stored = 0;
    let batch: { id: number; isNew: boolean; uid: number }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      // Enqueue before moving the cursor: a crash in between refetches, finds the stored
      // rows and enqueues them again (the recover task would find them as well).
      await this.deps.enqueue(batch.map((b) => b.id));
      lastUid = batch[batch.length - 1]!.uid;
      await inbound.saveCursor(mailbox.name, uidValidity, lastUid);
      batch = [];
    };
    // After a resync every message has a new UID; those we flagged before carry our keyword.
    for await (const message of mailbox.fetchSince(lastUid, { skipDone: resync || cursor === null })) {
      const { id, isNew } = await inbound.store({ mailbox: mailbox.name, uidValidity, uid: message.uid, raw: message.raw });
      batch.push({ id, isNew, uid: message.uid });
      if (isNew) stored += 1;
      log.debug({ component: 'fetch-mail', mailbox: mailbox.name, uid: message.uid, inboundId: id, isNew }, 'stored');
      if (batch.length >= 25) await flush();
    }
    await flush();
    if (cursor === null || resync) await inbound.saveCursor(mailbox.name, uidValidity, lastUid);
    const handled = await inbound.handledNotMarked(mailbox.name, uidValidity);
    if (handled.length) {
      await mailbox.markDone(handled.map((h) => h.uid));
      await inbound.markMailboxDone(handled.map((h) => h.id));
    }
    this.passes += 1;
    return stored;
  }
}
