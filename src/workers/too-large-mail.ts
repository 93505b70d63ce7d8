// A message over MAX_MESSAGE_MB, of which only the header block was downloaded: reads who sent it,
// decides from the headers whether they get an answer (inbound/oversized-answer.ts), holds the
// answer when the sender's hourly new-request cap is used up (outbound/loop-brake.ts), and records
// it in the outbox under a key of its own, so it goes out once even when the fetch is repeated
// after a crash. I/O: DNS (sender check), Redis (hourly counters), database (outbox).
import type { Db } from '../adapters/db/client.ts';
import type { TicketStore } from '../adapters/db/ticket-store.ts';
import type { SenderVerifier } from '../adapters/mail-auth/verify-sender.ts';
import type { MailCounters } from '../adapters/queue/mail-counters.ts';
import { detectMailKind } from '../inbound/mail-kind.ts';
import { defaultMailSigns } from '../inbound/mail-signs.ts';
import { decideOversizedAnswer } from '../inbound/oversized-answer.ts';
import { parseMessage } from '../inbound/parse.ts';
import { mailKindContextOf, type PipelineSettings } from '../inbound/pipeline.ts';
import { SENDER_AUTH_OFF } from '../inbound/sender-auth.ts';
import { brakeTooLargeAnswer, type BrakeLimits } from '../outbound/loop-brake.ts';
import { foldAddress } from '../tickets/mailbox.ts';

export interface TooLargeDeps {
  db: Db;
  tickets: TicketStore;
  settings: () => Promise<PipelineSettings>;
  verifySender?: SenderVerifier;
  /** The mail limits and their hourly counters; no limits when absent. */
  brake?: { limits: BrakeLimits; counters: MailCounters };
  /** Relays the outbox and enqueues the resulting sends. */
  afterChange: () => Promise<void>;
  now?: () => Date;
}

export interface TooLargeMessage {
  inboundId: number;
  /** The header block, all that was downloaded. */
  raw: Buffer;
  bytes: number;
  limitBytes: number;
}

/** The folded sender (for the quarantine reason and the admins' summary) and what became of the answer, for the log. */
export interface TooLargeOutcome {
  sender: string | null;
  answer: 'queued' | `held:${string}` | `silent:${string}`;
}

/** How the answer's outbox key is made: one answer per stored message. */
export const tooLargeKey = (inboundId: number) => `message-too-large:${inboundId}`;

/** The header block read, or null when nobody can read it (then it is not answered; it must not stop the fetcher either). */
const readHeaders = (raw: Buffer) => parseMessage(raw).catch(() => null);

/** The folded sender of a header block, as the quarantine reason and the admins' summary name it; null when unreadable. */
export async function tooLargeSender(raw: Buffer): Promise<string | null> {
  const from = (await readHeaders(raw))?.from?.address;
  return from ? foldAddress(from) : null;
}

export async function answerTooLarge(deps: TooLargeDeps, message: TooLargeMessage): Promise<TooLargeOutcome> {
  const settings = await deps.settings();
  const headers = await readHeaders(message.raw);
  if (!headers) return { sender: null, answer: 'silent:headers unreadable' };
  const sender = headers.from?.address ? foldAddress(headers.from.address) : null;
  const ctx = mailKindContextOf(settings);
  const verdict = detectMailKind(headers, ctx, settings.mailSigns ?? defaultMailSigns());
  // Only the header block is at hand: a DKIM body hash cannot be checked, so a signature alone
  // may fail and the answer stay silent. That errs towards no backscatter. Nor is this verdict kept
  // with the message as process-mail keeps its own: it is not the whole message's.
  const senderAuth = deps.verifySender ? await deps.verifySender(message.raw) : SENDER_AUTH_OFF;
  const decided = decideOversizedAnswer({ headers, verdict, senderAuth, bytes: message.bytes, limitBytes: message.limitBytes }, ctx);
  if (decided.kind === 'silent') return { sender, answer: `silent:${decided.reason}` };

  const folded = foldAddress(decided.to);
  const heldBy = deps.brake
    ? brakeTooLargeAnswer(await deps.brake.counters.countNewRequest(folded, message.inboundId, deps.now?.() ?? new Date()), deps.brake.limits, folded)
    : null;
  await deps.tickets.insertEvents(deps.db, null, [{
    event: 'message_too_large', actor: null,
    payload: { to: decided.to, answerText: decided.text, inReplyTo: headers.messageId ?? null, ...(heldBy ? { heldBy } : {}) },
    dedupeKey: tooLargeKey(message.inboundId),
  }], null);
  await deps.afterChange();
  return { sender, answer: heldBy ? 'held:new-requests' : 'queued' };
}
