// Turns one message into what the ticket decision needs: its kind picks the path (own, list,
// bounce and auto-reply mail are recorded or ignored here; a person's mail becomes actions), the
// signed reply address proves who acts and with which roles, and the mail's text, Cc and files
// become actions and clues. `tickets/decide.ts` decides what a reply does; `tickets/new-request.ts`
// what a new request opens. Pure: takes `now` and settings as arguments.
import { describeUnstoredFiles } from './attachment-limit.ts';
import type { ThreadMatch } from './thread.ts';
import type { MailKindVerdict, ParsedMessage } from './types.ts';
import { isUnverified, type SenderAuth } from './sender-auth.ts';
import { formTypeOf, withFormAnswers } from './web-mailbox.ts';
import { findSentFiles } from './sent-files.ts';
import { parseReplyCommands, type ParsedReplyCommands } from '../tickets/commands.ts';
import { decide, type Actor, type OpenFollowUp, type ReplyAssessment, type TicketDecision } from '../tickets/decide.ts';
import { decideNewRequest, type IntakeAssessment, type NewRequest } from '../tickets/new-request.ts';
import { isHelpdeskAddress } from '../tickets/reply-address.ts';
import { defaultSharedMailDomains, isSharedMailDomain } from '../tickets/shared-mail-domains.ts';
import { helpDeskPeople, sameEmail } from '../tickets/staff.ts';
import { sameMailbox } from '../tickets/mailbox.ts';
import type { PersonRef, TicketChange } from '../tickets/ticket-change.ts';
import type { ForwardedRoute, Participant, ParticipantRole, RoutedTo, TicketState } from '../tickets/types.ts';

export type { IntakeAssessment, ReplyAssessment };

export interface DecideSettings {
  helpdeskAddress: string;
  adminEmails: string[];
  supportAddress: string | null;
  reopenDays: number;
  /** Files larger than this are not stored (MAX_ATTACHMENT_MB); the note says so. Unset: no limit. */
  maxAttachmentBytes?: number;
  /** Local admins and support, for #assign. */
  staff: { email: string; name: string }[];
  /** Who handles MACCH's and NMIS's requests and where they are forwarded, for `#route` on an open ticket. */
  routes?: Partial<Record<ForwardedRoute, RoutedTo>>;
}

export interface DecideInput {
  msg: ParsedMessage;
  verdict: MailKindVerdict;
  quarantine: { code: string; reason: string } | null;
  duplicateOfTicketId: number | null | undefined;
  replyText: string;
  quotedText: string;
  /**
   * The text a new request (mail that names no ticket) is filed with: the reply text and the mail it
   * forwards (inbound/request-text.ts). Absent: the reply text. A reply on a ticket, and a ticket it
   * opens, keep the reply text.
   */
  requestText?: string;
  /** May this message get an automatic answer (RFC 3834)? */
  mayAnswer: boolean;
  /**
   * `removedByStaff`: the addresses of people staff took off the ticket, whom only staff add again;
   * `muted`: of people not on it who said #stop on it (DecideContext.muted).
   */
  thread: { ticket: TicketState | null; matchedBy: ThreadMatch; participants: Participant[]; removedByStaff?: string[]; muted?: string[]; openFollowUp?: OpenFollowUp | null };
  /**
   * For a reply on a closed ticket whose follow-up is open (`thread.openFollowUp`): what the intake
   * rules found in it, read against the follow-up, which the reply's note goes into when it comes too late.
   */
  followUpAssessment?: ReplyAssessment | null;
  /** The verified reply token's person, when the message came through a signed address. */
  tokenPerson: { email: string; ticketId: number } | null;
  /** The mail came through one of our signed reply addresses that has expired (REPLY_ADDRESS_DAYS). */
  replyAddressExpired?: boolean;
  senderIsAdmin: boolean;
  /** The intake assessment of a person's mail; used when the mail opens a ticket. */
  intake: IntakeAssessment | null;
  /** The subject without reply prefixes and our own tag, for a new ticket's summary. */
  summarySubject?: string;
  /** For a bounce: the recipient of the mail of ours it reports on, or null when it names none of ours. */
  bouncedRecipient?: string | null;
  /** For a reply to a ticket that waits for information: the asked-for items its text still leaves out. */
  /** For a reply on a ticket: what the intake rules found in it. */
  replyAssessment?: ReplyAssessment | null;
  /** What the sender check found (src/inbound/sender-auth.ts); absent: not checked. */
  senderAuth?: SenderAuth;
  /**
   * The web pages wrote this message for a signed-in person (inbound/web-mailbox.ts), and it is
   * decided as the page decides it: its text (`replyText`, whole as typed) is never read for
   * commands (the page's buttons are its actions), and a new ticket keeps the names typed and the
   * type chosen on the form.
   */
  writtenByWebPage?: boolean;
  settings: DecideSettings;
  now: Date;
}

export interface Decision {
  /** The message kind as the service reports it: new, reply, auto_reply, bounce, list, own. */
  kind: string;
  change: TicketChange;
}

const NO_SUBJECT = '(no subject)';

export function decideTicketChange(input: DecideInput): Decision {
  const { verdict, thread } = input;
  const baseKind = verdict.kind === 'person' ? (thread.ticket ? 'reply' : 'new') : verdict.kind;
  if (input.quarantine) return { kind: baseKind, change: { kind: 'quarantine', code: input.quarantine.code, reason: input.quarantine.reason } };
  if (input.duplicateOfTicketId !== undefined) {
    return { kind: baseKind, change: { kind: 'ignore', reason: 'duplicate-message-id', ticketId: input.duplicateOfTicketId } };
  }
  switch (verdict.kind) {
    case 'own':
      return { kind: 'own', change: { kind: 'ignore', reason: `own-mail (${verdict.reason})`, ticketId: thread.ticket?.id ?? null } };
    case 'list':
      return { kind: 'list', change: { kind: 'ignore', reason: `list-mail (${verdict.reason})`, ticketId: null } };
    case 'bounce':
      return { kind: 'bounce', change: decideBounce(input) };
    case 'auto_reply':
      return { kind: 'auto_reply', change: decideAutoReply(input) };
    case 'person':
      break;
  }
  const sender = senderOf(input);
  if (!thread.ticket) return { kind: 'new', change: withForm(input, decideNewRequest(newRequestOf(input, sender, input.requestText ?? input.replyText))) };
  const decision = decideReply(input, thread.ticket, sender);
  if (decision.kind !== 'new_ticket') return { kind: 'reply', change: decision };
  // A follow-up on a closed ticket is still reported as a reply; a stranger's mail is a new request.
  // A follow-up from mail that proves nothing copies nothing from the old ticket and adds nobody.
  // Nor does it bring back anyone staff took off the old ticket: the follow-up carries its summary
  // and client IDs, and a Cc header never adds them back (only staff do).
  const request = newRequestOf(input, sender, input.replyText);
  const followUp = decision.followUp && !isProven(input, thread.ticket, sender) ? { ...decision.followUp, bare: true } : decision.followUp;
  const removed = followUp ? thread.removedByStaff ?? [] : [];
  const copied = followUp?.bare ? [] : request.copied.filter((p) => !removed.some((e) => sameMailbox(e, p.email)));
  return { kind: decision.followUp ? 'reply' : 'new', change: withForm(input, decideNewRequest({ ...request, copied }, followUp)) };
}

/**
 * A new ticket from a message the web pages wrote, with the names typed on the form its From and Cc
 * carry and the type chosen on it that its FORM_TYPE_HEADER records, as the page keeps them when it
 * files the form itself (inbound/web-mailbox.ts). Mail from anywhere else gives neither: its header
 * is anyone's to write.
 */
function withForm(input: DecideInput, change: TicketChange): TicketChange {
  if (!input.writtenByWebPage || change.kind !== 'create') return change;
  const { msg, settings } = input;
  const names = [...(msg.from ? [msg.from] : []), ...msg.cc].map((a) => ({ email: a.address, name: a.name }));
  return withFormAnswers(change, { names, type: formTypeOf(msg) }, helpDeskPeople({ admins: settings.adminEmails, staff: settings.staff }, settings.supportAddress, null));
}

/**
 * What a person typed on a web page is their note, `#` lines and all: the page's buttons are its
 * actions, and the page never reads its text for commands (web/ticket-actions.ts).
 */
const typedOnPage = (text: string): ParsedReplyCommands => ({ commands: [], problems: [], noteText: text });

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * The sender, with the display name their From gives only when the mail proves them: a DMARC pass
 * for the From domain, or their own signed reply address. Anyone can write any name in a From
 * ("IT Security Team"); a name from mail that proves nothing is not stored or shown.
 */
function senderOf(input: DecideInput): PersonRef {
  const from = input.msg.from;
  const email = from?.address ?? 'unknown@invalid';
  const proven = input.senderAuth?.verified === 'pass' || (input.tokenPerson !== null && input.tokenPerson.email === email);
  return proven && from?.name ? { email, name: from.name, nameVerified: true } : { email, name: '' };
}

/**
 * The other desks a requester may write to beside us: the vendor's support team (SUPPORT_ADDRESS)
 * and the organisations requests are forwarded to (MACCH, NMIS). A requester who writes to the
 * vendor or to MACCH with the help desk copied has told them already; copying them in would make
 * them interested people on a ticket of ours, and the vendor reaches a ticket only by escalation.
 */
function otherDesks(settings: DecideSettings): string[] {
  return [settings.supportAddress, ...Object.values(settings.routes ?? {}).map((r) => r?.address)].filter((a): a is string => !!a);
}

/** Cc'd people (and extra To recipients), never our own addresses. */
function ccPeople(input: DecideInput, exclude: string[]): PersonRef[] {
  const ours = new Set(exclude.map((e) => e.toLowerCase()));
  const isOurs = (a: string) => ours.has(a) || isHelpdeskAddress(input.settings.helpdeskAddress, a);
  const seen = new Set<string>();
  return [...input.msg.to, ...input.msg.cc]
    .filter((a) => !isOurs(a.address) && !seen.has(a.address) && seen.add(a.address))
    // The names in To and Cc are the sender's words about other people: not stored.
    .map((a) => ({ email: a.address, name: '' }));
}

/** A person's mail as a new request, filed with `text`. */
function newRequestOf(input: DecideInput, sender: PersonRef, text: string): NewRequest {
  const subject = input.msg.subject.trim();
  // A forged From (DMARC failed) gets no answer and brings nobody in; admins see why.
  const unverified = isUnverified(input.senderAuth);
  return {
    submitter: sender,
    subject,
    summarySubject: input.summarySubject ?? subject,
    text,
    attachments: input.msg.attachments,
    unstoredFilesLine: unstoredFilesLine(input),
    copied: unverified ? [] : ccPeople(input, [sender.email, ...otherDesks(input.settings)]),
    mayAnswer: input.mayAnswer && !unverified,
    intake: input.intake,
    unverifiedSender: unverified ? input.senderAuth!.reason : null,
  };
}

/** The line naming the message's files that are too large to keep, or null. */
function unstoredFilesLine(input: DecideInput): string | null {
  const max = input.settings.maxAttachmentBytes;
  return max === undefined ? null : describeUnstoredFiles(input.msg.attachments, max);
}

function participantRoles(input: DecideInput, email: string): ParticipantRole[] {
  return [...new Set(input.thread.participants.filter((p) => p.email === email).map((p) => p.role))];
}

function rolesOf(input: DecideInput, ticket: TicketState, email: string): ParticipantRole[] {
  const roles = new Set<ParticipantRole>(participantRoles(input, email));
  if (input.senderIsAdmin || input.settings.adminEmails.includes(email)) roles.add('admin');
  // The vendor tier works a ticket only once it was escalated to it; before that the support
  // address is whatever its rows make it (an interested person someone copied in, or nobody).
  if (isSupportTeam(input, ticket, email)) roles.add('support');
  return [...roles];
}

/** Is this the support team's address on a ticket escalated to it? */
function isSupportTeam(input: DecideInput, ticket: TicketState, email: string): boolean {
  return ticket.escalatedAt !== null && sameEmail(input.settings.supportAddress, email);
}

/** Who the sender of a reply is on this ticket, as far as the mail proves it. */
function actorOf(input: DecideInput, ticket: TicketState, sender: PersonRef): Actor {
  // A forged From (DMARC failed) is nobody's own mail, whatever reply address it went to: a public note at most.
  const authenticated = !isUnverified(input.senderAuth) && input.tokenPerson !== null && input.tokenPerson.ticketId === ticket.id && input.tokenPerson.email === sender.email;
  // A From header proves nothing: roles that come from who the sender says they are (admin,
  // support) count only through their signed reply address. Without it, only the sender's own
  // participant rows count, so a forged admin From cannot even add a note.
  const roles = authenticated ? rolesOf(input, ticket, sender.email) : participantRoles(input, sender.email);
  // A support agent often answers the mail we sent the team's address from their own address
  // at the same organisation: through that mail's signed address they speak for the support
  // team (notes only: commands still need the address the token names), once it was escalated.
  // A shared mail domain (a team at gmail.com) makes nobody its colleague.
  const support = input.settings.supportAddress;
  if (support && !roles.includes('support') && input.tokenPerson?.ticketId === ticket.id && isSupportTeam(input, ticket, input.tokenPerson.email)
    && domainOf(sender.email) === domainOf(support) && !isSharedMailDomain(domainOf(support), defaultSharedMailDomains())) roles.push('support');
  return { email: sender.email, name: sender.name, personId: null, roles, authenticated, ...(sender.nameVerified ? { nameVerified: true } : {}) };
}

/** Does the mail prove its sender: their signed reply address for this ticket, or a DMARC pass? */
function isProven(input: DecideInput, ticket: TicketState, sender: PersonRef): boolean {
  return input.senderAuth?.verified === 'pass' || (input.tokenPerson !== null && input.tokenPerson.ticketId === ticket.id && input.tokenPerson.email === sender.email);
}

const EXPIRED_ADDRESS = {
  line: 'the reply address of the mail you answered',
  reason: 'this reply address has expired, so your reply was handled like mail from an unknown address; reply to the latest mail about this issue instead',
};

/** A person's reply on a ticket: its text as actions, decided by the one ticket decision. */
function decideReply(input: DecideInput, ticket: TicketState, sender: PersonRef): TicketDecision {
  const parsed = input.writtenByWebPage ? typedOnPage(input.replyText) : parseReplyCommands(input.replyText);
  const { settings } = input;
  // A forged From (DMARC failed) obeys no command, brings nobody in and gets no answer; mail that
  // proves nothing about its sender changes no ticket field (client IDs, missing information).
  const unverified = isUnverified(input.senderAuth);
  const proven = !unverified && isProven(input, ticket, sender);
  // An expired reply address is told to its sender (with the usual rules: no answer to automatic or
  // forged mail), so they know why their commands were not obeyed and where to reply instead.
  const problems = input.replyAddressExpired ? [EXPIRED_ADDRESS, ...parsed.problems] : parsed.problems;
  // A note meant to be internal is never published because its commands were not obeyed, nor are its files.
  const meantInternal = unverified && (parsed.commands.some((c) => c.kind === 'internal') || parsed.problems.some((p) => p.withholdsNote === true));
  return decide(ticket, actorOf(input, ticket, sender), {
    commands: unverified ? [] : parsed.commands,
    problems: unverified ? [] : problems,
    noteText: meantInternal ? '' : parsed.noteText,
    quotedText: input.quotedText,
    unstoredFilesLine: unstoredFilesLine(input),
    attachments: input.msg.attachments,
    // Which files the sender sent: a reply of files alone is a note carrying them, and a thanks with a
    // screenshot pasted in is for someone to look at, not a thanks only. Read only when there are files.
    filesSent: !meantInternal && input.msg.attachments.length > 0 && findSentFiles(input.msg).length > 0,
    copied: unverified ? [] : ccPeople(input, [sender.email, ...settings.adminEmails, ...otherDesks(settings)]),
    mayAnswer: input.mayAnswer && !unverified,
    assessment: proven ? (input.replyAssessment ?? null) : null,
    externalRef: proven ? findExternalRef(input.msg.subject, ticket.ref) : null,
  }, input.now, {
    participants: input.thread.participants, removedByStaff: input.thread.removedByStaff ?? [], muted: input.thread.muted ?? [], staff: settings.staff, reopenDays: settings.reopenDays,
    helpdeskAddress: settings.helpdeskAddress, supportAddress: settings.supportAddress, routes: settings.routes,
    // A reply too late for a closed ticket whose follow-up is open is a note on that follow-up.
    openFollowUp: input.thread.openFollowUp ? { ...input.thread.openFollowUp, assessment: proven ? (input.followUpAssessment ?? null) : null } : null,
  });
}

function decideAutoReply(input: DecideInput): TicketChange {
  // Automatic mail attaches only when it answers one of our own Message-IDs or signed reply addresses: a guessable reference
  // or subject tag would let anyone write into a ticket's internal notes.
  const ticket = input.thread.matchedBy === 'message-id' || input.thread.matchedBy === 'token' ? input.thread.ticket : null;
  if (!ticket) return { kind: 'ignore', reason: `auto-reply (${input.verdict.reason})`, ticketId: null };
  const who = input.msg.from?.address ?? 'unknown sender';
  return {
    kind: 'update', ticketId: ticket.id, outcome: 'recorded', patch: {},
    note: { author: senderOf(input), kind: 'auto_reply', body: `Automatic reply from ${who}: ${input.msg.subject || NO_SUBJECT}`, stripped: input.replyText, internal: true },
    attachments: [], participantChanges: [], corrections: [], undeliverable: [], events: [],
  };
}

function decideBounce(input: DecideInput): TicketChange {
  const report = input.verdict.bounce;
  const failed = (report?.recipients ?? []).filter((r) => !report?.temporary && (r.status === null || r.status.startsWith('5') || r.action === 'failed'));
  const lines = (report?.recipients ?? []).map((r) => `could not deliver to ${r.address}: ${[r.status, r.diagnostic].filter(Boolean).join(' ') || 'no reason given'}${report?.temporary ? ' (delayed, still trying)' : ''}`);
  // Anyone can send something shaped like a delivery report. Only a report about mail we sent
  // (its original Message-ID is one of ours) may mark an address undeliverable, and only the
  // address we sent that mail to.
  const ours = input.bouncedRecipient ?? null;
  const undeliverable = failed
    .filter((r) => ours !== null && r.address.toLowerCase() === ours)
    .map((r) => ({ address: r.address.toLowerCase(), reason: [r.status, r.diagnostic].filter(Boolean).join(' ').slice(0, 500) || 'bounced' }));
  const ticket = input.thread.ticket;
  if (!ticket || ours === null) return { kind: 'ignore', reason: `bounce-unmatched (${lines.length} recipients)`, ticketId: ticket?.id ?? null };
  return {
    kind: 'update', ticketId: ticket.id, outcome: 'recorded', patch: {},
    note: { author: null, kind: 'bounce', body: lines.join('\n') || 'A status mail could not be delivered.', stripped: '', internal: true },
    attachments: [], participantChanges: [], corrections: [], undeliverable,
    // Admins hear of an address bouncing on a ticket once a day, however many reports come (a
    // sender repeating reports about mail sent to them must not spend the hour's outbound mail).
    events: report?.temporary || undeliverable.length === 0 ? [] : [{
      event: 'bounce_notice', actor: null, payload: { bounce: { address: undeliverable[0]!.address, diagnostic: undeliverable[0]!.reason } },
      dedupeKey: `bounce:${ticket.id}:${undeliverable[0]!.address}:${input.now.toISOString().slice(0, 10)}`,
    }],
  };
}

/** Another tracker's own ticket number in a subject (e.g. `[Support #48213]`, `Case 00123`), not ours. */
export function findExternalRef(subject: string, ownRef: string): string | null {
  const cleaned = subject.replace(ownRef, ' ');
  // Each part has one way to match (no adjacent optional spaces, no nested brackets): linear time.
  const m = /\[[^\][]*?#\s?(\d{3,})\]|\b(?:case|ticket|request|incident)(?:\s*(?:no\.?|number|:))?\s*(?:#\s*)?([A-Z0-9-]*\d{3})\b|#(\d{3,})\b/i.exec(cleaned.slice(0, 998));
  if (!m) return null;
  return (m[0] ?? '').replace(/^\[|\]$/g, '').trim();
}
