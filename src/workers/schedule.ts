// Scheduled work, run by BullMQ job schedulers (one schedule shared by every worker) or
// directly with a chosen `now` (tests, the CLI): reminders and auto-close from the pure
// lifecycle rules, the admins' daily digest (and, when a worker starts, today's digest if it was
// missed), recovery of whatever a crash left behind, and clearing raw mail kept longer than RAW_MAIL_DAYS.
// Once-only keys on the outbox make a task that runs twice harmless.
import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { isRetryable, RetryableError } from '../errors.ts';
import { safeError, type Logger } from '../log.ts';
import type { Db } from '../adapters/db/client.ts';
import { outbox } from '../adapters/db/schema.ts';
import type { InboundStore } from '../adapters/db/inbound-store.ts';
import type { OutboundStore } from '../adapters/db/outbound-store.ts';
import type { TicketStore } from '../adapters/db/ticket-store.ts';
import { digestDueAt, digestKey, planDigest, todaysDigestDueAt } from '../outbound/digest.ts';
import { summariseLimits } from '../outbound/loop-brake.ts';
import { formatWhen } from '../tickets/shown-time.ts';
import { decide, decideScheduled, findAnswersSinceFix, idleSince, waitingQuestionOf } from '../tickets/decide.ts';

export interface ScheduleDeps {
  db: Db;
  tickets: TicketStore;
  inbound: InboundStore;
  outbound: OutboundStore;
  config: Config;
  log: Logger;
  relay: () => Promise<number>;
  adminEmails: () => Promise<string[]>;
  enqueueInbound: (id: number) => Promise<void>;
  enqueueOutbound: (id: number) => Promise<void>;
  /** The sentence that asks for one item of missing information, in the intake rules' words (intake/missing-info.ts describeMissingItem). */
  askFor: (item: string) => string | null;
}

export type ScheduledTask = 'lifecycle-sweep' | 'digest' | 'recover' | 'limits-summary' | 'mail-retention';

/** Every scheduled task, in the order the CLI lists them. */
export const SCHEDULED_TASKS: readonly ScheduledTask[] = ['lifecycle-sweep', 'digest', 'recover', 'limits-summary', 'mail-retention'];

const day = (d: Date) => d.toISOString().slice(0, 10);

/** How long the lifecycle sweep waits for mail received before it to be read. */
export const UNREAD_WAIT_MS = 30_000;

/**
 * A message still unprocessed this long after it was stored is stuck (its attempts or its worker's
 * stops will hold it for an admin), not on its way: the sweep does not wait for it.
 */
const STUCK_AFTER_MS = 3_600_000;

/** Waits up to `ms` for the messages waiting to be processed now; returns how many still wait. */
async function waitForUnread(inbound: InboundStore, ms: number): Promise<number> {
  let waiting = await inbound.pendingIds(1000, { storedAfter: new Date(Date.now() - STUCK_AFTER_MS) });
  for (const until = Date.now() + ms; waiting.length > 0 && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, until - Date.now()))));
    waiting = await inbound.stillPending(waiting);
  }
  return waiting.length;
}

/**
 * `staleOutboundMs`: how old a pending status mail must be before `recover` queues it again
 * (default a minute; shorter after Redis lost every queued job). `unreadWaitMs`: how long the
 * lifecycle sweep waits for mail already received to be read (default UNREAD_WAIT_MS).
 * `scheduledAt`: when the schedule fired this run, which a run carried out late still stands for;
 * absent for a run by the command.
 */
export async function runScheduledTask(deps: ScheduleDeps, task: ScheduledTask, now: Date, options: { staleOutboundMs?: number; unreadWaitMs?: number; scheduledAt?: Date } = {}): Promise<string> {
  const log = deps.log.child({ component: 'schedule', task });
  switch (task) {
    case 'recover': {
      const pending = await deps.inbound.pendingIds();
      for (const id of pending) await deps.enqueueInbound(id);
      const relayed = await deps.relay();
      const stale = await deps.outbound.stalePending(options.staleOutboundMs ?? 60_000);
      for (const id of stale) await deps.enqueueOutbound(id);
      log.debug({ pending: pending.length, relayed, stale: stale.length }, 'recovered');
      return `recovered ${pending.length} inbound, ${stale.length} outbound`;
    }
    case 'lifecycle-sweep': {
      // Mail already received is read first: a "#verified" or an answer waiting in a backlog must
      // not meet a ticket the sweep has just closed or reminded about. With mail still unread
      // after the wait, the sweep acts next time (every 15 minutes) rather than on stale tickets.
      const unread = await waitForUnread(deps.inbound, options.unreadWaitMs ?? UNREAD_WAIT_MS);
      if (unread > 0) {
        log.info({ unread, outcome: 'deferred:mail-unread' }, 'mail received before the sweep is not read yet; the next sweep acts');
        return `deferred: ${unread} messages not read yet`;
      }
      const open = await deps.tickets.openTickets();
      const answered = findAnswersSinceFix(await deps.tickets.notesSinceFix(), { admins: await deps.adminEmails(), supportAddress: deps.config.SUPPORT_ADDRESS });
      const askedNotes = await deps.tickets.waitingQuestionNotes();
      let acted = 0;
      let failed = 0;
      for (const { row, state } of open) {
        // A fix whose latest answer says it does not work waits for the staff (decideScheduled).
        const lastActivity = row.status === 'fixed_verify_needed' && row.fixedAt ? row.fixedAt : row.updatedAt;
        const answer = answered.get(row.id) ?? null;
        const action = decideScheduled(state, lastActivity, now, {
          verifyReminderDays: deps.config.VERIFY_REMINDER_DAYS, autoCloseDays: deps.config.AUTO_CLOSE_DAYS, staleTicketDays: deps.config.STALE_TICKET_DAYS,
          waitingReminderDays: deps.config.WAITING_REMINDER_DAYS,
        }, row.lastReminderAt, answer);
        if (!action) continue;
        // A fix said not to work is reminded about as idle since the answer that said so, not since the fix.
        const idleFrom = action === 'reminder_stale' ? idleSince(lastActivity, answer?.at ?? null) : lastActivity;
        const idleDays = Math.floor((now.getTime() - idleFrom.getTime()) / 86_400_000);
        try {
          // A waiting ticket's reminder asks what it waits on now, as the ticket read above holds it
          // (the intake rules' words: rules that cannot be read fail this ticket, not the sweep).
          const question = action === 'reminder_waiting' ? waitingQuestionOf(state, askedNotes.get(row.id) ?? null, deps.askFor) : null;
          const change = decide(state, null, { scheduled: action, idleDays, question }, now);
          // Only if the ticket is still as read above: a reply that came in meanwhile wins.
          await deps.tickets.apply(change, null, { kind: 'schedule', maxAttachmentBytes: 0, seen: { ticketId: row.id, version: row.version }, now: new Date() });
        } catch (err) {
          if (err instanceof RetryableError && err.code === 'TICKET_CHANGED') {
            log.info({ ticketId: row.id, outcome: 'skipped:ticket-changed' }, 'ticket changed since the sweep read it; the next sweep looks again');
            continue;
          }
          // A server away fails the sweep (it runs again); one ticket that cannot be changed does not stop the rest.
          if (isRetryable(err)) throw err;
          log.error({ ticketId: row.id, outcome: 'failed', err: safeError(err) }, 'scheduled action failed; the next sweep tries again');
          failed += 1;
          continue;
        }
        log.info({ ticketId: row.id, outcome: action }, 'scheduled action');
        acted += 1;
      }
      await deps.relay();
      return `${acted} tickets acted on${failed > 0 ? `, ${failed} failed` : ''}`;
    }
    case 'limits-summary': {
      // One mail to admins about everything the limits held since the last one, instead of a
      // notice per request; the key makes a second run for the same period harmless. The period is
      // the database's clock, not this worker's: workers whose clocks differ share one.
      const { since, afterSummary, at, items } = await deps.outbound.limitedSinceLastSummary();
      const summary = summariseLimits(items);
      if (!summary) return 'nothing held';
      const sinceText = formatWhen(since, deps.config.TIME_ZONE);
      await deps.tickets.insertEvents(deps.db, null, [{
        // After a summary, the period is keyed by it; with none in the last hour, by the quarter hour,
        // so two runs at once (the schedule and the command) send one summary, not two.
        event: 'limits_summary', actor: null, payload: { limitsSummary: { ...summary, since: sinceText } },
        dedupeKey: afterSummary ? `limits-summary:${since.toISOString()}` : `limits-summary:first:${Math.floor(at.getTime() / 900_000)}`,
      }], null);
      await deps.relay();
      log.info({ held: summary.held, summarised: summary.summarised, tooLarge: summary.tooLarge }, 'limits summary queued');
      return `summary of ${summary.held} held, ${summary.summarised} summarised${summary.tooLarge > 0 ? `, ${summary.tooLarge} too large` : ''}`;
    }
    case 'mail-retention': {
      // Raw mail holds client IDs and health details; kept no longer than RAW_MAIL_DAYS after its
      // ticket closed (or it was handled without one). 0 keeps it for ever.
      const days = deps.config.RAW_MAIL_DAYS;
      if (days === 0) return 'raw mail kept for ever (RAW_MAIL_DAYS=0)';
      const cleared = await deps.inbound.clearRawMail(new Date(now.getTime() - days * 86_400_000), now);
      log.info({ cleared, days, outcome: 'cleared' }, 'raw mail past its retention cleared');
      return `cleared the raw mail of ${cleared} messages kept over ${days} days`;
    }
    case 'digest': {
      // One digest per scheduled day, kept by the day its run was due, not the day it ran: a run
      // carried out after midnight (a worker down at the time, a slow queue) is still the day
      // before's, and leaves the new day's digest to its own run.
      const due = options.scheduledAt ?? digestDueAt(now, deps.config.DIGEST_HOUR);
      const { open, queued } = await queueDigest(deps, now, due);
      if (open === 0) return 'nothing open';
      // That day's digest went out already (a second run, a retry): the outbox kept the first.
      if (!queued) {
        log.info({ open, day: day(due), outcome: 'already-queued' }, 'digest already queued; nothing queued');
        return `digest for ${day(due)} already queued; nothing queued`;
      }
      log.info({ open, day: day(due) }, 'digest queued');
      return `digest of ${open}`;
    }
  }
}

/**
 * Queues the digest of the tickets open at `now` as the one scheduled for `due`, unless nothing is
 * open; returns how many it lists and whether it was queued: a second call for the same `due`
 * queues nothing new (`queued` false).
 */
async function queueDigest(deps: ScheduleDeps, now: Date, due: Date): Promise<{ open: number; queued: boolean }> {
  // The open tickets only, chosen by the database: the closed ones grow without end.
  const rows = (await deps.tickets.openTickets()).map(({ row: t }) => ({
    ref: t.ref, summary: t.summary, status: t.status, priority: t.priority, createdAt: t.createdAt,
  }));
  const digest = planDigest(rows, now, deps.config.PUBLIC_URL, deps.config.HELPDESK_ADDRESS);
  if (digest.length === 0) return { open: 0, queued: false };
  const stored = await deps.tickets.insertEvents(deps.db, null, [{ event: 'digest', actor: null, payload: { digest }, dedupeKey: digestKey(due) }], null);
  await deps.relay();
  return { open: digest.length, queued: stored > 0 };
}

/**
 * Run where a worker sets up the job schedulers: queues today's digest when its hour has passed and
 * none was queued for today. Setting up the schedulers moves a repetition that fell due while no
 * worker ran on to the next one, so a worker down over DIGEST_HOUR (restarted at 08:05 for 08:00,
 * a machine off overnight) would skip that day's digest. Only today's is caught up, never the days
 * before. The key is the scheduled run's, so workers starting together, or a start just after the
 * scheduled run, still send one digest, and only the one that queued it logs the line. A
 * day whose digest found nothing open has none queued, and is caught up at a start later that day
 * if tickets have opened since. Returns the day caught up. A failure is logged in one line and not
 * thrown: the worker's start awaits this, and a missed digest is no reason for a worker not to start.
 */
export async function catchUpDigest(deps: ScheduleDeps, now: Date): Promise<string | null> {
  const due = todaysDigestDueAt(now, deps.config.DIGEST_HOUR);
  if (!due) return null;
  const log = deps.log.child({ component: 'schedule', task: 'digest', day: day(due) });
  try {
    const [queued] = await deps.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, digestKey(due))).limit(1);
    if (queued) return null;
    const { open, queued: caughtUp } = await queueDigest(deps, now, due);
    // Nothing open, or another worker starting (or the scheduled run) queued it since the look above.
    if (open === 0 || !caughtUp) return null;
    log.info({ open, outcome: 'caught-up' }, 'today\'s digest was missed while no worker ran; caught up');
    return day(due);
  } catch (err) {
    // A digest missed is not worth a worker that does not start: said, and the next day's is scheduled as usual.
    log.warn({ err: safeError(err), outcome: 'failed' }, 'today\'s missed digest could not be caught up; the worker starts without it');
    return null;
  }
}

