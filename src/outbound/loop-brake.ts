// Decides whether the automatic mail one message causes may go out: tells a loop (the same text
// again, answers within seconds to our mail, too many replies into one ticket) from a person, caps
// new requests per sender (addresses folded the way the mailbox folds them) and turns a flood of
// admin notices into one summary. Fed with counts and recent history by thin adapters; pure.
import { foldAddress } from '../tickets/mailbox.ts';
import type { EventSpec, TicketChange } from '../tickets/ticket-change.ts';

/** The limits, from the settings (config.ts), passed in as plain numbers. */
export interface BrakeLimits {
  /** Replies from one address into one ticket per hour whose mail goes out to everyone; later ones still reach the staff (LOOP_REPLIES_PER_TICKET_PER_HOUR). */
  repliesPerTicketPerHour: number;
  /** A reply this soon after our mail to its sender counts as a machine's answer; 0 turns the sign off (LOOP_QUICK_REPLY_SECONDS). */
  quickReplySeconds: number;
  /** New requests per folded sender address per hour that open a ticket (NEW_REQUESTS_PER_SENDER_PER_HOUR). */
  newRequestsPerSenderPerHour: number;
  /** New-request notices to admins per hour; after that one summary (ADMIN_NOTICES_PER_HOUR). */
  adminNoticesPerHour: number;
}

/** The third sighting of a sign is a loop: at most two exchanges go out before mail stops. */
export const LOOP_SIGN_COUNT = 3;

/** How far back the history reaches. */
export const HISTORY_MS = 3_600_000;

/** Token-set similarity from which two texts count as the same text. */
const SAME_TEXT_SIMILARITY = 0.85;

export interface ReplySeen {
  receivedAt: Date;
  /** The sender's address (named in the internal note). */
  sender?: string;
  /** The reply text as stored on the ticket (quotes cut). */
  text: string;
}

/** What the adapters know of one sender on one ticket, the last hour. */
export interface ExchangeHistory {
  /** The sender's earlier replies into the ticket, oldest first. */
  earlier: ReplySeen[];
  /** When our mail to this sender about this ticket went out. */
  ourMailAt: Date[];
  /** An internal note about a loop of this sender on this ticket exists already. */
  loopNoted: boolean;
}

export type ExchangeVerdict =
  | { kind: 'person' }
  /** `note` is the internal note's text, or null when the ticket has one already. */
  | { kind: 'loop'; sign: 'same-text' | 'quick-answers'; reason: string; note: string | null }
  | { kind: 'limit'; reason: string };

/**
 * Is this reply part of a loop, over the per-ticket limit, or a person's? Staff are never judged (see the caller).
 * A short text ("Thanks!", "ok", "Yes, Harbor House.") is how people answer, again and again and
 * sometimes at once: it is a sign only when it is the same text again and also came back within
 * seconds of our mail, both at once, as a machine's does.
 */
export function judgeReply(reply: ReplySeen, history: ExchangeHistory, limits: BrakeLimits): ExchangeVerdict {
  const since = reply.receivedAt.getTime() - HISTORY_MS;
  const earlier = history.earlier.filter((r) => r.receivedAt.getTime() >= since && r.receivedAt <= reply.receivedAt);
  const quick = (r: ReplySeen) => limits.quickReplySeconds > 0 && isQuickAnswer(r.receivedAt, history.ourMailAt, limits.quickReplySeconds);
  const sameSighting = (r: ReplySeen) => !isShortText(r.text) || quick(r);
  const quickSighting = (r: ReplySeen) => quick(r) && !isShortText(r.text);
  if (sameSighting(reply)) {
    const same = earlier.filter((r) => sameSighting(r) && isSameText(r.text, reply.text)).length + 1;
    if (same >= LOOP_SIGN_COUNT) {
      return loop(reply, 'same-text', `the same text came from this address ${same} times within an hour`, history);
    }
  }
  if (quickSighting(reply)) {
    const quickCount = [...earlier, reply].filter(quickSighting).length;
    if (quickCount >= LOOP_SIGN_COUNT) {
      return loop(reply, 'quick-answers', `this address answered our mail within ${limits.quickReplySeconds} seconds ${quickCount} times within an hour`, history);
    }
  }
  if (earlier.length + 1 > limits.repliesPerTicketPerHour) {
    return { kind: 'limit', reason: `more than ${limits.repliesPerTicketPerHour} replies from this address into this ticket within an hour` };
  }
  return { kind: 'person' };
}

/** Words up to which a text is a short answer (see judgeReply). */
export const SHORT_TEXT_WORDS = 6;

/** A short answer: at most SHORT_TEXT_WORDS words once digits and punctuation fall away. */
export function isShortText(text: string): boolean {
  const words = normaliseText(text);
  return words === '' || words.split(' ').length <= SHORT_TEXT_WORDS;
}

/** How the internal note about a loop starts; the history adapter looks for it. */
export const LOOP_NOTE_START = 'Automatic mail stopped for replies from ';

function loop(reply: ReplySeen, sign: 'same-text' | 'quick-answers', reason: string, history: ExchangeHistory): ExchangeVerdict {
  const note = history.loopNoted ? null
    : `${LOOP_NOTE_START}${reply.sender ?? 'this address'}: ${reason}, which is how a mail loop looks, not a person. `
      + 'Their mail is still recorded on this ticket, and notes by staff still reach everyone on it.';
  return { kind: 'loop', sign, reason, note };
}

/** A reply that came within `seconds` after a mail of ours to its sender. */
export function isQuickAnswer(receivedAt: Date, ourMailAt: readonly Date[], seconds: number): boolean {
  const at = receivedAt.getTime();
  return ourMailAt.some((sent) => at >= sent.getTime() && at - sent.getTime() <= seconds * 1000);
}

/**
 * Text for comparison: case, accents' forms, digits (dates, counters, ticket numbers that a
 * robot varies) and punctuation fall away; words remain, one space apart.
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}]+/gu, ' ').trim();
}

/** Near-identical: the same words, or word sets that overlap almost entirely. Empty texts are never the same. */
export function isSameText(a: string, b: string): boolean {
  const x = normaliseText(a);
  const y = normaliseText(b);
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const setX = new Set(x.split(' '));
  const setY = new Set(y.split(' '));
  let shared = 0;
  for (const w of setX) if (setY.has(w)) shared += 1;
  return shared / (setX.size + setY.size - shared) >= SAME_TEXT_SIMILARITY;
}

/** Where one new request stands in its hour: its place among the folded sender's and among all. */
export interface NewRequestCounts {
  /** 1 for the sender's first new request this hour. */
  fromSender: number;
  /** 1 for the hour's first new request from anyone. */
  overall: number;
}

export interface NewRequestVerdict {
  /** Why the request is held instead of opening a ticket; null: it opens one. */
  hold: string | null;
  /** Whether the admins get their own notice, or it goes into the hourly summary. */
  adminNotice: 'send' | 'summarise';
}

export function judgeNewRequest(counts: NewRequestCounts, limits: BrakeLimits): NewRequestVerdict {
  const hold = counts.fromSender > limits.newRequestsPerSenderPerHour
    ? `more than ${limits.newRequestsPerSenderPerHour} new requests from this sender within an hour`
    : null;
  return { hold, adminNotice: counts.overall > limits.adminNoticesPerHour ? 'summarise' : 'send' };
}

/**
 * A request an admin released from quarantine: never held again (the admin decided it opens its
 * ticket, whatever its sender's hour), but it is one of the hour's new requests as any other, so
 * past ADMIN_NOTICES_PER_HOUR its admin notice goes into the summary. `overall`: its place among
 * the hour's new requests, counted when it is released and processed.
 */
export function judgeReleasedRequest(counts: Pick<NewRequestCounts, 'overall'>, limits: BrakeLimits): NewRequestVerdict {
  return { hold: null, adminNotice: counts.overall > limits.adminNoticesPerHour ? 'summarise' : 'send' };
}

/** What a summary to admins says about requests held, notices summarised or messages too large since the last one. */
export interface LimitsSummary {
  held: number;
  summarised: number;
  /** Messages over MAX_MESSAGE_MB (held with their headers only). */
  tooLarge: number;
  /** Folded sender addresses, most requests first, at most ten. */
  senders: { address: string; count: number }[];
}

export type LimitedKind = 'held' | 'summarised' | 'too_large';

/** Counts the held requests, summarised notices and messages too large by folded sender; null when there is nothing to tell. */
export function summariseLimits(items: { sender: string; kind: LimitedKind }[]): LimitsSummary | null {
  if (items.length === 0) return null;
  const bySender = new Map<string, number>();
  for (const item of items) {
    const key = foldAddress(item.sender);
    bySender.set(key, (bySender.get(key) ?? 0) + 1);
  }
  const senders = [...bySender].map(([address, count]) => ({ address, count }))
    .sort((a, b) => b.count - a.count || a.address.localeCompare(b.address)).slice(0, 10);
  return {
    held: items.filter((i) => i.kind === 'held').length,
    summarised: items.filter((i) => i.kind === 'summarised').length,
    tooLarge: items.filter((i) => i.kind === 'too_large').length,
    senders,
  };
}

/**
 * Whether the answer to a message too large to read goes out: it counts against its folded
 * sender's new requests of the hour (it answers what would have been one), so a flood of large
 * mail under one address, or under a forged one, cannot turn into a flood of answers. The reason
 * a held answer is recorded with, naming the folded sender; null: it goes out.
 */
export function brakeTooLargeAnswer(counts: NewRequestCounts, limits: BrakeLimits, folded: string): string | null {
  const { hold } = judgeNewRequest(counts, limits);
  return hold ? `${hold} (${folded})` : null;
}

/**
 * The change as it goes ahead with its mail held: every event still happens and is recorded, but
 * the mail it would cause is kept back with `reason` (notify-plan marks it held); a first loop
 * note joins the change as an internal note. With `staffStillHear` the mail to staff (admins, the
 * assignee, the support team) still goes: only a loop's signs stop that, never volume alone.
 * Nothing else about the change moves.
 */
export function holdMailOf(
  change: TicketChange, reason: string,
  options: { note?: string | null; events?: (e: EventSpec) => boolean; staffStillHear?: boolean } = {},
): TicketChange {
  if (change.kind !== 'create' && change.kind !== 'update') return change;
  const { note = null, events = () => true, staffStillHear = false } = options;
  const mark = { heldBy: reason, ...(staffStillHear ? { staffStillHear: true } : {}) };
  const held = change.events.map((e) => (events(e) ? { ...e, payload: { ...e.payload, ...mark } } : e));
  if (change.kind === 'create') return { ...change, events: held };
  const internalNote = note ? [{ author: null, kind: 'system' as const, body: note, stripped: '', internal: true }] : [];
  return { ...change, events: held, extraNotes: [...(change.extraNotes ?? []), ...internalNote] };
}

/** What a message's limits depend on: its exchange with a ticket, its sender's hour, or nothing. */
export type BrakeQuestion =
  | { kind: 'none' }
  | { kind: 'reply'; ticketId: number; sender: string; text: string }
  | { kind: 'new_request'; sender: string }
  /** A new request an admin released from quarantine: not held again, its admin notice counted (judgeReleasedRequest). */
  | { kind: 'released_request'; sender: string };

/**
 * Which limit applies to this change. Staff whose mail proves them (`senderProven`: a DMARC pass
 * or their own signed reply address) are never judged (a staff note always reaches the
 * submitter); a From that only names a staff address is judged like anyone's, or forging it
 * would open unlimited tickets and admin notices. A person's reply that causes mail is judged on
 * its exchange with the ticket, a new request on its sender's hour; one an admin released from
 * quarantine is not held again (their decision), but its admin notice still counts against the
 * hour's, so releasing a flood of held mail does not flood the admins.
 */
export function askBrake(change: TicketChange, input: { messageKind: string; sender: string | null; senderProven: boolean; staff: readonly string[]; released: boolean }): BrakeQuestion {
  const sender = input.sender?.trim().toLowerCase() ?? '';
  if (sender === '' || (input.senderProven && input.staff.some((a) => a.trim().toLowerCase() === sender))) return { kind: 'none' };
  // A reply made only of commands is judged too: refused ones are answered each time.
  if (change.kind === 'update' && input.messageKind === 'reply' && change.events.length > 0) {
    return { kind: 'reply', ticketId: change.ticketId, sender, text: change.note?.body ?? '' };
  }
  if (change.kind === 'create') return { kind: input.released ? 'released_request' : 'new_request', sender: foldAddress(sender) };
  return { kind: 'none' };
}

/** The change with a reply's verdict applied, and the word for the log. */
export function brakeReply(change: TicketChange, verdict: ExchangeVerdict): { change: TicketChange; brake: string } {
  if (verdict.kind === 'person') return { change, brake: 'person' };
  if (verdict.kind === 'loop') return { change: holdMailOf(change, `mail loop: ${verdict.reason}`, { note: verdict.note }), brake: `loop:${verdict.sign}` };
  // Volume alone is no loop: the person's reply still reaches the staff; the others' mail waits for a look.
  return { change: holdMailOf(change, verdict.reason, { staffStillHear: true }), brake: 'limit:replies-per-ticket' };
}

/** The change with a new request's verdict applied (held in quarantine, or its admin notice summarised); `folded` names the sender in the reason. */
export function brakeNewRequest(change: TicketChange, verdict: NewRequestVerdict, folded: string): { change: TicketChange; brake: string } {
  if (verdict.hold) return { change: { kind: 'quarantine', code: 'NEW_REQUEST_LIMIT', reason: `${verdict.hold} (${folded})` }, brake: 'limit:new-requests' };
  if (verdict.adminNotice === 'summarise') {
    return { change: holdMailOf(change, `admin notices per hour; in the summary (${folded})`, { events: (e) => e.event === 'new_ticket_admin' }), brake: 'limit:admin-notices' };
  }
  return { change, brake: 'none' };
}
