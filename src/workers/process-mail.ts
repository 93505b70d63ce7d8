// process-mail: load a stored raw message -> run the pure pipeline -> carry out its one
// TicketChange in one transaction -> relay the outbox into send jobs. The mail limits are judged
// once per message (outbound/loop-brake.ts) and logged with its one outcome; the sender is checked
// once per message, its verdict kept with it (a check whose DNS failed for now is made again a few
// times first). Retryable errors propagate (BullMQ backs off); anything else quarantines the message.
import { UnrecoverableError } from 'bullmq';
import { isRetryable, RetryableError } from '../errors.ts';
import { type Logger, safeError } from '../log.ts';
import { runPipeline, type AssessIntake, type PipelineSettings, type PipelineStages } from '../inbound/pipeline.ts';
import { translateDbError } from '../adapters/db/errors.ts';
import type { InboundStore } from '../adapters/db/inbound-store.ts';
import type { TicketStore } from '../adapters/db/ticket-store.ts';
import type { Db } from '../adapters/db/client.ts';
import { databaseLookup } from '../adapters/db/thread-lookup.ts';
import type { SenderVerifier } from '../adapters/mail-auth/verify-sender.ts';
import { budgetForSize, startBudget } from '../inbound/processing-budget.ts';
import { loadExchangeHistory } from '../adapters/db/exchange-history.ts';
import type { MailCounters } from '../adapters/queue/mail-counters.ts';
import { askBrake, brakeNewRequest, brakeReply, judgeNewRequest, judgeReleasedRequest, judgeReply, type BrakeLimits } from '../outbound/loop-brake.ts';
import type { PipelineResult } from '../inbound/pipeline.ts';
import type { TicketChange } from '../tickets/ticket-change.ts';
import { RELEASED, type InboundRow } from '../adapters/db/inbound-store.ts';
import { WEB_MAILBOX, WEB_SENDER_AUTH } from '../inbound/web-mailbox.ts';
import { keptVerdictOf, readKeptVerdict, senderCheckOutcome, type SenderAuth } from '../inbound/sender-auth.ts';

export interface ProcessMailDeps {
  db: Db;
  inbound: InboundStore;
  tickets: TicketStore;
  settings: PipelineSettings;
  assessIntake: AssessIntake | null;
  maxAttachmentBytes: number;
  log: Logger;
  /** Relays the outbox and enqueues the resulting sends. */
  afterChange: () => Promise<void>;
  now?: () => Date;
  /** Checks the sender (DKIM, SPF, DMARC, ARC); not checked when absent. */
  verifySender?: SenderVerifier;
  /** Failed attempts after which a sender check that failed for now is decided with (default SENDER_CHECK_RETRIES). */
  senderCheckRetries?: number;
  /** The mail limits and their hourly counters; no limits when absent. */
  brake?: { limits: BrakeLimits; counters: MailCounters };
  /** Waits before deciding again in place after a conflict; then the queue retries (default DECIDE_AGAIN_WAITS_MS). */
  decideAgainWaitsMs?: readonly number[];
  /** How long a reply waits for a request it names that is stored after it or not yet (default AWAIT_REFERENCED_MS). */
  awaitReferencedMs?: number;
  /** Runs the stages that need no lookup (pipeline threads, pipeline-threads.ts); on this thread when absent. */
  stages?: PipelineStages;
}

/** The limits' verdict on one message (outbound/loop-brake.ts), fed with its history or its sender's hourly counts. */
async function brakeMail(deps: ProcessMailDeps, row: InboundRow, result: PipelineResult, now: Date): Promise<{ change: TicketChange; brake: string }> {
  const change = result.decision.change;
  if (!deps.brake) return { change, brake: 'none' };
  const { settings } = deps;
  const question = askBrake(change, {
    messageKind: result.decision.kind, sender: result.parsed.from?.address ?? null, senderProven: result.senderProven, released: row.outcome === RELEASED,
    staff: [...settings.adminEmails, ...settings.staff.map((s) => s.email), settings.supportAddress ?? '', result.ticket?.assigneeEmail ?? ''],
  });
  switch (question.kind) {
    case 'none':
      return { change, brake: 'none' };
    case 'reply': {
      const history = await loadExchangeHistory(deps.db, question.ticketId, question.sender, row.receivedAt, row.id);
      return brakeReply(change, judgeReply({ receivedAt: row.receivedAt, text: question.text, sender: question.sender }, history, deps.brake.limits));
    }
    case 'new_request': {
      const counts = await deps.brake.counters.countNewRequest(question.sender, row.id, now);
      return brakeNewRequest(change, judgeNewRequest(counts, deps.brake.limits), question.sender);
    }
    case 'released_request': {
      const counts = await deps.brake.counters.countReleasedRequest(row.id, now);
      return brakeNewRequest(change, judgeReleasedRequest(counts, deps.brake.limits), question.sender);
    }
  }
}

/** Failed attempts (retryable errors) before a message is held for an admin. */
export const MAX_ATTEMPTS = 20;

/**
 * Times a message's job may be taken back from a worker that stopped while it ran it (killed, out
 * of memory, hung) before the message is held for an admin: mail that brings a worker down is not
 * handed to the next one forever. Below the queue's own limit (maxStalledCount 5), so the message
 * is held with this reason rather than its job failing.
 */
export const MAX_STALLS = 3;

/**
 * `stalls`: how often this message's job was taken back from a worker that stopped (BullMQ's
 * stalledCounter). `lastAttempt`: this is the job's last attempt (JOB_ATTEMPTS; adapters/queue
 * isLastAttempt), after which a retryable failure sets the job aside as failed.
 */
export async function processMail(deps: ProcessMailDeps, inboundId: number, options: { stalls?: number; lastAttempt?: boolean } = {}): Promise<string> {
  const row = await deps.inbound.load(inboundId);
  const log = deps.log.child({ component: 'process-mail', inboundId, mailbox: row?.mailbox, uid: row?.uid });
  if (!row) throw new UnrecoverableError(`inbound message ${inboundId} does not exist`);
  if (row.status !== 'pending') {
    // Said as such, like the store's own check: a repeat is never reported as a second "created".
    log.debug({ outcome: row.outcome }, 'already handled');
    return `already-handled:${row.outcome ?? row.status}`;
  }
  // Retention clears only handled mail, so a pending row always has its bytes; a row without them is not processed.
  const raw = row.raw;
  if (raw === null) throw new UnrecoverableError(`inbound message ${inboundId} has no stored bytes (cleared under RAW_MAIL_DAYS)`);
  if (row.attempts >= MAX_ATTEMPTS) {
    // Never retried forever: after this many failed tries an admin decides (quarantine retry/drop).
    await deps.inbound.quarantine(inboundId, 'TOO_MANY_ATTEMPTS', `processing failed ${row.attempts} times; last error: ${row.reason ?? 'unknown'}`);
    log.error({ outcome: 'quarantined:TOO_MANY_ATTEMPTS' }, 'message quarantined');
    return 'quarantined:TOO_MANY_ATTEMPTS';
  }
  if ((options.stalls ?? 0) >= MAX_STALLS) {
    await deps.inbound.quarantine(inboundId, 'WORKER_STOPPED', `a worker stopped ${options.stalls} times while processing this message; held so it cannot stop another`);
    log.error({ outcome: 'quarantined:WORKER_STOPPED' }, 'message quarantined');
    return 'quarantined:WORKER_STOPPED';
  }
  // DNS is I/O: the sender is checked here, once, and the pure stages get the verdict as a plain field.
  // A message the web pages wrote (a request, a follow-up: released by an admin or recovered) has
  // no signature or Received chain to check: its person was proven by their session, so it is
  // decided with the verdict the web page decides it with, and as the page reads it (a person's,
  // its text whole as typed and no commands, the form's names and type kept). Fetched mail never
  // has that mailbox name.
  // Mail processed before (held and released, recovered, retried) is decided with the verdict kept
  // on its first processing, as its reply address is judged by its age on arrival: a DKIM key
  // rotated or a record changed since must not take back what the mail proved then.
  const writtenByWebPage = row.mailbox === WEB_MAILBOX;
  let senderAuth: SenderAuth | undefined = writtenByWebPage ? WEB_SENDER_AUTH : readKeptVerdict(row.senderVerdict) ?? undefined;
  const awaitUntil = Date.now() + (deps.awaitReferencedMs ?? AWAIT_REFERENCED_MS);
  let polls = 0;
  for (let redo = 0; ; redo++) {
    try {
      senderAuth ??= deps.verifySender ? await checkSender(deps, deps.verifySender, row, raw, options.lastAttempt ?? false, log) : undefined;
      // The duplicate read with the row answers the first decision; a decision made again looks again.
      const lookup = databaseLookup(deps.db, deps.tickets, deps.inbound, inboundId, redo === 0 && polls === 0 ? row : undefined);
      // Attachment bytes stay in the raw message; the pipeline only needs their names, sizes and hashes.
      // Its reply address is judged as old as it was when the message was stored: held for an admin
      // and released days later, the mail proves whom it proved on arrival.
      const result = await runPipeline(raw, deps.settings, lookup, deps.assessIntake, deps.now?.() ?? new Date(), { keepAttachmentContent: false }, startBudget(budgetForSize(raw.length)), senderAuth, deps.stages, row.receivedAt, writtenByWebPage);
      const braked = await brakeMail(deps, row, result, deps.now?.() ?? new Date());
      const applied = await deps.tickets.apply(braked.change, inboundId, {
        kind: result.decision.kind, maxAttachmentBytes: deps.maxAttachmentBytes, messageId: row.messageId, fingerprint: result.fingerprint,
        // What the decision was made on: the store re-decides (retryable) if either moved meanwhile.
        threadIds: result.clues.messageIds,
        seen: result.decidedOn ? { ticketId: result.decidedOn.id, version: result.decidedOn.version ?? 0 } : null,
        awaitReferenced: Date.now() < awaitUntil,
        now: new Date(),
      });
      log.info({ outcome: applied.outcome, brake: braked.brake, sender: senderAuth ? result.senderAuth.verified : undefined, kind: result.decision.kind, ticketId: applied.ticketId, matchedBy: result.matchedBy, messageId: result.parsed.messageId }, 'message handled');
      await deps.afterChange();
      return applied.outcome;
    } catch (caught) {
      const err = translateDbError(caught);
      // A reply stored before the request it answers (mail appended over several connections):
      // wait here, a bounded while, for the request to be filed, then decide again. Past the
      // bound the store no longer waits and the reply is filed as it stands, its own ticket.
      if (err instanceof RetryableError && err.code === 'THREAD_UNFILED') {
        log.debug({ err: safeError(err), polls: ++polls }, 'waiting for the message it refers to');
        await new Promise((r) => setTimeout(r, Math.max(0, Math.min(awaitUntil - Date.now(), AWAIT_POLL_MS * 2 ** Math.min(polls - 1, 2)))));
        redo--;
        continue;
      }
      // The thread or ticket moved under the decision (a reply in the same burst as its request,
      // two replies to one ticket): nothing failed, so decide again here after a short wait
      // rather than through the queue's backoff of seconds. Not counted as a failed attempt.
      const waits = deps.decideAgainWaitsMs ?? DECIDE_AGAIN_WAITS_MS;
      if (isDecideAgain(err) && redo < waits.length) {
        log.debug({ err: safeError(err), redo: redo + 1 }, 'deciding again');
        await new Promise((r) => setTimeout(r, waits[redo]! * (0.5 + Math.random())));
        continue;
      }
      return await giveUpOrRetry(deps, inboundId, err, log);
    }
  }
}

/**
 * Failed attempts after which a message whose sender check keeps failing for now (a DNS lookup of
 * DMARC, a DKIM key or an SPF record: SERVFAIL, a timeout) is decided as not checked
 * (inbound/sender-auth.ts senderCheckOutcome). Until then it goes back to the queue (SENDER_AUTH_DNS), so a passing
 * blip at the sender's provider costs nobody their answer or an admin their command. Six retries
 * on the queue's backoff (1 s, doubling) span about a minute (1 + 2 + ... + 32 s) and fit in the 8
 * tries a job has by default (JOB_ATTEMPTS), with one to spare. With fewer tries set, the job's
 * last attempt decides, whatever the count: the job itself decides, it is never set aside as
 * failed, and a domain whose DNS stays broken is decided in the end rather than held as
 * TOO_MANY_ATTEMPTS (MAX_ATTEMPTS is well above it). Counted on the message's attempts, as every
 * retryable failure is; an admin's release starts them again.
 */
export const SENDER_CHECK_RETRIES = 6;

/**
 * The sender check, its verdict kept with the message before anything is decided on it, so that a
 * hold, a failure or a stopped worker later on still leaves it for the next processing. A
 * provisional verdict (a DNS lookup failed for now, or checking is off) is never kept; one that
 * failed for now retries the message until its attempts reach the bound or its job's last attempt
 * (senderCheckOutcome).
 */
async function checkSender(deps: ProcessMailDeps, verifySender: SenderVerifier, row: InboundRow, raw: Buffer, lastAttempt: boolean, log: Logger): Promise<SenderAuth> {
  const auth = await verifySender(raw);
  const kept = keptVerdictOf(auth);
  if (kept) return deps.inbound.keepSenderVerdict(row.id, kept);
  const outcome = senderCheckOutcome(auth, row.attempts, deps.senderCheckRetries ?? SENDER_CHECK_RETRIES, lastAttempt);
  // Not an outage of ours (availability.ts knows no such code): the sender's DNS, retried as a failed attempt.
  if (outcome.kind === 'retry') throw new RetryableError('SENDER_AUTH_DNS', `sender check failed for now: ${auth.reason}`);
  if (outcome.retriesSpent) log.warn({ attempts: row.attempts, lastAttempt, senderReason: auth.reason }, 'sender check still failing for now after its retries or on its job\'s last attempt; deciding with it as not checked');
  return outcome.auth;
}

/** Waits before each new decision after a conflict (jittered), then the queue's backoff takes over. */
export const DECIDE_AGAIN_WAITS_MS: readonly number[] = [50, 150, 400];

/** How long a reply waits for a request it names that was stored after it, or is not stored yet. */
export const AWAIT_REFERENCED_MS = 3000;
/** The first wait between looks while a reply waits for its request (doubling, to four times this). */
const AWAIT_POLL_MS = 100;

const isDecideAgain = (err: unknown) => err instanceof RetryableError && (err.code === 'THREAD_CHANGED' || err.code === 'TICKET_CHANGED');

/** A retryable error goes back to the queue (attempt recorded); anything else quarantines the message. */
async function giveUpOrRetry(deps: ProcessMailDeps, inboundId: number, err: unknown, log: Logger): Promise<string> {
  // A passing database problem (outage, deadlock) retries instead of quarantining the mail.
  if (isRetryable(err)) {
    // The database being away is said once for the whole outage (the availability line), not per message.
    const outage = (err as { code?: string }).code === 'DB_UNAVAILABLE';
    log[outage ? 'debug' : 'warn']({ err: safeError(err) }, 'retrying');
    await deps.inbound.recordAttempt(inboundId, safeError(err).message)
      .catch((e: unknown) => log[outage ? 'debug' : 'warn']({ err: safeError(e) }, 'could not record the failed attempt'));
    throw err;
  }
  const code = (err as { code?: string }).code ?? 'PROCESSING_FAILED';
  const reason = `${safeError(err).name}: ${safeError(err).message}`;
  await deps.inbound.quarantine(inboundId, code, reason);
  log.error({ outcome: `quarantined:${code}`, err: safeError(err) }, 'message quarantined');
  return `quarantined:${code}`;
}
