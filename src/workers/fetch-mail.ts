// fetch-mail: keeps the mailbox cursor {uidValidity, lastUid}; stores each new raw message once
// before anything else, enqueues process-mail, flags or moves handled messages, then waits for
// new mail through IDLE (falling back to a poll). A new UIDVALIDITY means a resync, never a guess.
import { PermanentError } from '../errors.ts';
import { type Logger, safeError } from '../log.ts';
import type { InboundStore } from '../adapters/db/inbound-store.ts';
import { Mailbox } from '../adapters/imap/mailbox.ts';
import { oversizedMessageReason } from '../inbound/processable.ts';

export interface FetchMailDeps {
  mailbox: Mailbox;
  inbound: InboundStore;
  /** Enqueues processing of stored messages (harmless for ones already queued). */
  enqueue: (inboundIds: number[]) => Promise<void>;
  pollMs: number;
  /** MAX_MESSAGE_MB in bytes; the mailbox fetches larger messages as headers only. */
  maxMessageBytes?: number;
  log: Logger;
}

export class MailFetcher {
  private stopped = false;
  private running: Promise<void> | null = null;
  /** Resolves each time a fetch pass finishes (tests and the demo wait on it). */
  passes = 0;

  constructor(private readonly deps: FetchMailDeps) {}

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
        backoff = 1000;
        if (!this.stopped) await mailbox.waitForMail(this.deps.pollMs);
      } catch (err) {
        // A permanent failure (the mailbox does not exist, say) needs an operator: logged as an
        // error, yet still retried with backoff, since the operator's fix should take effect
        // without a restart.
        const fields = { component: 'fetch-mail', mailbox: mailbox.name, err: safeError(err), retryInMs: backoff };
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
    let batch: { id: number; isNew: boolean; uid: number; enqueue: boolean }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      // Enqueue before moving the cursor: a crash in between refetches, finds the stored
      // rows and enqueues them again (the recover task would find them as well).
      const ids = batch.filter((b) => b.enqueue).map((b) => b.id);
      if (ids.length) await this.deps.enqueue(ids);
      lastUid = batch[batch.length - 1]!.uid;
      await inbound.saveCursor(mailbox.name, uidValidity, lastUid);
      batch = [];
    };
    // After a resync every message has a new UID; those we flagged before carry our keyword.
    for await (const message of mailbox.fetchSince(lastUid, { skipDone: resync || cursor === null })) {
      const { id, isNew } = await inbound.store({ mailbox: mailbox.name, uidValidity, uid: message.uid, raw: message.raw });
      if (message.oversizedBytes !== undefined) {
        // Only the headers were downloaded: held for an admin, never parsed. The whole message
        // stays on the mail server. Quarantine only moves a pending row, so a refetch is harmless.
        const { code, reason } = oversizedMessageReason(message.oversizedBytes, this.deps.maxMessageBytes);
        await inbound.quarantine(id, code, reason);
        log.warn({ component: 'fetch-mail', mailbox: mailbox.name, uid: message.uid, inboundId: id, bytes: message.oversizedBytes, outcome: `quarantined:${code}` }, 'message over the size limit: headers kept, body not downloaded');
      }
      batch.push({ id, isNew, uid: message.uid, enqueue: message.oversizedBytes === undefined });
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
