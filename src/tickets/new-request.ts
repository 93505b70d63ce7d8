// Decides the ticket a new request opens, whichever way it came in (a mail, a web form): its
// status from the intake assessment (waiting when information is missing, closed as routed when
// another organisation handles it and it was forwarded there), who joins, and which events
// announce it. A late reply to a closed ticket comes here too, as a follow-up that names the old
// ticket. Pure.
import { MAX_CC_PEOPLE, type FollowUp } from './decide.ts';
import type { EventSpec, PersonRef, TicketChange } from './ticket-change.ts';
import { PRIORITIES, type AttachmentInfo, type Priority, type RoutedTo, type TicketType } from './types.ts';

const NO_SUBJECT = '(no subject)';

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
  routedTo: RoutedTo | null;
  /** For vendor_direct: the sentence telling the user the help desk is their contact. */
  vendorNotice: string | null;
  /** Why the request is urgent, in one line; absent when it is not. */
  urgentReason?: string | null;
  /** Where intake was unsure, with its runner-up ("route: ICA Help Desk, maybe MACCH"); absent when sure. */
  unsure?: string | null;
}

/** A request, as any way in delivers it. */
export interface NewRequest {
  submitter: PersonRef;
  /** The subject as the person wrote it. */
  subject: string;
  /** The subject for the summary (a mail's reply prefixes and our own tag removed). */
  summarySubject: string;
  /** The request's text. */
  text: string;
  attachments: AttachmentInfo[];
  /** A line about files too large to keep, for the note the files hang on. */
  unstoredFilesLine: string | null;
  /** People the request names to keep informed (a mail's To/Cc; our own addresses already left out). */
  copied: PersonRef[];
  /** False for automatic-looking mail (RFC 3834): the ticket is made, but nothing goes back. */
  mayAnswer: boolean;
  /** The intake assessment; null when none was made. */
  intake: IntakeAssessment | null;
  /** Why the sender could not be verified (DMARC failed), or null: nothing is sent or forwarded, admins are told. */
  unverifiedSender?: string | null;
}

/**
 * A follow-up's priority: what the new mail says, but never below the old ticket's (the help desk
 * had judged the same problem so), except that an old emergency alone never makes the new one
 * urgent: urgent is what the new mail says now. Without an old ticket to go by, what the mail says.
 */
function followUpPriority(said: Priority | null, previous: Priority | null): Priority {
  if (said === 'urgent' || previous === null) return said ?? previous ?? 'normal';
  const kept: Priority = previous === 'urgent' ? 'high' : previous;
  if (said === null) return previous;
  return PRIORITIES.indexOf(said) < PRIORITIES.indexOf(kept) ? said : kept;
}

export function decideNewRequest(request: NewRequest, followUp: FollowUp | null = null): TicketChange {
  const sender = request.submitter;
  // A follow-up keeps the old ticket's classification (summary, type, route, topic; a bare one
  // copies nothing); anything else is classified afresh.
  const intake = followUp ? null : request.intake;
  const previous = followUp && !followUp.bare ? followUp.ticket : null;
  // What the mail says now is read as for any request, a follow-up's too: how urgent it is and why
  // ("Tickets that are holding up clients from receiving benefits get the highest priority"), and
  // the client IDs it names, which join the old ticket's so the ticket is found by client.
  const said = request.intake;
  const urgent = said?.priority === 'urgent';
  const unverified = request.unverifiedSender ?? null;
  const subject = request.subject.trim();
  // Mail with a forged From is never forwarded to another organisation: admins look at it first.
  const handledElsewhere = !unverified && intake?.routedTo && (intake.route === 'macch' || intake.route === 'nmis') ? intake.routedTo : null;
  // Closed as routed only when it really goes there. With no address set nothing can be forwarded:
  // the request stays open for the admins ("Issues are initially submitted to UDOH local
  // administrators"), who are told whose it is, so that nobody's request vanishes.
  const routedTo = handledElsewhere?.address ? handledElsewhere : null;
  const passOnByHand = handledElsewhere && !routedTo ? handledElsewhere : null;
  const missing = !handledElsewhere && intake ? intake.missingInfo : [];
  // Waiting for Response only when the submitter was asked ("has been submitted" lists what is
  // missing): mail that may not be answered (a forged From, an autoresponder's) was asked nothing,
  // so it waits for the admins as New, with what it lacks kept on the ticket for them.
  const status = routedTo ? 'closed' : missing.length > 0 && request.mayAnswer ? 'waiting_for_response' : 'new';
  // Copied people are notified of the request ("Notify additional people"); a Cc header costs a
  // sender nothing, so a few at most, and none for mail that may not be answered automatically.
  const interested = request.mayAnswer ? request.copied.slice(0, MAX_CC_PEOPLE) : [];
  const common = {
    missingInfo: intake?.missingQuestions ?? [],
    articles: intake?.articles ?? [],
    reasonText: [intake?.vendorNotice, followUp ? `This request follows up on closed issue ${followUp.ticket.ref}: ${followUp.reason}.` : null].filter(Boolean).join(' ') || undefined,
    otherTicketRef: followUp?.ticket.ref,
  };
  const events: EventSpec[] = [];
  if (request.mayAnswer) {
    // Commands in a late reply were not carried out on the old ticket; the sender hears why.
    const refusals = followUp?.refusals.length ? { refusals: followUp.refusals } : {};
    events.push({ event: routedTo ? 'routed' : 'submitted', actor: sender, payload: { ...common, ...refusals, ...(routedTo ? { routedTo, forwarded: true } : {}) } });
  }
  if (routedTo?.address) {
    // The request itself goes to the organisation, which answers the requester directly.
    events.push({ event: 'forwarded', actor: sender, payload: { to: routedTo.address, routedTo, requesterAddress: sender.email } });
  }
  if (!routedTo) {
    events.push({ event: 'new_ticket_admin', actor: sender, payload: {
      urgent, ...common,
      // The guide: tickets holding up clients from receiving benefits get the highest priority.
      ...(unverified ? { unverifiedSender: unverified } : {}),
      reasonText: [unverified ? `Unverified sender: the From address could not be verified (${unverified}); nothing was sent or forwarded automatically.` : null, urgent ? `URGENT: ${said?.urgentReason ?? 'this request says a client is kept from benefits or services now'}.` : null, passOnByHand ? passOnByHandLine(intake!.route, passOnByHand) : null, intake?.unsure ? `Intake is unsure: ${intake.unsure}.` : null, common.reasonText].filter(Boolean).join(' ') || undefined,
    } });
  }
  return {
    kind: 'create',
    ticket: {
      // A follow-up is about the old ticket's problem, not about our status mail's subject line.
      summary: (intake?.summary ?? previous?.summary ?? request.summarySubject) || NO_SUBJECT,
      originalSubject: subject,
      description: followUp ? followUp.noteText : request.text,
      status,
      resolution: routedTo ? 'routed' : null,
      type: intake?.type ?? previous?.type ?? 'issue',
      priority: followUpPriority(said?.priority ?? null, previous?.priority ?? null),
      route: intake?.route ?? previous?.route ?? null,
      topic: intake?.topic ?? previous?.topic ?? null,
      clientIds: [...new Set([...(previous?.clientIds ?? []), ...(said?.clientIds ?? [])])],
      missingInfo: missing,
      previousTicketId: followUp?.ticket.id ?? null,
      ...(unverified ? { unverifiedSender: unverified } : {}),
    },
    submitter: sender,
    participants: interested.map((person) => ({ person, role: 'interested' as const, addedBy: sender })),
    attachments: request.attachments,
    filesNote: request.unstoredFilesLine ? `Files sent with the request.\n\n${request.unstoredFilesLine}` : 'Files sent with the request.',
    events,
  };
}

/** For the admins: a request that belongs to MACCH or NMIS, which could not be forwarded there. */
function passOnByHandLine(route: string, to: RoutedTo): string {
  const setting = `${route.toUpperCase()}_ADDRESS`;
  return `By the escalation workflow this request belongs with ${to.name}, but no ${setting} is set, so it was not forwarded: it stays open here until it is passed on to ${to.name} by hand or answered here. Replying #route ${route} closes it as routed and tells the requester to contact ${to.name} (and forwards it, once ${setting} is set).`;
}
