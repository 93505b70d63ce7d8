// A request from the web form becomes a ticket exactly as a mailed request does: the form is
// written out as the mail it stands for (From the signed-in person, Cc the people to notify,
// the files as attachments), stored like fetched mail (nothing lost if we crash halfway: the
// recover task files it), and then the same intake and new-ticket decision run, and the ticket
// store applies the change with its "has been submitted" and admin mail. What differs from mail:
// the sender is proven by their session, the type is the one the person chose, and the request
// never threads into an existing ticket. Every new ticket the web opens (a ticket page's follow-up
// too) is filed within a mailed request's limits here (fileNewTicket). I/O: database (inbound and
// ticket stores), Redis (the limits' counters), the relay.
import { createHash, randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Db } from '../adapters/db/client.ts';
import { InboundStore } from '../adapters/db/inbound-store.ts';
import { setPersonDetails } from '../adapters/db/web-people.ts';
import { TicketStore, type ApplyMeta, type ApplyResult } from '../adapters/db/ticket-store.ts';
import { decideTicketChange } from '../inbound/decide.ts';
import { parseMessage } from '../inbound/parse.ts';
import type { AssessIntake } from '../inbound/pipeline.ts';
import { brakeLimitsOf, pipelineSettings } from '../stage-settings.ts';
import { brakeNewRequest, judgeNewRequest, type BrakeLimits } from '../outbound/loop-brake.ts';
import { foldAddress } from '../tickets/mailbox.ts';
import { MailCounters } from '../adapters/queue/mail-counters.ts';
import type { Redis } from 'ioredis';
import type { TicketChange } from '../tickets/ticket-change.ts';
import { findQuarantineReason } from '../inbound/processable.ts';
import { hostOf } from '../tickets/reference.ts';
import { helpDeskPeople } from '../tickets/staff.ts';
import { detailsGiven } from './details-given.ts';
import type { TicketType } from '../tickets/types.ts';
import { FORM_TYPE_HEADER, typedText, WEB_MAILBOX, WEB_SENDER_AUTH, WEB_VERDICT, withFormAnswers } from '../inbound/web-mailbox.ts';

export interface ContactPerson { name: string; email: string; phone: string }

export interface WebRequest {
  type: TicketType;
  summary: string;
  description: string;
  /** The signed-in person, with the name and phone they gave ("How can we reach you?"). */
  submitter: ContactPerson;
  /** "Notify additional people": they join the ticket as interested and get its mail. */
  additional: ContactPerson[];
  files: { filename: string; contentType: string; content: Buffer }[];
}

export interface SubmitDeps {
  config: Config;
  db: Db;
  assessIntake: AssessIntake;
  loadStaff(): Promise<{ admins: string[]; staff: { email: string; name: string }[] }>;
  relay(): Promise<number>;
  now?: () => Date;
  /** The mail limits and their hourly counters; no limits when absent. */
  brake?: WebBrake;
}

/** The mail limits (outbound/loop-brake.ts) and their hourly counters, for the new tickets the web opens. */
export interface WebBrake { limits: BrakeLimits; counters: MailCounters }

/** The limits a mailed request meets (NEW_REQUESTS_PER_SENDER_PER_HOUR, ADMIN_NOTICES_PER_HOUR), counted in Redis. */
export function webBrakeOf(config: Config, redis: Redis): WebBrake {
  return { counters: new MailCounters(redis, config.QUEUE_PREFIX), limits: brakeLimitsOf(config) };
}

/** Why a new ticket over its sender's hourly cap was not opened, as the page says it. */
export const HELD_OVER_CAP = 'more requests came from you this hour than the help desk takes from one person, so this one is held for an administrator, who can still file it';

/**
 * Files `change`, a new ticket the web opens for stored message `inboundId` (a request from the
 * form, a follow-up from a ticket page), within the limits a mailed request meets
 * (outbound/loop-brake.ts): past its sender's hourly cap the message is held for an admin and
 * nothing is filed (null); past the admins' hourly notices the new ticket's notice waits for their
 * summary. `countedAt`: the hour it counts in.
 */
export async function fileNewTicket(
  stores: { tickets: TicketStore; inbound: InboundStore }, brake: WebBrake | undefined,
  filing: { change: TicketChange; inboundId: number; sender: string }, meta: ApplyMeta, countedAt: Date,
): Promise<ApplyResult | null> {
  let change = filing.change;
  if (brake) {
    const folded = foldAddress(filing.sender);
    change = brakeNewRequest(change, judgeNewRequest(await brake.counters.countNewRequest(folded, filing.inboundId, countedAt), brake.limits), folded).change;
    if (change.kind === 'quarantine') {
      await stores.inbound.quarantine(filing.inboundId, change.code, change.reason);
      return null;
    }
  }
  return stores.tickets.apply(change, filing.inboundId, meta);
}

export type SubmitResult = { kind: 'created'; ref: string; ticketId: number } | { kind: 'refused'; reason: string };

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

/** The body text: what the person wrote, then how to reach them and the people they added (as the guide's form shows them). */
export function requestText(request: WebRequest): string {
  const line = (p: ContactPerson) => [p.name, p.email, p.phone && `phone ${p.phone}`].filter(Boolean).join(', ');
  const parts = [request.description.trim(), '', `How can we reach you: ${line(request.submitter)}`];
  if (request.additional.length) parts.push(`Notify additional people: ${request.additional.map(line).join('; ')}`);
  return parts.join('\n');
}

/**
 * The request as the RFC 5322 message it stands for, with the type the person chose in
 * FORM_TYPE_HEADER: filed by the worker (held and released, or recovered), the request keeps it as
 * the page keeps it when it files the form itself (inbound/web-mailbox.ts).
 */
export async function composeRequestMail(request: WebRequest, config: Pick<Config, 'HELPDESK_ADDRESS'>, now: Date, localId = `web-${randomBytes(12).toString('hex')}`): Promise<Buffer> {
  const info = await composer.sendMail({
    from: { name: request.submitter.name, address: request.submitter.email },
    to: config.HELPDESK_ADDRESS,
    cc: request.additional.map((p) => ({ name: p.name, address: p.email })),
    subject: request.summary,
    text: requestText(request),
    date: now,
    messageId: `<${localId}@${hostOf(config.HELPDESK_ADDRESS)}>`,
    headers: { 'X-Deskmail-Source': 'web-form', [FORM_TYPE_HEADER]: request.type },
    attachments: request.files.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content })),
  });
  return info.message as Buffer;
}

/** Web requests' uids are 1 to 2^47 - 1, as web uploads' (adapters/db/web-uploads.ts). */
const WEB_UIDS = 2 ** 47 - 1;

/** How long a stored web request belongs to the request filing it (far longer than any request takes). */
export const WEB_REQUEST_CLAIM_MS = 10 * 60_000;

/** Files the request as a new ticket, with intake, status mail and forwarding as for mail. */
export async function submitWebRequest(deps: SubmitDeps, request: WebRequest, key: string): Promise<SubmitResult> {
  const now = deps.now?.() ?? new Date();
  // The stored message's uid and Message-ID come from `key` (the draft's random id): the same form
  // sent twice (a double click, a retry after an error) meets the same stored row, and the ticket
  // store answers the second with the ticket the first made.
  const digest = createHash('sha256').update(`web-request:${key}`).digest();
  const raw = await composeRequestMail(request, deps.config, now, `web-${digest.subarray(0, 12).toString('hex')}`);
  const inbound = new InboundStore(deps.db);
  const uid = (digest.readUIntBE(0, 6) % WEB_UIDS) + 1;
  // Claimed while this request files it: recovery takes it only if this process died before filing.
  const stored = await inbound.store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid, raw, claimedUntil: new Date(now.getTime() + WEB_REQUEST_CLAIM_MS) });
  const parsed = await parseMessage(raw, { keepAttachmentContent: false });
  const quarantine = findQuarantineReason(parsed, raw.length, 'person');
  if (quarantine) {
    await inbound.quarantine(stored.id, quarantine.code, quarantine.reason);
    return { kind: 'refused', reason: quarantine.reason };
  }
  const everyStaff = await deps.loadStaff();
  const settings = pipelineSettings(deps.config, everyStaff.staff);
  // What the person typed, whole, as the worker reads this stored message when it files it.
  const replyText = typedText(parsed);
  const decision = decideTicketChange({
    msg: parsed,
    verdict: WEB_VERDICT,
    // As the worker decides this stored message when it files it (held and released, or recovered).
    senderAuth: WEB_SENDER_AUTH,
    quarantine: null,
    duplicateOfTicketId: undefined,
    replyText,
    quotedText: '',
    mayAnswer: true,
    // A web request always opens its own ticket: it names no thread.
    thread: { ticket: null, matchedBy: 'none', participants: [] },
    tokenPerson: null,
    senderIsAdmin: false,
    // Intake follows the type the person chose: what it asks and the priority are the chosen type's.
    intake: deps.assessIntake.request(parsed, replyText, request.type),
    summarySubject: request.summary,
    settings,
    now,
  });
  if (decision.change.kind !== 'create') return { kind: 'refused', reason: `the request could not be filed (${decision.change.kind})` };
  // The names the signed-in person typed on the form (theirs and those they add) and the type they
  // chose with the guide's three choices, as the worker keeps them from this stored message when it
  // files it (inbound/web-mailbox.ts); intake keeps everything else.
  const helpDesk = helpDeskPeople(everyStaff, deps.config.SUPPORT_ADDRESS, null);
  const change = withFormAnswers(decision.change, { names: [request.submitter, ...request.additional], type: request.type }, helpDesk);
  const tickets = new TicketStore(deps.db, deps.config.TICKET_PREFIX);
  // The same limits as a mailed request: over the sender's cap the request is held for an admin, not lost.
  const applied = await fileNewTicket({ tickets, inbound }, deps.brake, { change, inboundId: stored.id, sender: request.submitter.email }, {
    kind: 'new', maxAttachmentBytes: deps.config.MAX_ATTACHMENT_MB * 1024 * 1024, messageId: parsed.messageId, threadIds: [], seen: null, now: new Date(),
  }, now);
  if (!applied) return { kind: 'refused', reason: HELD_OVER_CAP };
  // Recovery files a claimed request only after the claim ran out; should that ever meet this filing, it counts as filed.
  const filed = applied.outcome === 'created' || applied.outcome === 'already-handled:created';
  if (!filed || applied.ticketId === null) return { kind: 'refused', reason: `the request was not filed (${applied.outcome})` };
  // The phones the form asked for are those people's phones (the page's People list, "Edit details"),
  // as far as she may give them as the submitter of the ticket just filed, decided as when adding
  // people on the page (web/details-given.ts): her own as she gave it; for the people she adds, only
  // one still missing, and none for the help desk's own people, whom she does not describe.
  // Written once the ticket is filed: a request held or refused adds no one.
  const given = [
    { email: request.submitter.email, details: detailsGiven(['submitter'], { self: true, roles: [], isHelpDesk: false }, request.submitter.phone) },
    ...request.additional.filter((person) => person.email).map((person) => ({
      email: person.email, details: detailsGiven(['submitter'], { self: false, roles: [], isHelpDesk: helpDesk.has(person.email.trim().toLowerCase()) }, person.phone),
    })),
  ];
  for (const { email, details } of given) {
    if (details?.phone) await setPersonDetails(deps.db, email, { phone: details.phone }, { onlyMissing: details.onlyMissing });
  }
  const ticket = await tickets.byId(applied.ticketId);
  // Filed: the status mail is relayed now or by the recover task, never a reason to say it failed.
  await deps.relay().catch(() => 0);
  return { kind: 'created', ref: ticket!.ref, ticketId: applied.ticketId };
}
