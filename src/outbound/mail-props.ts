// Fills a status mail's props from the ticket, the event that announced it, its note and the
// recipient. Pure: the send worker loads the rows and passes them in; everything the template
// shows comes from here. Stored mail text (a note, the request, its subject, a bounce's words) is
// shown without the personal links and signed reply addresses it may quote (tickets/personal-links.ts):
// each acts as the person it was mailed to, and this mail goes to others.
import type { StatusMailProps } from './templates.ts';
import { STATUS_LABELS } from './templates.ts';
import { isAllowed } from '../tickets/permissions.ts';
import { isEscalatable } from '../tickets/escalation.ts';
import { withoutPersonalLinks } from '../tickets/personal-links.ts';
import { ticketLink } from '../tickets/sign-in-link.ts';
import type { ParticipantRole, TicketEvent, TicketStatus } from '../tickets/types.ts';

export interface MailPropsInput {
  event: TicketEvent;
  systemName: string;
  publicUrl: string;
  /** `escalatedAt`: when the ticket was handed to the support team (absent: not yet). */
  ticket: { ref: string; summary: string; status: string; description: string; clientIds: string[]; escalatedAt?: Date | null };
  /** SUPPORT_ADDRESS: the support team a ticket is escalated to (absent or null: none, so no Escalate button). */
  supportAddress?: string | null;
  payload: Record<string, unknown>;
  note: { body: string; internal: boolean } | null;
  files: { filename: string; size: number; stored: boolean }[];
  actor: { email: string; name: string } | null;
  assignee: { email: string; name: string } | null;
  recipient: { email: string; name: string };
  /** The recipient works the ticket (an admin, its assignee, the support team). */
  recipientIsStaff?: boolean;
  /** The recipient's roles on the ticket, an admin's included: the mail offers only the commands they may use. */
  recipientRoles?: readonly ParticipantRole[];
  replyAddress: string;
  /** HELPDESK_ADDRESS: what a signed reply address quoted in stored text becomes. */
  helpdeskAddress: string;
  /** The recipient's own sign-in token: the ticket link offers to sign them in (null: a plain link). */
  signInToken?: string | null;
  /** Who added the recipient to the ticket, given only for the first mail they receive about it. */
  addedBy?: { email: string; name: string } | null;
}

/** The events a new request sends as it is filed (tickets/new-request.ts). */
const OPENING_EVENTS: ReadonlySet<TicketEvent> = new Set(['submitted', 'routed', 'forwarded', 'new_ticket_admin']);

/** The events that ask whom a waiting ticket waits on for their response. */
const ASKING_EVENTS: ReadonlySet<TicketEvent> = new Set(['waiting', 'reminder_waiting']);

const displayName = (p: { email: string; name: string } | null, fallback: string) => (p ? p.name || p.email : fallback);

export function buildMailProps(input: MailPropsInput): StatusMailProps {
  const p = input.payload;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined);
  const roles = input.recipientRoles ?? [];
  // Whom a waiting ticket waits on and whose missing information it is: its submitter, staff or not.
  const recipientIsSubmitter = roles.includes('submitter');
  // What people wrote, as every recipient may see it: a pasted or quoted link of someone's own is
  // not passed on (the recipient's own link and reply address are the template's, below).
  const shown = (text: string) => withoutPersonalLinks(text, input.helpdeskAddress);
  const description = shown(input.ticket.description);
  const props: StatusMailProps = {
    systemName: input.systemName,
    ticketRef: input.ticket.ref,
    summary: shown(input.ticket.summary),
    statusLabel: STATUS_LABELS[input.ticket.status as TicketStatus] ?? input.ticket.status,
    ticketUrl: ticketLink(input.publicUrl, input.ticket.ref, input.signInToken ?? null),
    recipientName: input.recipient.name || input.recipient.email,
    // A waiting ticket waits on its submitter, even one on the staff (an admin's own request): she is
    // asked for her response, and reminded of it, like any requester (tickets/decide.ts isAnswerer).
    forStaff: input.recipientIsStaff === true && !(ASKING_EVENTS.has(input.event) && recipientIsSubmitter),
    // A button whose reply would be refused is not offered (verifying is the submitter's or an admin's,
    // escalating and assigning an admin's, marking fixed the submitter's or of whoever works the ticket).
    mayVerify: isAllowed('verified', roles),
    mayMarkNotFixed: isAllowed('notfixed', roles),
    mayMarkFixed: isAllowed('fixed', roles),
    // Escalating needs a support team and a ticket neither escalated nor closed, as on the ticket page (web/ticket-view.ts).
    mayEscalate: isAllowed('escalate', roles)
      && isEscalatable({ status: input.ticket.status as TicketStatus, escalatedAt: input.ticket.escalatedAt ?? null }, (input.supportAddress ?? null) !== null),
    mayAssign: isAllowed('assign', roles),
    fixAwaitingVerification: input.ticket.status === 'fixed_verify_needed',
    replyAddress: input.replyAddress,
    actorName: displayName(input.actor, input.systemName),
  };
  // The first mail to someone another person added says who did, and how to stop (#stop).
  if (input.addedBy) props.addedBy = input.addedBy.name ? `${input.addedBy.name} <${input.addedBy.email}>` : input.addedBy.email;
  // Mail about a request as it came in rides with the note that carries the request's files (the
  // files are listed below); its text is the request's, not that note's "Files sent with the request."
  // A ticket routed away later by an admin (`#route`) is not mail about the request as it came in:
  // the admin's note rides with it.
  const aboutTheRequest = OPENING_EVENTS.has(input.event) && p.rerouted !== true;
  if (input.note && !aboutTheRequest) {
    props.noteText = shown(input.note.body);
    props.noteInternal = input.note.internal;
  }
  // Mail that hands the whole request to someone (admins, the support team, another organisation) carries the description.
  if (['new_ticket_admin', 'escalated', 'forwarded'].includes(input.event) && props.noteText === undefined) {
    props.noteText = description;
  } else if (input.event === 'escalated' && description) {
    // The note written with the escalation, and under it the request itself.
    props.noteText = `${props.noteText ?? ''}\n\nThe request, as submitted:\n${description}`;
  }
  if (input.event === 'new_note' && props.noteText === undefined) props.noteText = '';
  if (input.assignee) props.assigneeName = displayName(input.assignee, '');
  // Whom a reassignment took the ticket from is told so, not that it is "assigned to" someone as news.
  if (input.event === 'assigned' && typeof p.previousAssignee === 'string' && p.previousAssignee.toLowerCase() === input.recipient.email.toLowerCase()) {
    props.reassignedAway = true;
  }
  if (input.files.length) {
    props.attachments = input.files.map((f) => ({ name: f.stored ? f.filename : `${f.filename} (not stored: over the size limit)`, size: f.size }));
  }
  // What a person's reply did is told to them: an event that goes to everyone (a fix verified by
  // the submitter's note) names whom its acknowledgements are for, and only their mail shows them.
  const acks = strings(p.acknowledgements);
  const acknowledged = typeof p.acknowledgedTo !== 'string' || p.acknowledgedTo.toLowerCase() === input.recipient.email.toLowerCase();
  if (acks?.length && acknowledged) props.acknowledgements = acks;
  if (Array.isArray(p.refusals) && p.refusals.length) props.refusals = p.refusals as StatusMailProps['refusals'];
  const missing = strings(p.missingInfo);
  if (missing?.length) props.missingInfo = missing;
  // What a request lacks is asked of whoever submitted it, staff too (an admin's own request waits on
  // her); the rest of the staff read it as still needed from the requester.
  if (input.recipientIsStaff === true && !recipientIsSubmitter) props.missingFromRequester = true;
  if (Array.isArray(p.articles) && p.articles.length) props.articles = p.articles as StatusMailProps['articles'];
  if (p.routedTo && typeof p.routedTo === 'object') {
    const r = p.routedTo as { name: string; why: string; address?: string | null };
    // Events stored before `forwarded` was recorded were forwarded exactly when an address was set.
    props.routedTo = { name: r.name, why: r.why, forwarded: typeof p.forwarded === 'boolean' ? p.forwarded : Boolean(r.address) };
  }
  if (typeof p.reasonText === 'string' && p.reasonText) props.reasonText = p.reasonText;
  if (typeof p.otherTicketRef === 'string') props.otherTicketRef = p.otherTicketRef;
  if (typeof p.idleDays === 'number') props.idleDays = p.idleDays;
  if (p.bounce && typeof p.bounce === 'object') {
    const bounce = p.bounce as NonNullable<StatusMailProps['bounce']>;
    props.bounce = { ...bounce, diagnostic: typeof bounce.diagnostic === 'string' ? shown(bounce.diagnostic) : bounce.diagnostic };
  }
  if (Array.isArray(p.digest)) props.digest = p.digest as StatusMailProps['digest'];
  if (typeof p.requesterAddress === 'string') props.requesterAddress = p.requesterAddress;
  return props;
}
