// Decides the one TicketChange a message causes, from what the earlier pure stages found:
// its kind, the ticket its clues point at, who sent it and through which address, the reply
// text, and (for a new request) the intake assessment. Pure: takes `now` and settings as
// arguments; the ticket store carries the change out.
import { describeUnstoredFiles } from './attachment-limit.ts';
import { parseReplyCommands } from './commands.ts';
import type { EventSpec, PersonRef, TicketChange, TicketPatch, ParticipantChange as StoreParticipantChange } from './ticket-change.ts';
import type { ThreadMatch } from './thread.ts';
import type { Address, AttachmentInfo, MailKindVerdict, ParsedMessage } from './types.ts';
import { isAllowed } from '../tickets/permissions.ts';
import { decideReplyActions, type Refusal, type ReplyDecision } from '../tickets/lifecycle.ts';
import type { Participant, ParticipantRole, Priority, TicketState, TicketType } from '../tickets/types.ts';

/** What intake classification concluded about a new request (see src/intake). */
export interface IntakeAssessment {
  route: string;
  topic: string;
  type: TicketType;
  priority: Priority;
  clientIds: string[];
  missingInfo: string[];
  /** Sentences asking for each missing item. */
  missingQuestions: string[];
  /** A better summary when the subject was poor; null to keep the subject. */
  summary: string | null;
  articles: { title: string; url: string }[];
  /** For routes handled elsewhere: who and why, in words for the user. */
  routedTo: { name: string; why: string; address: string | null } | null;
  /** For vendor_direct: the sentence telling the user the help desk is their contact. */
  vendorNotice: string | null;
  /** Why the request is urgent, in one line; absent when it is not. */
  urgentReason?: string | null;
  /** Where intake was unsure, with its runner-up ("route: ICA Help Desk, maybe MACCH"); absent when sure. */
  unsure?: string | null;
}

/** What the intake rules find in a reply on an existing ticket. */
export interface ReplyAssessment {
  /** The items the ticket waits for that the reply still leaves out; null when it waits for nothing. */
  stillMissing: string[] | null;
  /** Client IDs the reply names. */
  clientIds: string[];
}

export interface DecideSettings {
  helpdeskAddress: string;
  adminEmails: string[];
  supportAddress: string | null;
  reopenDays: number;
  /** Files larger than this are not stored (MAX_ATTACHMENT_MB); the note says so. Unset: no limit. */
  maxAttachmentBytes?: number;
  /** Local admins and support, for #assign. */
  staff: { email: string; name: string }[];
}

export interface DecideInput {
  msg: ParsedMessage;
  verdict: MailKindVerdict;
  quarantine: { code: string; reason: string } | null;
  duplicateOfTicketId: number | null | undefined;
  replyText: string;
  quotedText: string;
  /** May this message get an automatic answer (RFC 3834)? */
  mayAnswer: boolean;
  thread: { ticket: TicketState | null; matchedBy: ThreadMatch; participants: Participant[] };
  /** The verified reply token's person, when the message came through a signed address. */
  tokenPerson: { email: string; ticketId: number } | null;
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
  settings: DecideSettings;
  now: Date;
}

export interface Decision {
  /** The message kind as the service reports it: new, reply, auto_reply, bounce, list, own. */
  kind: string;
  change: TicketChange;
}

const NO_SUBJECT = '(no subject)';

/** At most this many people join a ticket from one message's To/Cc headers. */
export const MAX_CC_PEOPLE = 10;

export function decideTicketChange(input: DecideInput): Decision {
  const { msg, verdict, thread } = input;
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
  const sender = personOf(msg.from);
  if (thread.ticket) {
    const change = decideReply(input, thread.ticket, sender);
    if (change) return { kind: 'reply', change };
  }
  return { kind: 'new', change: decideNewTicket(input, sender, null) };
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

function personOf(address: Address | null): PersonRef {
  return { email: address?.address ?? 'unknown@invalid', name: address?.name ?? '' };
}

/** The help-desk address or one of its plus-addressed (signed) variants. */
function isOwnAddress(input: DecideInput, address: string): boolean {
  const a = address.toLowerCase();
  const [local, domain] = input.settings.helpdeskAddress.split('@');
  return a === input.settings.helpdeskAddress || (a.startsWith(`${local}+`) && a.endsWith(`@${domain}`));
}

/** Cc'd people (and extra To recipients) who become interested, never our own addresses. */
function ccPeople(input: DecideInput, exclude: string[]): PersonRef[] {
  const ours = new Set(exclude.map((e) => e.toLowerCase()));
  const isOurs = (a: string) => ours.has(a) || isOwnAddress(input, a);
  const seen = new Set<string>();
  return [...input.msg.to, ...input.msg.cc]
    .filter((a) => !isOurs(a.address) && !seen.has(a.address) && seen.add(a.address))
    .map((a) => ({ email: a.address, name: a.name }));
}

/** The closed ticket a late reply follows up on, and what the lifecycle said about the reply. */
interface FollowUp {
  ticket: TicketState;
  reason: string;
  refusals: Refusal[];
  noteText: string;
}

function decideNewTicket(input: DecideInput, sender: PersonRef, previous: FollowUp | null): TicketChange {
  const { msg } = input;
  // A follow-up keeps the old ticket's classification; anything else is classified afresh.
  const intake = previous ? null : input.intake;
  const subject = msg.subject.trim();
  const summarySubject = input.summarySubject ?? subject;
  const routed = intake?.routedTo && (intake.route === 'macch' || intake.route === 'nmis');
  const missing = !routed && intake ? intake.missingInfo : [];
  const status = routed ? 'closed' : missing.length > 0 ? 'waiting_for_response' : 'new';
  // Cc'd people are notified of the request ("Notify additional people"); a Cc header costs a
  // sender nothing, so a few at most, and none for mail that may not be answered automatically.
  const interested = input.mayAnswer ? ccPeople(input, [sender.email]).slice(0, MAX_CC_PEOPLE) : [];
  const events: EventSpec[] = [];
  const common = {
    missingInfo: intake?.missingQuestions ?? [],
    articles: intake?.articles ?? [],
    reasonText: [intake?.vendorNotice, previous ? `This request follows up on closed issue ${previous.ticket.ref}: ${previous.reason}.` : null].filter(Boolean).join(' ') || undefined,
    otherTicketRef: previous?.ticket.ref,
  };
  if (input.mayAnswer) {
    // Commands in a late reply were not carried out on the old ticket; the sender hears why.
    const refusals = previous?.refusals.length ? { refusals: previous.refusals } : {};
    events.push({ event: routed ? 'routed' : 'submitted', actor: sender, payload: { ...common, ...refusals, routedTo: routed ? intake!.routedTo : undefined } });
  }
  if (routed && intake!.routedTo!.address) {
    // The request itself goes to the organisation, which answers the requester directly.
    events.push({ event: 'forwarded', actor: sender, payload: { to: intake!.routedTo!.address, routedTo: intake!.routedTo, requesterAddress: sender.email } });
  }
  if (!routed) {
    const urgent = intake?.priority === 'urgent';
    events.push({ event: 'new_ticket_admin', actor: sender, payload: {
      urgent, ...common,
      // The guide: tickets holding up clients from receiving benefits get the highest priority.
      reasonText: [urgent ? `URGENT: ${intake?.urgentReason ?? 'this request says a client is kept from benefits or services now'}.` : null, intake?.unsure ? `Intake is unsure: ${intake.unsure}.` : null, common.reasonText].filter(Boolean).join(' ') || undefined,
    } });
  }
  return {
    kind: 'create',
    ticket: {
      // A follow-up is about the old ticket's problem, not about our status mail's subject line.
      summary: (intake?.summary ?? previous?.ticket.summary ?? summarySubject) || NO_SUBJECT,
      originalSubject: subject,
      description: previous ? previous.noteText : input.replyText,
      status,
      resolution: routed ? 'routed' : null,
      type: intake?.type ?? previous?.ticket.type ?? 'issue',
      priority: intake?.priority ?? previous?.ticket.priority ?? 'normal',
      route: intake?.route ?? previous?.ticket.route ?? null,
      topic: intake?.topic ?? previous?.ticket.topic ?? null,
      clientIds: intake?.clientIds ?? [],
      missingInfo: missing,
      previousTicketId: previous?.ticket.id ?? null,
    },
    submitter: sender,
    participants: interested.map((person) => ({ person, role: 'interested' as const })),
    attachments: msg.attachments,
    filesNote: withUnstoredFiles('Files sent with the request.', input),
    events,
  };
}

/** A note's text, plus a line naming the message's files that are too large to keep. */
function withUnstoredFiles(text: string, input: DecideInput): string {
  const max = input.settings.maxAttachmentBytes;
  const line = max === undefined ? null : describeUnstoredFiles(input.msg.attachments, max);
  return line ? `${text}\n\n${line}` : text;
}

function participantRoles(input: DecideInput, email: string): ParticipantRole[] {
  return [...new Set(input.thread.participants.filter((p) => p.email === email).map((p) => p.role))];
}

function rolesOf(input: DecideInput, email: string): ParticipantRole[] {
  const roles = new Set<ParticipantRole>(participantRoles(input, email));
  if (input.senderIsAdmin || input.settings.adminEmails.includes(email)) roles.add('admin');
  if (input.settings.supportAddress && input.settings.supportAddress === email) roles.add('support');
  return [...roles];
}

function decideReply(input: DecideInput, ticket: TicketState, sender: PersonRef): TicketChange | null {
  const authenticated = input.tokenPerson !== null && input.tokenPerson.ticketId === ticket.id && input.tokenPerson.email === sender.email;
  // A From header proves nothing: roles that come from who the sender says they are (admin,
  // support) count only through their signed reply address. Without it, only the sender's own
  // participant rows count, so a forged admin From cannot even add a note.
  const roles = authenticated ? rolesOf(input, sender.email) : participantRoles(input, sender.email);
  // A support agent often answers the mail we sent the team's address from their own address
  // at the same organisation: through that mail's signed address they speak for the support
  // team (notes only: commands still need the address the token names).
  const support = input.settings.supportAddress;
  if (support && !roles.includes('support') && input.tokenPerson?.ticketId === ticket.id && input.tokenPerson.email === support
    && domainOf(sender.email) === domainOf(support)) roles.push('support');
  const isParticipant = roles.length > 0;
  // Only a participant (or staff) may write into a ticket; anyone else starts their own.
  if (!isParticipant && !authenticated) return null;
  const parsed = parseReplyCommands(input.replyText);
  const decision: ReplyDecision = decideReplyActions({
    ticket,
    participants: input.thread.participants,
    actor: { email: sender.email, personId: null, roles, authenticated },
    commands: parsed.commands,
    problems: parsed.problems,
    noteText: parsed.noteText,
    staff: input.settings.staff,
    now: input.now,
    reopenDays: input.settings.reopenDays,
  });
  // Outcomes are logged: a code, never the lifecycle's sentence (it names the sender).
  if (decision.kind === 'ignore') return { kind: 'ignore', reason: isParticipant ? 'empty-reply' : 'not-a-participant', ticketId: ticket.id };
  if (decision.kind === 'open_new_ticket') {
    return decideNewTicket(input, sender, { ticket, reason: decision.reason, refusals: decision.refusals, noteText: decision.noteText });
  }
  const patch: TicketPatch = {};
  const after = decision.ticket;
  if (after.status !== ticket.status) patch.status = after.status;
  if (after.resolution !== ticket.resolution) patch.resolution = after.resolution;
  if (after.type !== ticket.type) patch.type = after.type;
  if (after.priority !== ticket.priority) patch.priority = after.priority;
  if (decision.escalate) patch.escalated = true;
  if (decision.corrections.route) patch.route = decision.corrections.route;
  if (decision.corrections.topic) patch.topic = decision.corrections.topic;
  // A public note that supplies what the help desk asked for clears those items.
  const remaining = input.replyAssessment?.stillMissing;
  if (remaining && decision.note && !decision.note.internal && !sameItems(remaining, ticket.missingInfo ?? [])) patch.missingInfo = remaining;
  // Client IDs named in a note join the ticket's, so it can be found by client (the guide's summaries).
  const known = ticket.clientIds ?? [];
  const newIds = decision.note ? (input.replyAssessment?.clientIds ?? []).filter((id) => !known.includes(id)) : [];
  if (newIds.length) patch.clientIds = [...known, ...newIds];
  if (roles.includes('support')) {
    const external = findExternalRef(input.msg.subject, ticket.ref);
    if (external) patch.externalRef = external;
  }
  const participantChanges: StoreParticipantChange[] = [];
  for (const c of decision.participantChanges) {
    if (c.kind === 'assign') patch.assignee = { email: c.email, name: c.name };
    else if (c.kind === 'add_interested') {
      // #cc never adds our own addresses, and never overrides a person's own #stop.
      const stopped = input.thread.participants.some((p) => p.email === c.email.toLowerCase() && !p.notify);
      if (!isOwnAddress(input, c.email) && !stopped) participantChanges.push({ kind: 'add', person: { email: c.email, name: '' }, role: 'interested' });
    }
    else participantChanges.push({ kind: 'stop', email: c.email });
  }
  if (decision.escalate && input.settings.supportAddress) {
    participantChanges.push({ kind: 'add', person: { email: input.settings.supportAddress, name: 'Support team' }, role: 'support' });
  }
  // Reply-all to a ticket: new Cc'd people join as interested (the guide's "Notify additional
  // people"), but a Cc header is as easy to forge as From: it counts like #cc, only through the
  // sender's signed reply address and for a role that may add people. Those who said #stop stay out.
  if (authenticated && isAllowed('cc', roles) && input.mayAnswer) {
    const onTicket = new Set(input.thread.participants.map((p) => p.email));
    const added = ccPeople(input, [sender.email, ...input.settings.adminEmails, input.settings.supportAddress ?? ''])
      .filter((person) => !onTicket.has(person.email) && !participantChanges.some((c) => c.kind === 'add' && c.person.email === person.email))
      .slice(0, MAX_CC_PEOPLE);
    for (const person of added) participantChanges.push({ kind: 'add', person, role: 'interested' });
  }
  const corrections = (['route', 'topic'] as const)
    .filter((f) => decision.corrections[f])
    .map((field) => ({ field, from: ticket[field] ?? null, to: decision.corrections[field]!, by: sender }));
  const note = decision.note
    ? { author: sender, kind: 'note' as const, body: withUnstoredFiles(decision.note.text, input), stripped: input.quotedText, internal: decision.note.internal }
    : null;
  // What the sender's commands did is for the sender ("Done as you asked"), so only their own
  // mail carries it; everyone else's status mail says what happened in its own words.
  const events: EventSpec[] = decision.events.map((event) => ({
    event,
    actor: sender,
    payload: event === 'command_refused'
      ? { to: sender.email, refusals: decision.refusals, acknowledgements: decision.acknowledgements }
      : {},
    withNote: note !== null && (decision.note?.announcedWith === event || event === 'new_note'),
  }));
  if (!input.mayAnswer) {
    // Never answer automatic-looking mail automatically (RFC 3834): the change itself still
    // happens and others hear of it, but nothing goes back to the sender, not even a confirmation.
    const i = events.findIndex((e) => e.event === 'command_refused');
    if (i >= 0) events.splice(i, 1);
    for (const e of events) e.payload = { ...e.payload, notToActor: true };
  }
  const changed = Object.keys(patch).length > 0 || note !== null || participantChanges.length > 0;
  if (!changed && events.length === 0) return { kind: 'ignore', reason: 'empty-reply', ticketId: ticket.id };
  return {
    kind: 'update',
    ticketId: ticket.id,
    outcome: decision.events.includes('reopened') ? 'reopened' : note ? 'appended' : 'updated',
    patch,
    note,
    attachments: note ? input.msg.attachments : [],
    participantChanges,
    corrections,
    undeliverable: [],
    events,
  };
}

function sameItems(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function decideAutoReply(input: DecideInput): TicketChange {
  const ticket = input.thread.ticket;
  if (!ticket) return { kind: 'ignore', reason: `auto-reply (${input.verdict.reason})`, ticketId: null };
  const who = input.msg.from?.address ?? 'unknown sender';
  return {
    kind: 'update', ticketId: ticket.id, outcome: 'recorded', patch: {},
    note: { author: personOf(input.msg.from), kind: 'auto_reply', body: `Automatic reply from ${who}: ${input.msg.subject || NO_SUBJECT}`, stripped: input.replyText, internal: true },
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
    events: report?.temporary || undeliverable.length === 0 ? [] : [{ event: 'bounce_notice', actor: null, payload: { bounce: { address: undeliverable[0]!.address, diagnostic: undeliverable[0]!.reason } } }],
  };
}

/** Another tracker's own ticket number in a subject (e.g. `[Support #48213]`, `Case 00123`), not ours. */
export function findExternalRef(subject: string, ownRef: string): string | null {
  const cleaned = subject.replace(ownRef, ' ');
  const m = /\[[^\]]*?#\s?(\d{3,})\]|\b(?:case|ticket|request|incident)\s*(?:no\.?|number|#|:)?\s*#?\s*([A-Z0-9-]*\d{3,})\b|#(\d{3,})\b/i.exec(cleaned);
  if (!m) return null;
  return (m[0] ?? '').replace(/^\[|\]$/g, '').trim();
}
