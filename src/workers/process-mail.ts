// process-mail: load a stored raw message -> run the pure pipeline -> carry out its one
// TicketChange in one transaction -> relay the outbox into send jobs. The mail limits are judged
// once per message (outbound/loop-brake.ts) and logged with its one outcome. Retryable errors propagate (BullMQ backs off); anything else quarantines the message.
import { UnrecoverableError } from 'bullmq';
import { isRetryable } from '../errors.ts';
import { type Logger, safeError } from '../log.ts';
import { runPipeline, type AssessIntake, type PipelineSettings } from '../inbound/pipeline.ts';
import { translateDbError } from '../adapters/db/errors.ts';
import type { InboundStore } from '../adapters/db/inbound-store.ts';
import type { TicketStore } from '../adapters/db/ticket-store.ts';
import type { Db } from '../adapters/db/client.ts';
import { databaseLookup } from '../adapters/db/thread-lookup.ts';
import type { SenderVerifier } from '../adapters/mail-auth/verify-sender.ts';
import { startBudget } from '../inbound/processing-budget.ts';
import { parseHeaderBlock } from '../adapters/mail-auth/header-block.ts';
import { loadExchangeHistory } from '../adapters/db/exchange-history.ts';
import type { MailCounters } from '../adapters/queue/mail-counters.ts';
import { foldSenderAddress, holdMailOf, judgeNewRequest, judgeReply, type BrakeLimits } from '../outbound/loop-brake.ts';
import type { PipelineResult } from '../inbound/pipeline.ts';
import type { TicketChange } from '../tickets/ticket-change.ts';
import type { InboundRow } from '../adapters/db/inbound-store.ts';

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
  /** The mail limits and their hourly counters; no limits when absent. */
  brake?: { limits: BrakeLimits; counters: MailCounters };
}

/** What the limits made of one message: the change to carry out and the word for the log. */
interface Braked { change: TicketChange; brake: string }

/**
 * Staff mail is never judged (a staff note always reaches the submitter); a person's reply is
 * judged on its exchange with the ticket, a new request on its sender's hour. A message an admin
 * released from quarantine is their decision and is not held again.
 */
async function brakeMail(deps: ProcessMailDeps, row: InboundRow, result: PipelineResult, now: Date): Promise<Braked> {
  const change = result.decision.change;
  const sender = result.parsed.from?.address?.trim().toLowerCase() ?? null;
  const { settings } = deps;
  const staff = [...settings.adminEmails, ...settings.staff.map((s) => s.email), settings.supportAddress ?? '', result.ticket?.assigneeEmail ?? ''];
  if (!deps.brake || !sender || staff.some((a) => a.trim().toLowerCase() === sender)) return { change, brake: 'none' };
  const { limits, counters } = deps.brake;
  if (change.kind === 'update' && change.note && result.decision.kind === 'reply' && change.events.length > 0) {
    const history = await loadExchangeHistory(deps.db, change.ticketId, sender, row.receivedAt, row.id);
    const verdict = judgeReply({ receivedAt: row.receivedAt, text: change.note.body, sender }, history, limits);
    if (verdict.kind === 'person') return { change, brake: 'person' };
    if (verdict.kind === 'loop') return { change: holdMailOf(change, `mail loop: ${verdict.reason}`, verdict.note), brake: `loop:${verdict.sign}` };
    return { change: holdMailOf(change, verdict.reason), brake: 'limit:replies-per-ticket' };
  }
  if (change.kind === 'create' && row.outcome !== RELEASED) {
    const folded = foldSenderAddress(sender);
    const verdict = judgeNewRequest(await counters.countNewRequest(folded, row.id, now), limits);
    if (verdict.hold) return { change: { kind: 'quarantine', code: 'NEW_REQUEST_LIMIT', reason: `${verdict.hold} (${folded})` }, brake: 'limit:new-requests' };
    if (verdict.adminNotice === 'summarise') {
      return { change: holdMailOf(change, `admin notices per hour; in the summary (${folded})`, null, (e) => e.event === 'new_ticket_admin'), brake: 'limit:admin-notices' };
    }
  }
  return { change, brake: 'none' };
}

/** The outcome a quarantined message gets when an admin puts it back in line. */
export const RELEASED = 'released';

/** Failed attempts (retryable errors) before a message is held for an admin. */
export const MAX_ATTEMPTS = 20;

export async function processMail(deps: ProcessMailDeps, inboundId: number): Promise<string> {
  const row = await deps.inbound.load(inboundId);
  const log = deps.log.child({ component: 'process-mail', inboundId, mailbox: row?.mailbox, uid: row?.uid });
  if (!row) throw new UnrecoverableError(`inbound message ${inboundId} does not exist`);
  if (row.status !== 'pending') {
    // Said as such, like the store's own check: a repeat is never reported as a second "created".
    log.debug({ outcome: row.outcome }, 'already handled');
    return `already-handled:${row.outcome ?? row.status}`;
  }
  if (row.attempts >= MAX_ATTEMPTS) {
    // Never retried forever: after this many failed tries an admin decides (quarantine retry/drop).
    await deps.inbound.quarantine(inboundId, 'TOO_MANY_ATTEMPTS', `processing failed ${row.attempts} times; last error: ${row.reason ?? 'unknown'}`);
    log.error({ outcome: 'quarantined:TOO_MANY_ATTEMPTS' }, 'message quarantined');
    return 'quarantined:TOO_MANY_ATTEMPTS';
  }
  try {
    const lookup = databaseLookup(deps.db, deps.tickets, deps.inbound, inboundId);
    // Attachment bytes stay in the raw message; the pipeline only needs their names, sizes and hashes.
    // DNS is I/O: the sender is checked here, and the pure stages get the verdict as a plain field.
    const senderAuth = deps.verifySender ? await deps.verifySender(row.raw, parseHeaderBlock(row.raw)) : undefined;
    const result = await runPipeline(row.raw, deps.settings, lookup, deps.assessIntake, deps.now?.() ?? new Date(), { keepAttachmentContent: false }, startBudget(), senderAuth);
    const braked = await brakeMail(deps, row, result, deps.now?.() ?? new Date());
    const applied = await deps.tickets.apply(braked.change, inboundId, {
      kind: result.decision.kind, maxAttachmentBytes: deps.maxAttachmentBytes, messageId: row.messageId,
      // What the decision was made on: the store re-decides (retryable) if either moved meanwhile.
      threadIds: result.clues.messageIds,
      seen: result.ticket ? { ticketId: result.ticket.id, version: result.ticket.version ?? 0 } : null,
      now: new Date(),
    });
    log.info({ outcome: applied.outcome, brake: braked.brake, sender: senderAuth?.verified, kind: result.decision.kind, ticketId: applied.ticketId, matchedBy: result.matchedBy, messageId: result.parsed.messageId }, 'message handled');
    await deps.afterChange();
    return applied.outcome;
  } catch (caught) {
    // A passing database problem (outage, deadlock) retries instead of quarantining the mail.
    const err = translateDbError(caught);
    if (isRetryable(err)) {
      log.warn({ err: safeError(err) }, 'retrying');
      await deps.inbound.recordAttempt(inboundId, safeError(err).message)
        .catch((e: unknown) => log.warn({ err: safeError(e) }, 'could not record the failed attempt'));
      throw err;
    }
    const code = (err as { code?: string }).code ?? 'PROCESSING_FAILED';
    const reason = `${safeError(err).name}: ${safeError(err).message}`;
    await deps.inbound.quarantine(inboundId, code, reason);
    log.error({ outcome: `quarantined:${code}`, err: safeError(err) }, 'message quarantined');
    return `quarantined:${code}`;
  }
}
