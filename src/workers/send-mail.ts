// send-mail: load one outbound row (claimed for this send in the same statement) -> was its mail
// accepted by SMTP already (then only mark it sent) -> check that a reminder is still true, the
// recipient (undeliverable) and the hour's global cap -> fill and render its template -> threading
// headers -> SMTP -> record the acceptance and mark sent. Its Message-ID was chosen when the row was
// made, so a mail sent again (see README, Outages) carries the same message id.
import { UnrecoverableError } from 'bullmq';
import { PermanentError, isRetryable } from '../errors.ts';
import { type Logger, safeError } from '../log.ts';
import { translateDbError } from '../adapters/db/errors.ts';
import { HELD_BY_LIMIT, type OutboundStore } from '../adapters/db/outbound-store.ts';
import type { OutgoingEmail, SmtpSender } from '../adapters/smtp/sender.ts';
import type { Acceptance, AcceptedMail, MailRef } from '../adapters/queue/accepted-mail.ts';
import type { MailCounters } from '../adapters/queue/mail-counters.ts';
import { buildMailHeaders, LOOP_HEADER } from '../outbound/headers.ts';
import { buildMailProps } from '../outbound/mail-props.ts';
import { reminderNoLongerDue } from '../outbound/reminder-still-due.ts';
import { renderEmail, type CompiledTemplates } from '../outbound/render.ts';
import { SERVICE_EVENTS, type EventProps } from '../outbound/templates.ts';
import { ticketPseudoId, type TicketNaming } from '../tickets/reference.ts';
import { makeReplyAddress } from '../tickets/reply-address.ts';
import { makeSignInToken } from '../tickets/sign-in-link.ts';
import { helpDeskPeople } from '../tickets/staff.ts';
import type { TicketEvent, TicketStatus } from '../tickets/types.ts';

export interface SendMailDeps {
  outbound: OutboundStore;
  sender: SmtpSender;
  /** The mails SMTP accepted (outside the database), so a row the database could not mark sent is never sent again. */
  accepted: AcceptedMail;
  /** The global cap on status mail per hour (OUTBOUND_MAIL_PER_HOUR); no cap when absent. */
  outboundCap?: { counters: MailCounters; perHour: number };
  naming: TicketNaming;
  /** The status-mail templates, compiled at start (workers/mail-templates.ts). */
  templates: CompiledTemplates;
  helpdeskAddress: string;
  /** The support team's address (SUPPORT_ADDRESS): staff in the mail it receives. */
  supportAddress?: string | null;
  /** The admins (ADMIN_EMAILS and those marked admin) and the staff list: staff in the mail they receive. */
  staff?: { admins: readonly string[]; staff: readonly { email: string }[] };
  secretKey: string;
  publicUrl: string;
  /** How long the personal sign-in link in a status mail works (MAIL_LINK_DAYS; default 30). */
  mailLinkDays?: number;
  log: Logger;
  now?: () => Date;
}

/**
 * How long one send holds its row: well past the SMTP timeouts (adapters/smtp/sender.ts: 15 s to
 * connect and greet, 60 s of silence), so a send still running is never taken over.
 */
export const SEND_CLAIM_MS = 180_000;
/** What sendMail returns when another run holds the row: the job waits out the claim, then looks again. */
export const CLAIMED_ELSEWHERE = 'claimed-elsewhere';

export async function sendMail(deps: SendMailDeps, outboundId: number): Promise<string> {
  // One send at a time per row: a second run of the job (a lapsed lock, queues rebuilt) waits. The
  // row is claimed as it is read, in one statement; a row that is not pending is never claimed.
  const loaded = await deps.outbound.loadAndClaim(outboundId, SEND_CLAIM_MS);
  const log = deps.log.child({ component: 'send-mail', outboundId });
  if (!loaded) throw new UnrecoverableError(`outbound message ${outboundId} does not exist`);
  const { row, ticket, recipient, claimed } = loaded;
  if (row.status !== 'pending') return row.status;
  // SMTP may have accepted this mail in a run that could not mark it sent (the database away, the
  // worker killed): then it is only marked sent. Asked even when another run holds the row: a run
  // that failed after SMTP accepted keeps its hold, and its retry need not wait for it to lapse.
  const acceptance = await deps.accepted.find(row).catch(async (err: unknown) => {
    if (claimed) await deps.outbound.release(row.id).catch(() => {});
    throw err;
  });
  if (acceptance) return markAccepted(deps, loaded, acceptance, log);
  if (!claimed) {
    log.debug({ outcome: 'claimed-elsewhere' }, 'another send has this mail');
    return CLAIMED_ELSEWHERE;
  }
  // A check that fails on the way (the database, Redis) gives the row back for the retry.
  const checked = await checkBeforeSending(deps, loaded, log).catch(async (err: unknown) => {
    await deps.outbound.release(row.id).catch(() => {});
    throw err;
  });
  if (checked !== null) return checked;
  if (!recipient) return 'failed';
  let composed: Composed;
  try {
    composed = ticket ? await composeStatusMail(deps, loaded, ticket, recipient) : await composeNotice(deps, loaded, recipient);
    await deps.sender.send(composed.mail);
  } catch (caught) {
    // Nothing was accepted: a passing problem gives the row back for the retry, any other is recorded.
    const err = translateDbError(caught);
    if (isRetryable(err)) {
      // Its retry may begin at once; a row that cannot be given back lapses (SEND_CLAIM_MS).
      await deps.outbound.release(row.id).catch(() => {});
      throw err;
    }
    await deps.outbound.markNotSent(row.id, 'failed', safeError(err).message);
    log.error({ outcome: `failed:${(err as { code?: string }).code ?? 'UNKNOWN'}`, err: safeError(err) }, 'status mail failed');
    throw new UnrecoverableError(safeError(err).message);
  }
  // SMTP accepted it: from here on the row is never given back, never recorded as failed, never sent again.
  await recordAcceptance(deps, row, { at: new Date(), subject: composed.mail.subject }, log, composed.keepText ? composed.mail.text : undefined);
  log.info({ outcome: 'sent', ...composed.logged }, composed.sentLine);
  return 'sent';
}

/**
 * Records that SMTP accepted the mail twice over: in Redis and as the row's `sent`, side by side,
 * so that either one stops a later run from sending it again. When the row cannot be marked (the
 * database away past markSent's own retries) the job fails and is retried with the row still held;
 * its retry finds the acceptance and only marks the row.
 */
async function recordAcceptance(deps: SendMailDeps, row: MailRef, acceptance: Acceptance, log: Logger, text?: string): Promise<void> {
  const rowId = row.id;
  const recorded = deps.accepted.record(row, acceptance).then(() => true, (err: unknown) => {
    log.warn({ err: safeError(err) }, 'could not record that SMTP accepted the status mail');
    return false;
  });
  try {
    await deps.outbound.markSent(rowId, acceptance.subject, { sentAt: acceptance.at, ...(text !== undefined ? { text } : {}) });
  } catch (caught) {
    const err = translateDbError(caught);
    if (await recorded) log.warn({ outcome: 'accepted', err: safeError(err) }, 'status mail accepted by SMTP but not marked sent; its retry marks it without sending it again');
    // Both stores failed: only the hold on the row (SEND_CLAIM_MS) keeps a retry from sending it again.
    else log.error({ outcome: 'accepted:unrecorded', err: safeError(err) }, 'status mail accepted by SMTP but recorded nowhere; sent again if still pending when its hold lapses');
    throw err;
  }
}

/** A mail SMTP accepted in an earlier run: marked sent as of then, not sent again. */
async function markAccepted(deps: SendMailDeps, loaded: Loaded, acceptance: Acceptance, log: Logger): Promise<string> {
  await deps.outbound.markSent(loaded.row.id, acceptance.subject, { sentAt: acceptance.at });
  log.info({ outcome: 'sent', ticketId: loaded.ticket?.id, template: loaded.row.template, acceptedAt: acceptance.at.toISOString() }, 'status mail accepted by SMTP before; marked sent without sending it again');
  return 'sent';
}

type Loaded = NonNullable<Awaited<ReturnType<OutboundStore['load']>>>;

/**
 * What ends a send before SMTP: a row with nobody to send to, an undeliverable recipient, the hour's
 * global cap (the mail waits). Null: go on and send.
 */
async function checkBeforeSending(deps: SendMailDeps, loaded: Loaded, log: Logger): Promise<string | null> {
  const { row, ticket, recipient } = loaded;
  if ((!ticket && !SERVICE_EVENTS.has(row.template as TicketEvent)) || !recipient) {
    await deps.outbound.markNotSent(row.id, 'failed', 'ticket or recipient missing');
    return 'failed';
  }
  const moved = ticket ? reminderNoLongerDue(row.template, ticket.status as TicketStatus) : null;
  if (moved) {
    await deps.outbound.markNotSent(row.id, 'suppressed', moved);
    log.info({ outcome: 'suppressed:no-longer-due', ticketId: ticket?.id }, 'not sent');
    return 'suppressed';
  }
  if (recipient.undeliverableAt) {
    await deps.outbound.markNotSent(row.id, 'suppressed', `recipient undeliverable: ${recipient.undeliverableReason ?? ''}`.trim());
    log.info({ outcome: 'suppressed:undeliverable', ticketId: ticket?.id }, 'not sent');
    return 'suppressed';
  }
  // Over the hour's global cap the mail waits, never dropped: the row stays pending with the
  // reason, and the recover task asks again until the next hour lets it go. Loops are stopped per
  // message before this (process-mail); this cap only bounds what a fault could send.
  if (deps.outboundCap && !(await deps.outboundCap.counters.takeOutbound(row.id, deps.now?.() ?? new Date(), deps.outboundCap.perHour))) {
    await deps.outbound.markWaiting(row.id, `${HELD_BY_LIMIT}outbound mail per hour (${deps.outboundCap.perHour}) reached; sent when the hour allows`);
    log.warn({ outcome: 'held:outbound-per-hour', ticketId: ticket?.id }, 'not sent yet');
    return 'held';
  }
  return null;
}

/**
 * A mail ready for SMTP, and what its `sent` line says about it. `keepText`: a status mail about a
 * ticket, whose text is kept with its row, so a reply that quotes it is told from what it quotes.
 */
interface Composed { mail: OutgoingEmail; logged: Record<string, unknown>; sentLine: string; keepText?: boolean }

/** A status mail about a ticket: its template filled for this recipient, with the ticket's threading headers. */
async function composeStatusMail(deps: SendMailDeps, loaded: Loaded, ticket: NonNullable<Loaded['ticket']>, recipient: NonNullable<Loaded['recipient']>): Promise<Composed> {
  const { row } = loaded;
  const helpDesk = helpDeskPeople(deps.staff ?? { admins: [], staff: [] }, deps.supportAddress ?? null, loaded.assignee?.email ?? null);
  const isAdmin = recipient.isAdmin || (deps.staff?.admins ?? []).some((a) => a.toLowerCase() === recipient.email.toLowerCase());
  const replyAddress = makeReplyAddress(deps.helpdeskAddress, { ticketId: ticket.id, personId: recipient.id }, deps.secretKey, recipient.tokenEpoch, deps.now?.() ?? new Date());
  const props = buildMailProps({
    event: row.template as TicketEvent,
    systemName: deps.naming.systemName,
    publicUrl: deps.publicUrl,
    ticket: { ref: ticket.ref, summary: ticket.summary, status: ticket.status, description: ticket.description, clientIds: ticket.clientIds, escalatedAt: ticket.escalatedAt },
    supportAddress: deps.supportAddress ?? null,
    payload: loaded.event?.payload ?? {},
    note: loaded.note ? { body: loaded.note.body, internal: loaded.note.internal } : null,
    files: loaded.files.map((f) => ({ filename: f.filename, size: f.size, stored: f.checksum !== null })),
    actor: loaded.actor,
    assignee: loaded.assignee,
    recipient: { email: recipient.email, name: recipient.name },
    recipientIsStaff: recipient.isAdmin || helpDesk.has(recipient.email),
    // The recipient's roles as the permission table reads them (an admin's standing comes from the settings and the people table).
    recipientRoles: isAdmin ? [...loaded.recipientRoles, 'admin'] : loaded.recipientRoles,
    addedBy: loaded.addedBy,
    replyAddress,
    helpdeskAddress: deps.helpdeskAddress,
    // The link opens the ticket for this recipient (its page asks before signing them in): one link per person, like the reply address.
    signInToken: makeSignInToken({
      personId: recipient.id, ticketId: ticket.id, epoch: recipient.signInEpoch,
      expiresAt: new Date((deps.now?.() ?? new Date()).getTime() + (deps.mailLinkDays ?? 30) * 86_400_000),
    }, deps.secretKey),
  });
  const rendered = await renderEmail(deps.templates, row.template as TicketEvent, props as EventProps[TicketEvent] as never).catch((err: Error) => {
    throw new PermanentError('TEMPLATE', err.message, { cause: err });
  });
  const pseudo = ticketPseudoId(deps.naming, ticket.ref);
  const headers = buildMailHeaders({
    messageId: row.messageId,
    ticketPseudoId: pseudo,
    threadIds: [...loaded.threadIds, ...(loaded.triggerMessageId ? [loaded.triggerMessageId] : [])],
    inReplyTo: loaded.triggerMessageId,
    // Forwarded requests are answered by the other organisation straight to the requester.
    replyTo: props.requesterAddress && row.template === 'forwarded' ? props.requesterAddress : replyAddress,
    helpdeskAddress: deps.helpdeskAddress,
  });
  return {
    mail: {
      from: `"${deps.naming.systemName} Help Desk" <${deps.helpdeskAddress}>`,
      to: recipient.email,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers,
      // Our own envelope sender, so a bounce of a status mail comes back to the help desk and
      // is recorded on its ticket (and the address marked undeliverable).
      envelopeFrom: deps.helpdeskAddress,
    },
    logged: { ticketId: ticket.id, template: row.template },
    sentLine: 'status mail sent',
    keepText: true,
  };
}

/**
 * Mail about no single ticket: the daily digest, the failed-jobs notice, the limits summary, and
 * the answer to a message too large to read (which answers that message, RFC 3834). No ticket
 * headers or signed address of their own.
 */
async function composeNotice(deps: SendMailDeps, loaded: Loaded, recipient: NonNullable<Loaded['recipient']>): Promise<Composed> {
  const payload = loaded.event?.payload as {
    digest?: EventProps['digest']['digest']; failedJobs?: EventProps['jobs_failed']['failedJobs']; limitsSummary?: EventProps['limits_summary']['limitsSummary'];
    answerText?: string; inReplyTo?: string | null;
  } | undefined;
  const base = { systemName: deps.naming.systemName, recipientName: recipient.name || recipient.email, replyAddress: deps.helpdeskAddress };
  const template = loaded.row.template;
  const rendered = template === 'jobs_failed'
    ? await renderEmail(deps.templates, 'jobs_failed', { ...base, failedJobs: payload?.failedJobs ?? [] })
    : template === 'limits_summary'
      ? await renderEmail(deps.templates, 'limits_summary', { ...base, limitsSummary: payload?.limitsSummary ?? { held: 0, summarised: 0, senders: [], since: '' } })
      : template === 'message_too_large'
        ? await renderEmail(deps.templates, 'message_too_large', { ...base, answerText: payload?.answerText ?? '' })
        : await renderEmail(deps.templates, 'digest', { ...base, digest: payload?.digest ?? [] });
  const answered = template === 'message_too_large' && payload?.inReplyTo ? `<${payload.inReplyTo.replace(/[<>\s]/g, '')}>` : null;
  return {
    mail: {
      from: `"${deps.naming.systemName} Help Desk" <${deps.helpdeskAddress}>`, to: recipient.email, subject: rendered.subject, html: rendered.html, text: rendered.text,
      headers: {
        'Message-ID': `<${loaded.row.messageId}>`, 'Auto-Submitted': template === 'message_too_large' ? 'auto-replied' : 'auto-generated', 'X-Auto-Response-Suppress': 'All', [LOOP_HEADER]: deps.helpdeskAddress,
        ...(answered ? { 'In-Reply-To': answered, References: answered } : {}),
      },
      envelopeFrom: deps.helpdeskAddress,
    },
    logged: { template },
    sentLine: template === 'message_too_large' ? 'answer to a message too large sent' : 'notice to admins sent',
  };
}
