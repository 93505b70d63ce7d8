// The one decision every way in calls to change an existing ticket: a reply by mail, a web form
// and the scheduler. `decide(ticket, actor, actions, now, context)` applies the permission table,
// the transition table and the signed-address trust to what the actor asks, and returns the
// TicketChange the ticket store carries out (or says the request belongs in a new ticket).
// Pure: takes `now` and settings as arguments, no I/O.
import { formatCommand, labelChoices, readLabelName, withoutNotFixedPrompt, type CommandProblem, type ReplyCommand } from './commands.ts';
import { joinsVouched, participantLimitsFor, refuseAnotherParticipant } from './participant-limits.ts';
import { describeAllowedRoles, isAllowed } from './permissions.ts';
import { readFixAnswer } from './fix-answer.ts';
import { isHelpdeskAddress } from './reply-address.ts';
import { escalationRefusal } from './escalation.ts';
import { isThanksOnly, saysOnlyItWorks } from './thanks-only.ts';
import { findStaffMember, sameEmail, staffName, type StaffMember } from './staff.ts';
import { foldAddress, sameMailbox } from './mailbox.ts';
import type { Correction, EventSpec, ParticipantChange, PersonRef, TicketChange, TicketPatch } from './ticket-change.ts';
import { isTransitionAllowed, nextStatus, type TransitionAction } from './transitions.ts';
import { FORWARDED_ROUTES, type AttachmentInfo, type ForwardedRoute, type Participant, type ParticipantRole, type RoutedTo, type TicketEvent, type TicketState } from './types.ts';

const DAY_MS = 86_400_000;

/** At most this many people join a ticket from one message's To/Cc headers. */
export const MAX_CC_PEOPLE = 10;

/** The text of a note that is files alone: the ticket page's "Save the note" with files and no text, or such a reply. */
export const FILES_ONLY_NOTE = 'Files added.';

/** Who acts on the ticket. */
export interface Actor {
  email: string;
  name?: string;
  /** The person's id when the way in knows it; trust never rests on it. */
  personId?: number | null;
  /** The actor's roles on this ticket (a proven identity's admin or support standing included). */
  roles: ParticipantRole[];
  /**
   * True only when the actor's identity is proven: a reply through a signed reply address naming
   * this person whose From matches them, or a signed-in web session. Trust rests on this alone.
   */
  authenticated: boolean;
  /** The name comes from mail that proved this person; only such a name may replace a stored one. */
  nameVerified?: boolean;
}

/** What a person's reply or form says about the ticket. */
export interface TicketActions {
  commands: ReplyCommand[];
  /** Lines the command parser could not use; they come back as refusals. */
  problems?: CommandProblem[];
  noteText: string;
  /** The quoted text kept beside the note (mail only). */
  quotedText?: string;
  /** A line about files too large to keep, appended to the note. */
  unstoredFilesLine?: string | null;
  attachments?: AttachmentInfo[];
  /**
   * The reply carries a file its sender sent (attached, or pasted into what they wrote; a
   * signature's logo is none): with no note text, the reply is a note carrying its files; with a
   * thanks, the file is for someone to look at (mayNoteReopen). Absent: judged from `attachments`.
   */
  filesSent?: boolean;
  /** People copied in besides `#cc` (a reply's Cc header); they join like `#cc`. */
  copied?: PersonRef[];
  /** False for automatic-looking mail (RFC 3834): the change happens, but nothing goes back to the actor. */
  mayAnswer?: boolean;
  /** What the intake rules found in the note. */
  assessment?: ReplyAssessment | null;
  /** Another tracker's own number for this ticket, when the support team names one. */
  externalRef?: string | null;
  /**
   * False: a note alone never brings a closed ticket back, nor verifies a fix (the web page's "Save
   * the note", which the guide says "does not change the status of the ticket"; its forms ask for not
   * fixed, a reopen or verified outright). Absent: a reply's note reopens within the window (README),
   * later starts a follow-up, unless it only thanks (mayNoteReopen); and the submitter's that says a
   * fix works verifies it (applyVerifiedByNote).
   */
  noteReopens?: boolean;
}

/** What the intake rules find in a reply on an existing ticket. */
export interface ReplyAssessment {
  /** The items the ticket waits for that the reply still leaves out; null when it waits for nothing. */
  stillMissing: string[] | null;
  /** Client IDs the reply names. */
  clientIds: string[];
}

/** What the scheduler found due (see `decideScheduled`). */
export interface ScheduledActions {
  scheduled: ScheduledAction;
  idleDays: number;
  /** What a waiting ticket waits on, which its reminder quotes (absent: nothing to quote). */
  question?: WaitingQuestion | null;
}

/**
 * What the reminder of a ticket Waiting for Response quotes: the public note that set it waiting
 * (`#waiting` with a note), or the sentences asking for the information it still lacks.
 */
export interface WaitingQuestion {
  noteId: number | null;
  missingInfo: string[];
}

/**
 * What a ticket Waiting for Response waits on now, for its reminder. The staff's question when the
 * latest `#waiting` carried one (`askedNoteId`): it is what they want answered, whatever intake had
 * asked before. Otherwise the information the ticket still lacks as it holds it now (its
 * `missingInfo`, which a public note that supplies an item clears: the submitter's answer, a note of
 * the staff's), each item asked for in `askFor`'s words (the intake rules', as the "has been
 * submitted" asked it), so nothing given since is asked for again. With neither, null: the reminder
 * says the ticket still waits for an answer and links to it, with no list.
 */
export function waitingQuestionOf(ticket: Pick<TicketState, 'missingInfo'>, askedNoteId: number | null, askFor: (item: string) => string | null): WaitingQuestion | null {
  if (askedNoteId !== null) return { noteId: askedNoteId, missingInfo: [] };
  // An item `askFor` no longer knows (null) is left out rather than asked for by its key.
  const missing = (ticket.missingInfo ?? []).map(askFor).filter((asked): asked is string => asked !== null);
  return missing.length > 0 ? { noteId: null, missingInfo: missing } : null;
}

export interface DecideContext {
  participants: Participant[];
  /**
   * The addresses of people staff took off the ticket ("Stop updating this person"): only staff add
   * them again (#cc, the page); anyone else's #cc is refused and a Cc header leaves them out. Absent: none.
   */
  removedByStaff?: readonly string[];
  /**
   * The addresses of people not on the ticket who said #stop on it (an admin, who hears of it as an
   * admin; an assignee since taken off it by a reassignment, stopKeptFromReassignment): a stop of
   * their own, undone by them alone or by the ticket assigned to them. Absent: none.
   */
  muted?: readonly string[];
  /** Local admins and support, for #assign. */
  staff: StaffMember[];
  reopenDays: number;
  helpdeskAddress: string;
  supportAddress: string | null;
  /** Who handles MACCH's and NMIS's requests and where they are forwarded: `#route macch` on an open ticket sends it there. */
  routes?: Partial<Record<ForwardedRoute, RoutedTo>>;
  /**
   * The newest open ticket that follows up on this closed one (an earlier late reply opened it): a
   * reply that would open another follow-up is a note on it instead (noteOnOpenFollowUp). Absent or
   * null: there is none, or the newest is closed, and a late reply opens a follow-up as ever.
   */
  openFollowUp?: OpenFollowUp | null;
}

/** An open ticket that follows up on a closed one, with what a reply on it is decided with. */
export interface OpenFollowUp {
  ticket: TicketState;
  participants: Participant[];
  /** As DecideContext.removedByStaff, for this ticket. */
  removedByStaff?: readonly string[];
  /** As DecideContext.muted, for this ticket. */
  muted?: readonly string[];
  /** What the intake rules find in the reply, read against this ticket (TicketActions.assessment). */
  assessment?: ReplyAssessment | null;
}

/** A reply that belongs in a new ticket; a follow-up names the closed ticket it came too late for. */
export interface NewTicketInstead {
  kind: 'new_ticket';
  followUp: FollowUp | null;
}

export interface FollowUp {
  ticket: TicketState;
  reason: string;
  refusals: Refusal[];
  noteText: string;
  /** The mail proves nothing about its sender: the new ticket copies nothing from the old one and adds nobody. */
  bare?: boolean;
}

export type TicketDecision = TicketChange | NewTicketInstead;

export function decide(ticket: TicketState, actor: Actor, actions: TicketActions, now: Date, context: DecideContext): TicketDecision;
export function decide(ticket: TicketState, actor: null, actions: ScheduledActions, now: Date): TicketChange;
export function decide(ticket: TicketState, actor: Actor | null, actions: TicketActions | ScheduledActions, now: Date, context?: DecideContext): TicketDecision {
  if ('scheduled' in actions) return decideScheduledChange(ticket, actions, now);
  if (actor === null || context === undefined) throw new TypeError('a person\'s actions need an actor and a context');
  // Only someone with a role on the ticket may write into it; anyone else starts their own. A
  // proven identity without one is such a stranger too: a person removed from the ticket, whose
  // signed reply address still names it.
  if (actor.roles.length === 0) return { kind: 'new_ticket', followUp: null };
  const rules = decideReplyActions({
    ticket, participants: context.participants, removedByStaff: context.removedByStaff, muted: context.muted, helpdeskAddress: context.helpdeskAddress, actor, commands: actions.commands, problems: actions.problems,
    noteText: noteTextOf(actions), staff: context.staff, now, reopenDays: context.reopenDays, supportAddress: context.supportAddress,
    routes: context.routes, noteReopens: mayNoteReopen(ticket, actions), noteVerifies: actions.noteReopens !== false && !sendsFiles(actions),
  });
  // Outcomes are logged: a code, never the rules' sentence (it names the sender).
  if (rules.kind === 'ignore') return { kind: 'ignore', reason: 'empty-reply', ticketId: ticket.id };
  if (rules.kind === 'open_new_ticket') {
    const noted = context.openFollowUp ? noteOnOpenFollowUp(ticket, actor, actions, rules.noteText, now, context, context.openFollowUp) : null;
    return noted ?? { kind: 'new_ticket', followUp: { ticket, reason: rules.reason, refusals: rules.refusals, noteText: rules.noteText } };
  }
  return toTicketChange(ticket, actor, actions, rules, context);
}

/**
 * A reply too late for its closed ticket, when an earlier one already opened a follow-up that is
 * still open (the requester answering the same old mail twice, a colleague on the old thread): one
 * problem, one ticket. What was written is a note on the follow-up, decided as that reply on it is
 * (its people hear of it as of any note), never a second follow-up with a second "has been
 * submitted". Its commands were meant for the closed ticket and are carried out on neither: the
 * sender is told where the words went. Someone from the old ticket not on the follow-up joins it
 * (interested), as their own reply through their own status mail proves them; mail that proves
 * nothing writes only into a follow-up its sender is already on, and a person staff took off the
 * follow-up is not brought back by it: either opens a follow-up of its own, as before. Null: the
 * reply opens a follow-up.
 */
function noteOnOpenFollowUp(closed: TicketState, actor: Actor, actions: TicketActions, noteText: string, now: Date, context: DecideContext, open: OpenFollowUp): TicketChange | null {
  const next = open.ticket;
  if (next.status === 'closed' || next.id === closed.id) return null;
  if ((open.removedByStaff ?? []).some((e) => sameMailbox(e, actor.email))) return null;
  const roles = [...new Set(open.participants.filter((p) => sameEmail(p.email, actor.email)).map((p) => p.role))];
  const joins = roles.length === 0;
  if (joins && !actor.authenticated) return null;
  const email = actor.email.toLowerCase();
  const participants: Participant[] = joins
    ? [...open.participants, { personId: actor.personId ?? 0, email, name: actor.name ?? '', role: 'interested', notify: true }]
    : open.participants;
  // Proven commands are refused with where the words went; unproven ones as on any ticket (decideUntrusted).
  const reason = `ticket ${closed.ref} was closed more than ${context.reopenDays} days ago, so what you wrote was added to ${next.ref}, which follows up on it`;
  const moved = actor.authenticated ? actions.commands.map((c) => ({ line: formatCommand(c), reason })) : [];
  const decided = decide(next, { ...actor, roles: joins ? ['interested'] : roles }, {
    ...actions, noteText,
    commands: actor.authenticated ? [] : actions.commands,
    problems: [...(actions.problems ?? []), ...moved],
    assessment: open.assessment ?? null,
    externalRef: null,
  }, now, { ...context, participants, removedByStaff: open.removedByStaff ?? [], muted: open.muted ?? [], openFollowUp: null });
  if (decided.kind !== 'update' || decided.note === null) return null;
  if (!joins) return decided;
  // They wrote it themselves, through their own status mail: vouched for, as writing on a ticket makes anyone.
  const join: ParticipantChange = { kind: 'add', person: { email, name: actor.name ?? '', ...(actor.nameVerified ? { nameVerified: true } : {}) }, role: 'interested', vouched: true };
  return { ...decided, participantChanges: [join, ...decided.participantChanges] };
}

/**
 * The note's text: what the person typed, or for a reply of files alone (the screenshot the help
 * desk asked for), FILES_ONLY_NOTE. Files ride on notes (the guide: "attach another file if you
 * need to upload more documentation"), so such a reply counts as any note does. The question the
 * "Mark as not fixed" button writes, left unanswered, is no text: the file says what is still wrong.
 */
function noteTextOf(actions: TicketActions): string {
  const typed = actions.commands.some((c) => c.kind === 'notfixed') ? withoutNotFixedPrompt(actions.noteText) : actions.noteText;
  return actions.filesSent && typed.trim() === '' ? FILES_ONLY_NOTE : actions.noteText;
}

/**
 * Whether the reply's note alone may bring a closed ticket back (TicketActions.noteReopens). One that
 * only thanks or says it works ("Thank you so much!", "Works now, thanks", "Thanks, will contact
 * MACCH.": tickets/thanks-only.ts) does not, nor starts a follow-up: the guide's "has been verified as
 * fixed, the ticket is closed, and no more action is needed". It stays a note on the closed ticket,
 * announced as any note is, so the staff's next close is not undone by the "Thanks" it gets (but the
 * submitter's that says a fix closed unverified works verifies it: applyVerifiedByNote). Files
 * with it are for someone to look at: such a reply reopens as any other does.
 */
function mayNoteReopen(ticket: TicketState, actions: TicketActions): boolean | undefined {
  if (ticket.status !== 'closed' || actions.noteReopens === false) return actions.noteReopens;
  return !sendsFiles(actions) && isThanksOnly(actions.noteText) ? false : actions.noteReopens;
}

/** Whether the reply sends files: not the images shown inline in a signature (TicketActions.filesSent). */
const sendsFiles = (actions: TicketActions): boolean => actions.filesSent ?? (actions.attachments ?? []).some((f) => !f.inline);

/** The change the rules' outcome makes: the patch, who joins or leaves, the note and the events. */
function toTicketChange(ticket: TicketState, actor: Actor, actions: TicketActions, rules: RulesOutcome, context: DecideContext): TicketChange {
  const by: PersonRef = { email: actor.email, name: actor.name ?? '', ...(actor.nameVerified ? { nameVerified: true } : {}) };
  const patch = patchOf(ticket, actor, actions, rules);
  const participantChanges = [...participantChangesOf(actor, actions, rules, context), ...stopKeptFromReassignment(ticket, rules, context.participants)];
  const corrections: Correction[] = (['route', 'topic'] as const)
    .filter((f) => rules.corrections[f])
    .map((field) => ({ field, from: ticket[field] ?? null, to: rules.corrections[field]!, by }));
  const note = rules.note
    ? { author: by, kind: 'note' as const, body: withLine(rules.note.text, actions.unstoredFilesLine), stripped: actions.quotedText ?? '', internal: rules.note.internal }
    : null;
  const events = eventsOf(by, actions, rules, note !== null, context.participants, previousAssigneeOf(ticket, rules, context.participants));
  const changed = Object.keys(patch).length > 0 || note !== null || participantChanges.length > 0;
  if (!changed && events.length === 0) return { kind: 'ignore', reason: 'empty-reply', ticketId: ticket.id };
  return {
    kind: 'update',
    ticketId: ticket.id,
    outcome: rules.events.includes('reopened') ? 'reopened' : note ? 'appended' : 'updated',
    patch,
    note,
    attachments: note ? (actions.attachments ?? []) : [],
    participantChanges,
    corrections,
    undeliverable: [],
    events,
    acknowledgements: rules.acknowledgements,
  };
}

function patchOf(ticket: TicketState, actor: Actor, actions: TicketActions, rules: RulesOutcome): TicketPatch {
  const patch: TicketPatch = {};
  const after = rules.ticket;
  if (after.status !== ticket.status) patch.status = after.status;
  if (after.resolution !== ticket.resolution) patch.resolution = after.resolution;
  if (after.type !== ticket.type) patch.type = after.type;
  if (after.priority !== ticket.priority) patch.priority = after.priority;
  if (rules.escalate) patch.escalated = true;
  if (rules.corrections.route) patch.route = rules.corrections.route;
  if (rules.corrections.topic) patch.topic = rules.corrections.topic;
  // A public note that supplies what the help desk asked for clears those items.
  const remaining = actions.assessment?.stillMissing;
  if (remaining && rules.note && !rules.note.internal && !sameItems(remaining, ticket.missingInfo ?? [])) patch.missingInfo = remaining;
  // Client IDs named in a note join the ticket's, so it can be found by client (the guide's summaries).
  const known = ticket.clientIds ?? [];
  const newIds = rules.note ? (actions.assessment?.clientIds ?? []).filter((id) => !known.includes(id)) : [];
  if (newIds.length) patch.clientIds = [...known, ...newIds];
  if (actor.roles.includes('support') && actions.externalRef) patch.externalRef = actions.externalRef;
  if (rules.assignee) patch.assignee = rules.assignee;
  return patch;
}

function participantChangesOf(actor: Actor, actions: TicketActions, rules: RulesOutcome, context: DecideContext): ParticipantChange[] {
  const { participants, supportAddress } = context;
  const changes: ParticipantChange[] = [];
  for (const c of rules.participantChanges) {
    // #cc never adds our own addresses, and never overrides a person's own #stop (nor under a +tag of their address).
    const stopped = c.kind === 'add' && (participants.some((p) => sameMailbox(p.email, c.person.email) && !p.notify) || isMuted(context.muted, c.person.email));
    if (c.kind !== 'add' || (!isHelpdeskAddress(context.helpdeskAddress, c.person.email) && !stopped)) changes.push(c);
  }
  // Writing on the ticket through one's own signed address ends the wait for a voucher.
  const self = actor.authenticated ? participants.find((p) => p.vouched === false && sameEmail(p.email, actor.email)) : undefined;
  if (self) changes.push({ kind: 'vouch', email: self.email });
  if (rules.escalate && supportAddress) {
    changes.push({ kind: 'add', person: { email: supportAddress, name: 'Support team' }, role: 'support' });
  }
  // Reply-all to a ticket: new Cc'd people join as interested (the guide's "Notify additional
  // people"), but a Cc header is as easy to forge as From: it counts like #cc, only for a proven
  // identity with a role that may add people. Those who said #stop stay out, and so do those staff
  // took off the ticket, whom only staff's #cc brings back; an address that reaches the same inbox
  // (`bob+x@` for `bob@`) is the same person.
  if (actor.authenticated && isAllowed('cc', actor.roles) && actions.mayAnswer !== false) {
    const onTicket = new Set([...participants.map((p) => p.email), ...(context.removedByStaff ?? []), ...(context.muted ?? [])].map(foldAddress));
    // The Cc header shares the reply's and the ticket's allowance with #cc.
    const limits = participantLimitsFor(actor.roles);
    const addedByCommands = changes.filter((c) => c.kind === 'add' && c.role === 'interested').length;
    const room = Math.max(0, Math.min(limits.perReply - addedByCommands, limits.perTicket - participants.length - addedByCommands));
    const added = (actions.copied ?? [])
      .filter((person) => !onTicket.has(foldAddress(person.email)) && !changes.some((c) => c.kind === 'add' && c.person.email === person.email))
      .slice(0, Math.min(MAX_CC_PEOPLE, room));
    const by: PersonRef = { email: actor.email, name: actor.name ?? '' };
    for (const person of added) changes.push({ kind: 'add', person, role: 'interested', vouched: joinsVouched(actor.roles, actor.email, person.email), by });
  }
  return changes;
}

/**
 * Who held the ticket until this change gave it to someone else, to be told it was taken from them
 * (the `assigned` mail's audience is read from the ticket after the change, which no longer names
 * them). Null when nobody held it, when it ends with the same person, or when they had stopped its
 * updates (#stop), which stays theirs (stopKeptFromReassignment).
 */
function previousAssigneeOf(ticket: TicketState, rules: RulesOutcome, participants: Participant[]): string | null {
  const previous = ticket.assigneeEmail;
  if (!previous || !rules.events.includes('assigned') || sameEmail(previous, rules.ticket.assigneeEmail)) return null;
  if (participants.some((p) => sameEmail(p.email, previous) && !p.notify)) return null;
  return previous.toLowerCase();
}

/**
 * The stop of whom this change takes the ticket from, kept: a person's #stop stays theirs whatever
 * becomes of the assignment. The assignee row that carried it leaves the ticket with the change, and
 * they, staff, would hear of the ticket again as an admin (an urgent ticket, one nobody works); so
 * when no other row of theirs carries it, the change says it again, and it stays as the stop of
 * someone not on the ticket (DecideContext.muted), which their own #cc or the ticket assigned to them
 * again ends. Nothing when they had not stopped.
 */
function stopKeptFromReassignment(ticket: TicketState, rules: RulesOutcome, participants: Participant[]): ParticipantChange[] {
  const previous = ticket.assigneeEmail;
  if (!previous || !rules.assignee || sameEmail(previous, rules.assignee.email)) return [];
  const theirs = participants.filter((p) => sameEmail(p.email, previous));
  const stoppedAsAssignee = theirs.some((p) => p.role === 'assignee' && !p.notify);
  const keptElsewhere = theirs.some((p) => p.role !== 'assignee');
  return stoppedAsAssignee && !keptElsewhere ? [{ kind: 'stop', email: previous.toLowerCase() }] : [];
}

function eventsOf(by: PersonRef, actions: TicketActions, rules: RulesOutcome, hasNote: boolean, participants: Participant[], previousAssignee: string | null): EventSpec[] {
  // An open ticket routed by an admin goes to the organisation as intake would have sent it: the
  // request itself, with Reply-To the requester, so the organisation answers them directly.
  const requester = participants.find((p) => p.role === 'submitter');
  const forwardTo = rules.forward?.address && requester ? rules.forward.address : null;
  // What the actor's commands did is for the actor ("Done as you asked"), so only their own
  // mail carries it; everyone else's status mail says what happened in its own words.
  const payloadOf = (event: TicketEvent): Record<string, unknown> => {
    if (event === 'command_refused') return { to: by.email, refusals: rules.refusals, acknowledgements: rules.acknowledgements };
    // `rerouted`: routed by a person after the ticket was opened, so the note with it is theirs, not the request's.
    // `forwarded`: the requester reads "has been forwarded" only when it was; else whom to contact.
    if (event === 'routed' && rules.forward) return { routedTo: rules.forward, rerouted: true, forwarded: forwardTo !== null };
    // `previousAssignee`: whom a reassignment took the ticket from, who hears of it in words for them.
    if (event === 'assigned' && previousAssignee) return { previousAssignee };
    // A fix verified by the submitter's note, not by her command (applyVerifiedByNote): the verified
    // mail, hers among everyone's, tells her alone how her note was read and how to say otherwise
    // (a refusal's mail tells her when there is one).
    if (event === 'verified' && !actions.commands.some((c) => c.kind === 'verified') && rules.refusals.length === 0) {
      return { acknowledgedTo: by.email, acknowledgements: rules.acknowledgements };
    }
    return {};
  };
  // The support team reads the note in the escalation mail of this reply: the mail that carries it
  // to everyone else (a new note's, or the status mail it rides in: "has been reopened") is not theirs.
  const spareSupport = (event: TicketEvent): boolean => rules.escalate && event !== 'escalated' && event === rules.note?.announcedWith;
  const events: EventSpec[] = rules.events.map((event) => ({
    event,
    actor: by,
    payload: spareSupport(event) ? { ...payloadOf(event), notToSupport: true } : payloadOf(event),
    // The escalation mail, to the support team only, also carries the note written with it: the
    // question it is escalated with is for them, whichever mail announces the note to the rest.
    withNote: hasNote && (rules.note?.announcedWith === event || event === 'new_note' || event === 'escalated'),
  }));
  if (forwardTo && rules.forward && requester) {
    // The other organisation gets the request as it came in, never the note routing it away: that
    // note is the help desk's (internal, often), and its files are not the request's.
    events.push({ event: 'forwarded', actor: by, payload: { to: forwardTo, routedTo: rules.forward, requesterAddress: requester.email }, withNote: false });
  }
  if (actions.mayAnswer !== false) return events;
  // Never answer automatic-looking mail automatically (RFC 3834): the change itself still
  // happens and others hear of it, but nothing goes back to the sender, not even a confirmation.
  return events.filter((e) => e.event !== 'command_refused').map((e) => ({ ...e, payload: { ...e.payload, notToActor: true } }));
}

/** What the scheduler's due action does to the ticket, announced once per ticket and day. */
function decideScheduledChange(ticket: TicketState, actions: ScheduledActions, now: Date): TicketChange {
  const day = now.toISOString().slice(0, 10);
  const base = { kind: 'update' as const, ticketId: ticket.id, outcome: 'updated' as const, note: null, attachments: [], participantChanges: [], corrections: [], undeliverable: [] };
  const question = actions.scheduled === 'reminder_waiting' ? actions.question : null;
  const announce = (event: TicketEvent): EventSpec[] => [{
    event, actor: null, payload: { idleDays: actions.idleDays, ...(question?.missingInfo.length ? { missingInfo: question.missingInfo } : {}) },
    dedupeKey: `${event}:${ticket.id}:${day}`, ...(question?.noteId ? { noteId: question.noteId } : {}),
  }];
  if (actions.scheduled !== 'auto_close') return { ...base, patch: { remindedAt: now }, events: announce(actions.scheduled) };
  const moved = nextStatus(ticket, 'auto_close');
  if (moved.kind === 'illegal') return { kind: 'ignore', reason: 'not-due', ticketId: ticket.id };
  return { ...base, patch: { status: moved.status, resolution: moved.resolution }, events: announce(moved.event) };
}

function withLine(text: string, line: string | null | undefined): string {
  return line ? `${text}\n\n${line}` : text;
}

function sameItems(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

// ---- The rules: what a reply's commands and note do, one piece per concern ----

export interface ReplyInput {
  ticket: TicketState;
  participants: Participant[];
  /** People staff took off the ticket (DecideContext.removedByStaff). */
  removedByStaff?: readonly string[];
  /** People not on the ticket who said #stop on it (DecideContext.muted). */
  muted?: readonly string[];
  /** HELPDESK_ADDRESS: it and its signed reply addresses are never added to a ticket. Absent: not checked here. */
  helpdeskAddress?: string;
  actor: Actor;
  commands: ReplyCommand[];
  noteText: string;
  staff: StaffMember[];
  now: Date;
  reopenDays: number;
  /** Lines the command parser could not use; they come back as refusals. */
  problems?: CommandProblem[];
  /** The support team's address (SUPPORT_ADDRESS); null: there is no team to escalate to. */
  supportAddress?: string | null;
  /** Who handles a request routed to MACCH or NMIS, and where it is forwarded. */
  routes?: Partial<Record<ForwardedRoute, RoutedTo>>;
  /** False: the note alone never reopens a closed ticket nor verifies a fix (TicketActions.noteReopens). */
  noteReopens?: boolean;
  /**
   * False: the note alone never verifies a fix (TicketActions.noteReopens false). Absent: as
   * `noteReopens` says. A note that only thanks does not reopen a closed ticket (mayNoteReopen) but
   * may still verify a fix closed unverified (applyVerifiedByNote). Files sent with the note are for
   * someone to look at ("It works now, thanks." with error.png): it does not verify, so on a closed
   * fix the reply reopens it as "Thanks!" with a file does, and on a fix awaiting verification it is
   * a note for whoever works the ticket.
   */
  noteVerifies?: boolean;
}

export interface NoteToAdd {
  text: string;
  /** Only admins, the support team and the assignee see an internal note. */
  internal: boolean;
  /** The announced event whose status mail shows the note text. */
  announcedWith: TicketEvent;
}

export interface Refusal {
  /** The command as typed (`#fixed`), or the line the parser could not use. */
  command: string;
  reason: string;
}

export interface RulesOutcome {
  kind: 'update';
  /** The ticket after the reply; equal to the input when `ticketChanged` is false. */
  ticket: TicketState;
  ticketChanged: boolean;
  note: NoteToAdd | null;
  /** The new assignee, when `#assign` moved the ticket. */
  assignee: PersonRef | null;
  participantChanges: ParticipantChange[];
  escalate: boolean;
  corrections: { route: string | null; topic: string | null };
  /** Set when `#route` sent an open ticket to another organisation (closed as routed). */
  forward: RoutedTo | null;
  /** In order; `command_refused` (to the sender) is last when anything was refused. */
  events: TicketEvent[];
  acknowledgements: string[];
  refusals: Refusal[];
}

export type ReplyDecision =
  | RulesOutcome
  | {
      /** The reply came too late (or untrusted) for a closed ticket: start a new one naming the old. */
      kind: 'open_new_ticket';
      previousTicketId: number;
      previousTicketRef: string;
      reason: string;
      noteText: string;
      refusals: Refusal[];
    }
  | { kind: 'ignore'; reason: string };

export const UNAUTHENTICATED_REASON =
  'commands are only accepted from replies to your own status mail (its signed reply address) sent from your own address';

/** The rules' answer to a reply: which commands are obeyed or refused, the note, the events. */
export function decideReplyActions(input: ReplyInput): ReplyDecision {
  const { ticket, participants, actor, commands, now, reopenDays } = input;
  const noteText = input.noteText.trim();
  const refusals: Refusal[] = (input.problems ?? []).map((p) => ({ command: p.line, reason: p.reason }));
  // The reply said #internal in a form it does not take (`#internal note`, `#interal`, under "Becky,"):
  // its note was meant for staff, so it is added for no one, as a refused #internal's is.
  const withheld = (input.problems ?? []).some((p) => p.withholdsNote === true);

  if (!isParticipant(actor, participants)) {
    return { kind: 'ignore', reason: `${actor.email} is not a participant of ticket ${ticket.ref}; only participants may add notes` };
  }
  if (commands.length === 0 && noteText === '' && refusals.length === 0) {
    return { kind: 'ignore', reason: 'the reply has neither commands nor note text' };
  }
  // The caller vouches for `authenticated` (token valid, names this person, From matches).
  if (!actor.authenticated) return decideUntrusted(input, noteText, refusals, withheld);

  const closedAtStart = ticket.status === 'closed';
  const withinReopenWindow = !closedAtStart || isWithinReopenWindow(ticket, now, reopenDays);
  // Too late to bring the ticket back: what would have reopened it starts a follow-up instead; but
  // not a reply whose commands ask for the ticket closed or left alone (#verified, #close, #stop:
  // applyImpliedMoves), which is answered on the closed ticket, nor the not-fixed prompt sent as it
  // came, with nothing written under it (applyNotFixed asks for what is still wrong).
  const asksBack = commands.some((c) => c.kind === 'notfixed' || c.kind === 'reopen');
  const wantsItLeft = commands.some((c) => c.kind === 'verified' || c.kind === 'close' || c.kind === 'stop');
  const wouldReopen = asksBack || (input.noteReopens !== false && !wantsItLeft);
  const written = commands.some((c) => c.kind === 'notfixed') ? withoutNotFixedPrompt(noteText).trim() : noteText;
  if (closedAtStart && !withinReopenWindow && !isStaff(actor.roles) && written !== '' && !withheld && wouldReopen) {
    const reason = `ticket ${ticket.ref} was closed more than ${reopenDays} days ago, so this reply starts a new ticket that names it`;
    return {
      kind: 'open_new_ticket', previousTicketId: ticket.id, previousTicketRef: ticket.ref, reason, noteText,
      refusals: [...refusals, ...commands.map((c) => ({ command: formatCommand(c), reason }))],
    };
  }

  const work = startWork(input, noteText, refusals, withinReopenWindow);
  work.noteDropped = withheld;
  applyInternal(work, commands.find((c) => c.kind === 'internal'));
  for (const command of commands) {
    if (command.kind === 'internal') continue;
    if (!isAllowed(command.kind, actor.roles) && !isCcOfSelf(command, actor)) {
      if (!applyNotFixedAsReopen(work, command)) work.refuse(command, `only ${describeAllowedRoles(command.kind)} may use #${command.kind} on this ticket`);
      continue;
    }
    applyCommand(work, command);
  }
  applyImpliedMoves(work);
  applyVerifiedByNote(work);
  applyImpliedResume(work);
  return finish(work);
}

/**
 * `#cc` of one's own address: like `#stop`, it acts on the sender alone (their own updates back on
 * after a stop of theirs), so anyone on the ticket may say it, not only who may add people.
 */
function isCcOfSelf(command: ReplyCommand, actor: Actor): boolean {
  return command.kind === 'cc' && sameEmail(command.email, actor.email);
}

/** The reply's working state while its commands are applied in order. */
interface Work {
  input: ReplyInput;
  noteText: string;
  state: TicketState;
  closedAtStart: boolean;
  withinReopenWindow: boolean;
  internal: boolean;
  noteDropped: boolean;
  assignee: PersonRef | null;
  participantChanges: ParticipantChange[];
  statusEvents: TicketEvent[];
  acknowledgements: string[];
  refusals: Refusal[];
  corrections: { route: string | null; topic: string | null };
  forward: RoutedTo | null;
  escalate: boolean;
  refuse(command: ReplyCommand, reason: string): void;
  /** Moves the ticket by the transition table; false (and refused) when the move is not allowed. */
  move(command: ReplyCommand, action: TransitionAction): boolean;
}

function startWork(input: ReplyInput, noteText: string, refusals: Refusal[], withinReopenWindow: boolean): Work {
  const work: Work = {
    input, noteText, state: { ...input.ticket }, closedAtStart: input.ticket.status === 'closed', withinReopenWindow,
    internal: false, noteDropped: false, assignee: null, participantChanges: [], statusEvents: [], acknowledgements: [], refusals,
    corrections: { route: null, topic: null }, forward: null, escalate: false,
    refuse: (command, reason) => { refusals.push({ command: formatCommand(command), reason }); },
    move: (command, action) => {
      const result = nextStatus(work.state, action);
      if (result.kind === 'illegal') {
        work.refuse(command, result.reason);
        return false;
      }
      work.state.status = result.status;
      work.state.resolution = result.resolution;
      work.state.closedAt = result.status === 'closed' ? input.now : null;
      work.statusEvents.push(result.event);
      return true;
    },
  };
  return work;
}

/** #internal first: it decides whether the note may be added at all. */
function applyInternal(work: Work, command: ReplyCommand | undefined): void {
  if (!command) return;
  if (!isAllowed('internal', work.input.actor.roles)) {
    work.refuse(command, `only ${describeAllowedRoles('internal')} may write internal notes; the note was not added, so it is not shown to anyone`);
    work.noteDropped = true;
  } else if (work.noteText === '') {
    work.refuse(command, '#internal marks the note below the commands as internal, but the reply has no note');
  } else {
    work.internal = true;
    work.acknowledgements.push('The note is internal: only admins and the support team see it.');
  }
}

/** Commands that only move the ticket, and what the actor is told when they did. */
const MOVES: Partial<Record<ReplyCommand['kind'], { action: TransitionAction; done: string }>> = {
  fixed: { action: 'fixed', done: 'Marked as fixed; the submitter is asked to verify the fix.' },
  verified: { action: 'verified', done: 'Marked as verified; the ticket is closed.' },
  close: { action: 'close', done: 'Closed the ticket.' },
  waiting: { action: 'waiting', done: 'The ticket is waiting for a response from the submitter.' },
};

/** One permitted command: its effect on the working state, or its refusal. */
function applyCommand(work: Work, command: ReplyCommand): void {
  const { state, acknowledgements: acks } = work;
  if (command.kind === 'verified' && state.status === 'closed') return applyVerifiedAfterClose(work, command);
  const move = MOVES[command.kind];
  if (move) {
    if (work.move(command, move.action)) acks.push(move.done);
    return;
  }
  switch (command.kind) {
    case 'assign':
      return applyAssign(work, command);
    case 'notfixed':
    case 'reopen':
      return applyBackToWork(work, command);
    case 'priority':
      if (state.priority === command.value) {
        work.refuse(command, `the priority is already ${command.value}`);
      } else {
        state.priority = command.value;
        acks.push(`Priority set to ${command.value}.`);
      }
      return;
    case 'type':
      if (state.type === command.value) {
        work.refuse(command, `the ticket is already a ${command.value}`);
      } else {
        state.type = command.value;
        acks.push(`Type set to ${command.value}.`);
      }
      return;
    case 'escalate':
      return applyEscalate(work, command);
    case 'cc':
      return applyCc(work, command);
    case 'stop':
      work.participantChanges.push({ kind: 'stop', email: work.input.actor.email.toLowerCase() });
      acks.push('You will no longer receive updates on this ticket.');
      return;
    case 'route':
      return applyRoute(work, command);
    case 'topic': {
      // The web's form sends the name as typed, unchecked; a name intake does not know is no label to learn from.
      const topic = readLabelName('topic', command.value);
      if (!topic) return work.refuse(command, labelChoices('topic'));
      work.corrections.topic = topic;
      acks.push(`Topic corrected to ${topic}.`);
      return;
    }
    default:
      return;
  }
}

/**
 * #route corrects the intake's route; routed to MACCH or NMIS while the ticket is open, the
 * request goes there (escalation-workflow: those topics are theirs): closed as routed, the
 * requester told who handles it and why, the request forwarded when the organisation's address is
 * set, and otherwise the requester told to contact it (the admin decided so, knowing nothing was
 * forwarded). That holds when the ticket's route already names the organisation: intake stores
 * macch on a request it could not forward (no MACCH_ADDRESS), leaves it open and asks the admins
 * to pass it on, and the admin's `#route macch` is how they do. A ticket already closed (routed or
 * not) or marked fixed keeps its status. The web's form sends an unchanged route only when asked
 * to (web/ticket-actions.ts).
 */
function applyRoute(work: Work, command: Extract<ReplyCommand, { kind: 'route' }>): void {
  // The web's form sends the name as typed; mail commands are read already.
  const value = readLabelName('route', command.value);
  if (!value) return work.refuse(command, labelChoices('route'));
  work.corrections.route = value;
  const target = (FORWARDED_ROUTES as readonly string[]).includes(value) ? work.input.routes?.[value as ForwardedRoute] : undefined;
  if (!target || !isTransitionAllowed(work.state.status, 'forward')) {
    work.acknowledgements.push(`Route corrected to ${value}.`);
    return;
  }
  if (!work.move(command, 'forward')) return;
  work.forward = target;
  work.acknowledgements.push(target.address
    ? `Route corrected to ${value}: the request was forwarded to ${target.name} (${target.address}) and the ticket closed as routed; the requester is told who handles it.`
    : `Route corrected to ${value}: the ticket is closed as routed and the requester is told to contact ${target.name} (no address is set for ${target.name}, so nothing was forwarded).`);
}

function applyAssign(work: Work, command: Extract<ReplyCommand, { kind: 'assign' }>): void {
  const found = findStaffMember(command.target, work.input.staff, work.input.actor.email);
  if (found.kind === 'none') {
    work.refuse(command, found.reason);
  } else if (sameEmail(work.state.assigneeEmail, found.member.email)) {
    work.refuse(command, `the ticket is already assigned to ${staffName(found.member)}`);
  } else if (work.move(command, 'assign')) {
    work.state.assigneeEmail = found.member.email.toLowerCase();
    work.assignee = { email: work.state.assigneeEmail, name: found.member.name };
    work.acknowledgements.push(`Assigned to ${staffName(found.member)}.`);
  }
}

/**
 * #verified on a closed ticket: a fix closed without being verified (left unverified and closed
 * automatically, or closed by staff) is verified after all, say by "Mark the issue as verified" in
 * the fix mail pressed a day after the automatic close. Within REOPEN_DAYS, as long as a reply
 * would still bring the ticket back; later the close stands. It stays closed, since when it was
 * closed: only its resolution changes, and everyone hears "has been verified". A ticket already
 * verified, routed to another organisation, or closed while it was not marked fixed (TicketState
 * closedAfterFix) is refused with why (tickets/transitions.ts).
 */
function applyVerifiedAfterClose(work: Work, command: Extract<ReplyCommand, { kind: 'verified' }>): void {
  const { reopenDays } = work.input;
  if (!work.closedAtStart) {
    work.refuse(command, 'the ticket was closed by this same reply, so there is no fix to verify');
  } else if (!work.withinReopenWindow) {
    work.refuse(command, `the ticket was closed more than ${reopenDays} days ago, so it can no longer be verified`);
  } else {
    const closedAt = work.state.closedAt;
    if (!work.move(command, 'verified')) return;
    work.state.closedAt = closedAt;
    work.acknowledgements.push('Marked as verified; the ticket stays closed.');
  }
}

/** #notfixed and #reopen: back to whoever works the ticket, within the reopen window. */
function applyBackToWork(work: Work, command: Extract<ReplyCommand, { kind: 'notfixed' | 'reopen' }>): void {
  const { reopenDays } = work.input;
  const tooLate = isTooLateToReopen(work.state, work.closedAtStart, work.withinReopenWindow, work.input.actor.roles);
  if (command.kind === 'notfixed') {
    // The mail's "Mark as not fixed" button writes the guide's question under the command; sent
    // as it is, it says nothing of what is still wrong (and is no note of its own).
    if (withoutNotFixedPrompt(work.noteText).trim() === '') work.noteText = '';
    if (work.noteText === '' || work.noteDropped) {
      work.refuse(command, 'say what is still wrong: write it below the #notfixed line and send the reply again');
    } else if (tooLate) {
      work.refuse(command, `the ticket was closed more than ${reopenDays} days ago; only an admin can reopen it now`);
    } else if (work.move(command, 'notfixed')) {
      work.acknowledgements.push(`Marked as not fixed; the ticket is back with ${workerName(work.state, work.input.staff)}.`);
    }
    return;
  }
  if (tooLate) {
    work.refuse(command, `the ticket was closed more than ${reopenDays} days ago; reply with what is wrong to open a new ticket`);
  } else if (work.move(command, 'reopen')) {
    work.acknowledgements.push(`Reopened the ticket; it is back with ${workerName(work.state, work.input.staff)}.`);
  }
}

/**
 * #notfixed from someone who may not mark a fix not fixed (verifying is the submitter's) but whose
 * note reopens a closed ticket within REOPEN_DAYS (a colleague notified on it: "be able to add
 * notes"): on a closed ticket, with a note saying what is still wrong, it is read as that reopening,
 * rather than refused while the note reopens the ticket anyway. False: not such a case; refuse it.
 */
function applyNotFixedAsReopen(work: Work, command: ReplyCommand): boolean {
  const { roles } = work.input.actor;
  if (command.kind !== 'notfixed') return false;
  // The button's question alone says nothing of what is still wrong: no note of its own, as for the submitter.
  if (withoutNotFixedPrompt(work.noteText).trim() === '') work.noteText = '';
  if (!work.closedAtStart || work.state.status !== 'closed' || !isAllowed('reopen', roles)) return false;
  if (work.noteDropped || work.internal || work.noteText === '') return false;
  if (isTooLateToReopen(work.state, work.closedAtStart, work.withinReopenWindow, roles)) return false;
  if (!work.move(command, 'reopen')) return false;
  work.acknowledgements.push(`Reopened the ticket with your note; it is back with ${workerName(work.state, work.input.staff)}. (Marking a fix as not fixed is the submitter's; your note reopens it as any reply would.)`);
  return true;
}

function applyEscalate(work: Work, command: ReplyCommand): void {
  const { state } = work;
  const refusal = escalationRefusal(state, work.input.supportAddress !== null);
  if (refusal !== null) {
    work.refuse(command, refusal);
  } else {
    state.escalatedAt = work.input.now;
    work.escalate = true;
    work.statusEvents.push('escalated');
    work.acknowledgements.push('Escalated to the support team.');
  }
}

/** Whether `email` (or an address reaching the same inbox) said #stop on a ticket it is not on (DecideContext.muted). */
function isMuted(muted: readonly string[] | undefined, email: string): boolean {
  return (muted ?? []).some((m) => sameMailbox(m, email));
}

function applyCc(work: Work, command: Extract<ReplyCommand, { kind: 'cc' }>): void {
  const { email } = command;
  // A person who stopped their updates is not brought back under another form of their address (`bob+x@` reaches bob@).
  const existing = work.input.participants.find((p) => sameEmail(p.email, email)) ?? work.input.participants.find((p) => !p.notify && sameMailbox(p.email, email));
  const adds = work.participantChanges.filter((c) => c.kind === 'add');
  const alreadyAdded = adds.some((c) => c.kind === 'add' && sameEmail(c.person.email, email));
  const overLimit = existing ? null : refuseAnotherParticipant(participantLimitsFor(work.input.actor.roles), adds.length, work.input.participants.length);
  const removedByStaff = !existing && !alreadyAdded && (work.input.removedByStaff ?? []).some((e) => sameMailbox(e, email));
  const muted = (work.input.muted ?? []).find((m) => sameMailbox(m, email));
  if (work.input.helpdeskAddress !== undefined && isHelpdeskAddress(work.input.helpdeskAddress, email)) {
    // Mail to it comes back in as mail to the help desk: it is nobody to keep informed.
    work.refuse(command, `${email} is the help desk's own address, which cannot be added to a ticket`);
  } else if (existing && !existing.notify && !alreadyAdded) {
    applyCcOfStopped(work, command, existing);
  } else if (!existing && !alreadyAdded && muted !== undefined) {
    // Not on the ticket, but said #stop on it (an admin): a stop of their own, as a participant's is.
    applyCcOfStopped(work, command, { email: muted.toLowerCase() });
  } else if (removedByStaff && !isStaff(work.input.actor.roles)) {
    work.refuse(command, `the help desk took ${email} off this ticket, so they are not added again; only the help desk's staff can add them back`);
  } else if (alreadyAdded || (existing && existing.notify)) {
    // Staff naming someone already on the ticket vouches for them.
    if (existing && existing.vouched === false && joinsVouched(work.input.actor.roles, work.input.actor.email, email)) {
      work.participantChanges.push({ kind: 'vouch', email: existing.email });
    }
    work.acknowledgements.push(`${email} already receives updates on this ticket.`);
  } else if (overLimit) {
    work.refuse(command, overLimit);
  } else {
    work.participantChanges.push({
      kind: 'add', person: { email: email.toLowerCase(), name: '' }, role: 'interested', vouched: joinsVouched(work.input.actor.roles, work.input.actor.email, email),
      by: { email: work.input.actor.email, name: work.input.actor.name ?? '' },
    });
    work.acknowledgements.push(`${email} will receive updates on this ticket.`);
  }
}

/**
 * #cc of a person whose updates were stopped. Their own #cc turns them back on, and staff's does
 * when staff stopped them; staff's vouches for them too, as staff adding anyone does. A person's
 * own stop wins over anyone else's #cc, staff's too (participantChangesOf drops such an add): said,
 * not claimed done. Staff who mean to override it do so on the ticket page ("Resume updates to this
 * person").
 */
function applyCcOfStopped(work: Work, command: Extract<ReplyCommand, { kind: 'cc' }>, existing: Pick<Participant, 'email' | 'stoppedByOther'>): void {
  const { actor, participants } = work.input;
  const self = sameEmail(actor.email, existing.email);
  if (self || (existing.stoppedByOther && isStaff(actor.roles))) {
    work.participantChanges.push({ kind: 'resume', email: existing.email });
    // Someone a requester brought in, named again by staff: from now on they hear what everyone does.
    const unvouched = participants.some((p) => sameEmail(p.email, existing.email) && p.vouched === false);
    if (!self && unvouched && joinsVouched(actor.roles, actor.email, existing.email)) work.participantChanges.push({ kind: 'vouch', email: existing.email });
    work.acknowledgements.push(self ? 'You will receive updates on this ticket again.' : `${existing.email} will receive updates on this ticket again.`);
  } else if (existing.stoppedByOther) {
    work.refuse(command, `the help desk stopped the updates to ${existing.email} on this ticket, so only they or the help desk's staff can turn them back on`);
  } else {
    const who = isStaff(actor.roles) ? '' : '; only they or the help desk\'s staff can turn their updates back on';
    work.refuse(command, `${existing.email} asked not to receive updates on this ticket, so they are not added again${who}`);
  }
}

/**
 * Someone who is not staff and whose updates were stopped, writing on the ticket again through their
 * own address or signed in, wants its answer: their updates start again (but when the same reply
 * says #stop). Staff turn theirs back on by name: #cc of their own address, or the ticket page.
 */
function applyImpliedResume(work: Work): void {
  const { actor, participants } = work.input;
  const writes = work.noteText !== '' && !work.noteDropped;
  const own = participants.filter((p) => sameEmail(p.email, actor.email));
  const said = work.participantChanges.some((c) => (c.kind === 'stop' || c.kind === 'resume') && sameEmail(c.email, actor.email));
  if (!writes || isStaff(actor.roles) || said || !own.some((p) => !p.notify)) return;
  work.participantChanges.push({ kind: 'resume', email: own[0]!.email });
  work.acknowledgements.push('You will receive updates on this ticket again.');
}

/** Moves the reply makes without a command: the answer to a waiting ticket, a reply to a closed ticket. */
function applyImpliedMoves(work: Work): void {
  const { input, state } = work;
  const { actor } = input;
  const publicNote = work.noteText !== '' && !work.noteDropped && !work.internal;
  // "Read the note and reply": the answer sends a waiting ticket back to work.
  if (input.ticket.status === 'waiting_for_response' && state.status === 'waiting_for_response' && publicNote && isAnswerer(actor.roles)) {
    const result = nextStatus(state, 'respond');
    if (result.kind === 'moved') state.status = result.status;
  }
  // A reply to a closed ticket within the window reopens it; staff must say #reopen, so a
  // closing remark from an admin does not undo the close, and nor does a reply whose commands ask
  // for the ticket closed or left alone (#verified, #close, #stop: "Works now, thank you!"), nor
  // the submitter's note that verifies a fix closed unverified (noteVerifiesFix).
  const wantsItLeft = input.commands.some((c) => c.kind === 'verified' || c.kind === 'close' || c.kind === 'stop');
  if (work.closedAtStart && state.status === 'closed' && publicNote && !wantsItLeft && input.noteReopens !== false && !isStaff(actor.roles) && work.withinReopenWindow && isAllowed('reopen', actor.roles) && !noteVerifiesFix(work)) {
    const result = nextStatus(state, 'reopen');
    if (result.kind === 'moved') {
      state.status = result.status;
      state.resolution = null;
      state.closedAt = null;
      work.statusEvents.push(result.event);
    }
  }
}

/**
 * The guide's first way to verify a fix: "You can verify this issue in one of two ways: (1) Add a
 * New Note, or (2) ... Mark the issue as verified". A public note from the submitter on a fix
 * awaiting verification that says it works and nothing more (tickets/thanks-only.ts saysOnlyItWorks:
 * every clause that it works, thanks, a yes, a greeting, a closing or a name; no question, request,
 * doubt or other news) verifies it as #verified would; so does one on
 * a fix closed unverified, within REOPEN_DAYS, which stays closed as with #verified
 * (applyVerifiedAfterClose). Only hers, and only proven as for a command (this path
 * runs for a proven identity alone: decideUntrusted takes the rest): a colleague notified on the
 * ticket may not verify, and a note that proves nothing about its sender ("it works" under a
 * forged From) only goes to whoever works the ticket, as do notes that say it still fails or say
 * neither way (the sweep reads those: findAnswersSinceFix) and notes with files sent (ReplyInput.noteVerifies). The page's "Save the note" changes
 * nothing else (noteReopens false); a command in the reply about the fix is her word instead.
 */
function applyVerifiedByNote(work: Work): void {
  if (!noteVerifiesFix(work)) return;
  const { input, state } = work;
  const result = nextStatus(state, 'verified');
  if (result.kind !== 'moved') return;
  state.status = result.status;
  state.resolution = result.resolution;
  if (!work.closedAtStart) state.closedAt = input.now;
  work.statusEvents.push(result.event);
  work.acknowledgements.push(verifiedByNote(work.closedAtStart));
}

/**
 * Whether the reply's note verifies the fix (applyVerifiedByNote). Asked before a note reopens a
 * closed ticket too: "Yes, it is working now." on a fix closed unverified verifies it and leaves it
 * closed, where a reply that is not thanks alone would otherwise reopen it.
 */
function noteVerifiesFix(work: Work): boolean {
  const { input, state } = work;
  const { actor } = input;
  const closedFix = work.closedAtStart && work.withinReopenWindow;
  if ((input.ticket.status !== 'fixed_verify_needed' && !closedFix) || state.status !== input.ticket.status) return false;
  if (!actor.authenticated || !actor.roles.includes('submitter') || !isAllowed('verified', actor.roles)) return false;
  if ((input.noteVerifies ?? input.noteReopens) === false || work.noteText === '' || work.noteDropped || work.internal) return false;
  if (input.commands.some((c) => c.kind === 'verified' || c.kind === 'notfixed' || c.kind === 'close')) return false;
  // Closing a ticket on her word needs her word to be only that: "Is it working now?", "Works now,
  // but can you also add Bob" or "It works now for AAAA111111. BBBB222222 still shows Salt Lake."
  // read as works to the sweep, which only restarts a count on it.
  if (!saysOnlyItWorks(work.noteText)) return false;
  // A closed ticket is verified only when it was closed unverified after its fix (tickets/transitions.ts).
  return nextStatus(state, 'verified').kind === 'moved';
}

/** What the submitter is told when her note verified the fix: she asked for it in her own words, not by command. */
const verifiedByNote = (closedBefore: boolean): string =>
  `Your note says the fix works, so it was taken as verified ${closedBefore ? 'and the ticket stays closed' : 'and the ticket is closed'}. ` +
  'If the issue is not fixed after all, reply with #notfixed and what is still wrong (the "Mark the issue as not fixed" button starts that reply).';

function finish(work: Work): RulesOutcome {
  const events = [...work.statusEvents];
  let note: NoteToAdd | null = null;
  if (work.noteText !== '' && !work.noteDropped) {
    // The note rides in the status mail of this reply when there is one it can ride in. An internal
    // note written with nothing but an escalation is the support team's: it rides in their one
    // escalation mail (admins, the assignee and the team read it on the ticket page).
    const escalationOnly = work.statusEvents.length === 1 && work.statusEvents[0] === 'escalated';
    const carrier = work.internal ? (escalationOnly ? 'escalated' : undefined) : [...work.statusEvents].reverse().find((e) => e !== 'escalated');
    if (!carrier) events.push('new_note');
    note = { text: work.noteText, internal: work.internal, announcedWith: carrier ?? 'new_note' };
  }
  if (work.refusals.length > 0) events.push('command_refused');
  return {
    kind: 'update',
    ticket: work.state,
    ticketChanged: !isSameTicket(work.input.ticket, work.state),
    note,
    assignee: work.assignee,
    participantChanges: work.participantChanges,
    escalate: work.escalate,
    corrections: work.corrections,
    forward: work.forward,
    events,
    acknowledgements: work.acknowledgements,
    refusals: work.refusals,
  };
}

/** A reply that did not come through the sender's own signed address: a public note at most. */
function decideUntrusted(input: ReplyInput, noteText: string, refusals: Refusal[], withheld: boolean): ReplyDecision {
  const { ticket, commands } = input;
  const wantedInternal = withheld || commands.some((c) => c.kind === 'internal');
  for (const command of commands) {
    const reason =
      command.kind === 'internal'
        ? `${UNAUTHENTICATED_REASON}; the note was not added, since it was meant to be internal`
        : UNAUTHENTICATED_REASON;
    refusals.push({ command: formatCommand(command), reason });
  }
  // Staff (the support team's agents writing from their own address through the team's mail, an
  // assignee from another client) only ever add notes to a closed ticket (decideReplyActions), and
  // an unproven one may not do more than a proven one.
  if (ticket.status === 'closed' && noteText !== '' && !wantedInternal && input.noteReopens !== false && !isStaff(input.actor.roles)) {
    // An untrusted reply may not reopen a ticket, and a note on a closed ticket goes unread (but
    // thanks, which asks nothing: decide's mayNoteReopen).
    const reason = `ticket ${ticket.ref} is closed and this reply did not come through your own status mail, so it starts a new ticket that names it`;
    return { kind: 'open_new_ticket', previousTicketId: ticket.id, previousTicketRef: ticket.ref, reason, noteText, refusals };
  }
  const addNote = noteText !== '' && !wantedInternal;
  const events: TicketEvent[] = addNote ? ['new_note'] : [];
  if (refusals.length > 0) events.push('command_refused');
  return {
    kind: 'update',
    ticket,
    ticketChanged: false,
    note: addNote ? { text: noteText, internal: false, announcedWith: 'new_note' } : null,
    assignee: null,
    participantChanges: [],
    escalate: false,
    corrections: { route: null, topic: null },
    forward: null,
    events,
    acknowledgements: [],
    refusals,
  };
}

export type ScheduledAction = 'reminder_verify' | 'auto_close' | 'reminder_stale' | 'reminder_waiting';

export interface ScheduleSettings {
  /** Days a fix may wait for verification before the submitter is reminded; 0 turns reminders off. */
  verifyReminderDays: number;
  /** Days after which an unverified fix is closed (resolution `closed`); 0 turns it off. */
  autoCloseDays: number;
  /** Days without activity before the assignee (or admins) are reminded of an open ticket; 0 turns it off. */
  staleTicketDays: number;
  /** Days a ticket may wait for a response before the submitter is reminded of the question; 0 or absent turns it off. */
  waitingReminderDays?: number;
}

/**
 * What the scheduler should do about one ticket now. Auto-close wins over a reminder once
 * its time has passed; a reminder goes out at most once per period (`lastReminderAt`). The ticket
 * is idle since `lastActivityAt` (for a fix awaiting verification, the fix) or, when later, the
 * answer to the fix (`answer.at`, see idleSince). A fix whose answer says it does not work
 * (`answer.saysFailed`) is neither reminded about to its submitter nor closed: it waits for the staff,
 * who are reminded that it has had no update as of any idle open ticket (`staleTicketDays` from the
 * answer, at most once per period). A ticket Waiting for Response waits for its submitter, not the
 * staff: the submitter is reminded of the question (`waitingReminderDays`, at most once per period),
 * and the staff get no reminder that it is stale (the guide: the support team "will move on to other tickets
 * until they hear back from you"). It is never closed for want of an answer: neither the guide nor
 * the README says it should be; the staff close it when they judge it done.
 */
export function decideScheduled(
  ticket: TicketState,
  lastActivity: Date,
  now: Date,
  settings: ScheduleSettings,
  lastReminderAt: Date | null = null,
  answer: FixAnswer | null = null,
): ScheduledAction | null {
  const lastActivityAt = idleSince(lastActivity, answer?.at ?? null);
  const idleDays = (now.getTime() - lastActivityAt.getTime()) / DAY_MS;
  const remindedWithin = (days: number): boolean =>
    lastReminderAt !== null &&
    lastReminderAt.getTime() >= lastActivityAt.getTime() &&
    (now.getTime() - lastReminderAt.getTime()) / DAY_MS < days;
  const waitingDays = settings.waitingReminderDays ?? 0;
  const isStale = (): boolean =>
    settings.staleTicketDays > 0 && idleDays >= settings.staleTicketDays && !remindedWithin(settings.staleTicketDays);

  switch (ticket.status) {
    case 'closed':
      return null;
    case 'fixed_verify_needed':
      if (answer !== null && answer.saysFailed && answer.at.getTime() > lastActivity.getTime()) {
        // Waiting for the staff, but not for ever unnoticed: whoever works it is reminded as of any
        // idle ticket, counted from the answer.
        return isStale() ? 'reminder_stale' : null;
      }
      if (settings.autoCloseDays > 0 && idleDays >= settings.autoCloseDays) return 'auto_close';
      if (settings.verifyReminderDays > 0 && idleDays >= settings.verifyReminderDays && !remindedWithin(settings.verifyReminderDays)) {
        return 'reminder_verify';
      }
      return null;
    case 'waiting_for_response':
      return waitingDays > 0 && idleDays >= waitingDays && !remindedWithin(waitingDays)
        ? 'reminder_waiting'
        : null;
    default:
      return isStale() ? 'reminder_stale' : null;
  }
}

/**
 * When the scheduler counts a ticket idle from: its last activity (for a fix awaiting verification,
 * the fix), or, when later, `answeredAt`: the latest public note since the fix from the submitter or
 * someone notified on it who is not staff (findAnswersSinceFix). The guide has the submitter verify "by adding a note" or a command, and a
 * ticket "verified or responded to" is not left waiting, so the reminder to verify and the
 * automatic close count from that answer. Such a note does not change the status ("Save the note ...
 * does not change the status of the ticket"): it goes to whoever works the ticket. (The submitter's
 * own, proven, that says the fix works verifies it instead: applyVerifiedByNote.)
 */
export function idleSince(lastActivityAt: Date, answeredAt: Date | null): Date {
  return answeredAt !== null && answeredAt.getTime() > lastActivityAt.getTime() ? answeredAt : lastActivityAt;
}

/** A public note since a fix awaiting verification: when, its text, and who its author is on the ticket. */
export interface NoteSinceFix {
  ticketId: number;
  authorEmail: string;
  /** The author's rows on the ticket, with `assignee` when the ticket is theirs to work. */
  roles: ParticipantRole[];
  at: Date;
  /** The note's text as stored (its first FIX_ANSWER_READ_CHARS are enough). */
  text: string;
}

/**
 * The answer to a fix awaiting verification: when the latest was given, and whether the latest that
 * says either way says the fix does not work (tickets/fix-answer.ts) though it carried no
 * `#notfixed`. Such an answer goes to whoever works the ticket as any note does; the fix then waits
 * for them (`#notfixed`, `#close`, `#verified`) rather than being closed as if it worked. A later
 * answer that says neither ("me too", "same for me") leaves it so; a later one that says it works
 * lets the reminder and the close count from the latest answer as usual.
 */
export interface FixAnswer {
  at: Date;
  saysFailed: boolean;
}

/**
 * For each fix awaiting verification that was answered, its answer: the latest public note since
 * the fix whose author answers (isAnswerer). An admin (ADMIN_EMAILS or marked in the people table)
 * or the support address is the help desk's side whatever rows they hold: an admin copied on the
 * request has an interested row, and their note is still not the submitter's answer.
 */
export function findAnswersSinceFix(notes: readonly NoteSinceFix[], helpDesk: { admins: readonly string[]; supportAddress: string | null }): Map<number, FixAnswer> {
  const latest = new Map<number, Date>();
  // The latest answer per ticket that says either way: "me too" or "any news?" after "still
  // failing", from anyone who answers, leaves it failed. Two answers at the same moment that say
  // opposite things read as failed.
  const said = new Map<number, { at: Date; failed: boolean }>();
  for (const n of notes) {
    const roles = new Set(n.roles);
    if (helpDesk.admins.some((a) => sameEmail(a, n.authorEmail))) roles.add('admin');
    if (sameEmail(helpDesk.supportAddress, n.authorEmail)) roles.add('support');
    if (!isAnswerer([...roles])) continue;
    const at = latest.get(n.ticketId);
    if (!at || n.at.getTime() > at.getTime()) latest.set(n.ticketId, n.at);
    const reading = readFixAnswer(n.text);
    if (reading === 'neither') continue;
    const known = said.get(n.ticketId);
    const failed = reading === 'failed';
    if (!known || n.at.getTime() > known.at.getTime() || (n.at.getTime() === known.at.getTime() && failed)) {
      said.set(n.ticketId, { at: n.at, failed });
    }
  }
  return new Map([...latest].map(([ticketId, at]) => [ticketId, { at, saysFailed: said.get(ticketId)?.failed ?? false }]));
}

export function isWithinReopenWindow(ticket: Pick<TicketState, 'status' | 'closedAt'>, now: Date, reopenDays: number): boolean {
  if (ticket.status !== 'closed' || ticket.closedAt === null) return true;
  return now.getTime() - ticket.closedAt.getTime() <= reopenDays * DAY_MS;
}

function isParticipant(actor: Actor, participants: Participant[]): boolean {
  return actor.roles.length > 0 || participants.some((p) => sameEmail(p.email, actor.email));
}

/**
 * Whose public note answers a waiting ticket: the submitter's, or that of a person notified on the
 * ticket who is not staff (the guide's "Notify additional people": they follow the issue and "be
 * able to add notes to the ticket", so the question may be theirs to answer). Staff asked it.
 */
function isAnswerer(roles: readonly ParticipantRole[]): boolean {
  return roles.includes('submitter') || (roles.includes('interested') && !isStaff(roles));
}

/** The help desk's side of a ticket: past the reopen window their notes never start a follow-up. */
export function isStaff(roles: readonly ParticipantRole[]): boolean {
  return roles.some((r) => r === 'admin' || r === 'support' || r === 'assignee');
}

/** Past the reopen window only an admin brings a closed ticket back. */
function isTooLateToReopen(
  state: TicketState,
  closedAtStart: boolean,
  withinReopenWindow: boolean,
  roles: readonly ParticipantRole[],
): boolean {
  return state.status === 'closed' && closedAtStart && !withinReopenWindow && !roles.includes('admin');
}

function workerName(state: TicketState, staff: StaffMember[]): string {
  if (!state.assigneeEmail) return 'the admins (nobody is assigned)';
  const member = staff.find((s) => sameEmail(s.email, state.assigneeEmail));
  return member ? staffName(member) : state.assigneeEmail;
}

function isSameTicket(a: TicketState, b: TicketState): boolean {
  return (
    a.status === b.status &&
    a.resolution === b.resolution &&
    a.type === b.type &&
    a.priority === b.priority &&
    a.assigneeEmail === b.assigneeEmail &&
    a.closedAt?.getTime() === b.closedAt?.getTime() &&
    a.escalatedAt?.getTime() === b.escalatedAt?.getTime()
  );
}
