// Decides what one reply does to an existing ticket: which commands are obeyed or refused
// (permission table, transition table, signed-address trust), which note is added, who
// joins or leaves, and which events are announced; also which scheduled reminder or
// auto-close is due. Pure: takes `now` and settings as arguments, no I/O.
import { formatCommand, type CommandProblem, type ReplyCommand } from './commands.ts';
import { describeAllowedRoles, isAllowed } from './permissions.ts';
import { nextStatus, STATUS_LABELS, type TransitionAction } from './transitions.ts';
import type { Participant, ParticipantRole, TicketEvent, TicketState } from './types.ts';

const DAY_MS = 86_400_000;

export interface ReplyActor {
  email: string;
  personId: number | null;
  roles: ParticipantRole[];
  /**
   * True only when the reply came through a signed reply address naming this person and From
   * matches them. Trust rests on this alone; `personId` is carried into `stop_notify`.
   */
  authenticated: boolean;
}

export interface StaffMember {
  email: string;
  name: string;
}

export interface ReplyInput {
  ticket: TicketState;
  participants: Participant[];
  actor: ReplyActor;
  commands: ReplyCommand[];
  noteText: string;
  staff: StaffMember[];
  now: Date;
  reopenDays: number;
  /** Lines the command parser could not use; they come back as refusals. */
  problems?: CommandProblem[];
}

export interface NoteToAdd {
  text: string;
  /** Only admins, the support team and the assignee see an internal note. */
  internal: boolean;
  /** The announced event whose status mail shows the note text. */
  announcedWith: TicketEvent;
}

export type ParticipantChange =
  /** Add as interested, or resume updates if they had stopped them. */
  | { kind: 'add_interested'; email: string }
  | { kind: 'stop_notify'; email: string; personId: number | null }
  | { kind: 'assign'; email: string; name: string };

export interface Refusal {
  /** The command as typed (`#fixed`), or the line the parser could not use. */
  command: string;
  reason: string;
}

export type ReplyDecision =
  | {
      kind: 'update';
      /** The ticket after the reply; equal to the input when `ticketChanged` is false. */
      ticket: TicketState;
      ticketChanged: boolean;
      note: NoteToAdd | null;
      participantChanges: ParticipantChange[];
      escalate: boolean;
      corrections: { route: string | null; topic: string | null };
      /** In order; `command_refused` (to the sender) is last when anything was refused. */
      events: TicketEvent[];
      acknowledgements: string[];
      refusals: Refusal[];
    }
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

export function decideReplyActions(input: ReplyInput): ReplyDecision {
  const { ticket, participants, actor, commands, now, reopenDays } = input;
  const noteText = input.noteText.trim();
  const refusals: Refusal[] = (input.problems ?? []).map((p) => ({ command: p.line, reason: p.reason }));

  if (!isParticipant(actor, participants)) {
    return { kind: 'ignore', reason: `${actor.email} is not a participant of ticket ${ticket.ref}; only participants may add notes` };
  }
  if (commands.length === 0 && noteText === '' && refusals.length === 0) {
    return { kind: 'ignore', reason: 'the reply has neither commands nor note text' };
  }

  const closedAtStart = ticket.status === 'closed';
  const withinReopenWindow = !closedAtStart || isWithinReopenWindow(ticket, now, reopenDays);
  // The caller vouches for `authenticated` (token valid, names this person, From matches).
  if (!actor.authenticated) return decideUntrusted(input, noteText, refusals);

  const staffActor = isStaff(actor.roles);
  if (closedAtStart && !withinReopenWindow && !staffActor && noteText !== '') {
    const reason = `ticket ${ticket.ref} was closed more than ${reopenDays} days ago, so this reply starts a new ticket that names it`;
    return {
      kind: 'open_new_ticket',
      previousTicketId: ticket.id,
      previousTicketRef: ticket.ref,
      reason,
      noteText,
      refusals: [...refusals, ...commands.map((c) => ({ command: formatCommand(c), reason }))],
    };
  }

  const state: TicketState = { ...ticket };
  const participantChanges: ParticipantChange[] = [];
  const statusEvents: TicketEvent[] = [];
  const acknowledgements: string[] = [];
  const corrections: { route: string | null; topic: string | null } = { route: null, topic: null };
  let escalate = false;

  const refuse = (command: ReplyCommand, reason: string): void => {
    refusals.push({ command: formatCommand(command), reason });
  };

  // #internal first: it decides whether the note may be added at all.
  const internalCommand = commands.find((c) => c.kind === 'internal');
  let internal = false;
  let noteDropped = false;
  if (internalCommand) {
    if (!isAllowed('internal', actor.roles)) {
      refuse(internalCommand, `only ${describeAllowedRoles('internal')} may write internal notes; the note was not added, so it is not shown to anyone`);
      noteDropped = true;
    } else if (noteText === '') {
      refuse(internalCommand, '#internal marks the note below the commands as internal, but the reply has no note');
    } else {
      internal = true;
      acknowledgements.push('The note is internal: only admins and the support team see it.');
    }
  }

  const move = (command: ReplyCommand, action: TransitionAction): boolean => {
    const result = nextStatus(state, action);
    if (result.kind === 'illegal') {
      refuse(command, result.reason);
      return false;
    }
    state.status = result.status;
    state.resolution = result.resolution;
    state.closedAt = result.status === 'closed' ? now : null;
    statusEvents.push(result.event);
    return true;
  };

  for (const command of commands) {
    if (command.kind === 'internal') continue;
    if (!isAllowed(command.kind, actor.roles)) {
      refuse(command, `only ${describeAllowedRoles(command.kind)} may use #${command.kind} on this ticket`);
      continue;
    }
    switch (command.kind) {
      case 'assign': {
        const found = findStaffMember(command.target, input.staff, actor.email);
        if (found.kind === 'none') {
          refuse(command, found.reason);
        } else if (sameEmail(state.assigneeEmail, found.member.email)) {
          refuse(command, `the ticket is already assigned to ${staffName(found.member)}`);
        } else if (move(command, 'assign')) {
          state.assigneeEmail = found.member.email.toLowerCase();
          participantChanges.push({ kind: 'assign', email: state.assigneeEmail, name: found.member.name });
          acknowledgements.push(`Assigned to ${staffName(found.member)}.`);
        }
        break;
      }
      case 'fixed':
        if (move(command, 'fixed')) acknowledgements.push('Marked as fixed; the submitter is asked to verify the fix.');
        break;
      case 'verified':
        if (move(command, 'verified')) acknowledgements.push('Marked as verified; the ticket is closed.');
        break;
      case 'close':
        if (move(command, 'close')) acknowledgements.push('Closed the ticket.');
        break;
      case 'waiting':
        if (move(command, 'waiting')) acknowledgements.push('The ticket is waiting for a response from the submitter.');
        break;
      case 'notfixed':
        if (noteText === '' || noteDropped) {
          refuse(command, 'say what is still wrong: write it below the #notfixed line and send the reply again');
        } else if (isTooLateToReopen(state, closedAtStart, withinReopenWindow, actor.roles)) {
          refuse(command, `the ticket was closed more than ${reopenDays} days ago; only an admin can reopen it now`);
        } else if (move(command, 'notfixed')) {
          acknowledgements.push(`Marked as not fixed; the ticket is back with ${workerName(state, input.staff)}.`);
        }
        break;
      case 'reopen':
        if (isTooLateToReopen(state, closedAtStart, withinReopenWindow, actor.roles)) {
          refuse(command, `the ticket was closed more than ${reopenDays} days ago; reply with what is wrong to open a new ticket`);
        } else if (move(command, 'reopen')) {
          acknowledgements.push(`Reopened the ticket; it is back with ${workerName(state, input.staff)}.`);
        }
        break;
      case 'priority':
        if (state.priority === command.value) {
          refuse(command, `the priority is already ${command.value}`);
        } else {
          state.priority = command.value;
          acknowledgements.push(`Priority set to ${command.value}.`);
        }
        break;
      case 'type':
        if (state.type === command.value) {
          refuse(command, `the ticket is already a ${command.value}`);
        } else {
          state.type = command.value;
          acknowledgements.push(`Type set to ${command.value}.`);
        }
        break;
      case 'escalate':
        if (state.status === 'closed') {
          refuse(command, 'a closed ticket cannot be escalated; reopen it first');
        } else if (state.escalatedAt) {
          refuse(command, `the ticket was already escalated on ${state.escalatedAt.toISOString().slice(0, 10)}`);
        } else {
          state.escalatedAt = now;
          escalate = true;
          statusEvents.push('escalated');
          acknowledgements.push('Escalated to the support team.');
        }
        break;
      case 'cc': {
        const existing = participants.find((p) => sameEmail(p.email, command.email));
        const alreadyAdded = participantChanges.some((c) => c.kind === 'add_interested' && sameEmail(c.email, command.email));
        if (alreadyAdded || (existing && existing.notify)) {
          acknowledgements.push(`${command.email} already receives updates on this ticket.`);
        } else {
          participantChanges.push({ kind: 'add_interested', email: command.email.toLowerCase() });
          acknowledgements.push(`${command.email} will receive updates on this ticket.`);
        }
        break;
      }
      case 'stop':
        participantChanges.push({ kind: 'stop_notify', email: actor.email.toLowerCase(), personId: actor.personId });
        acknowledgements.push('You will no longer receive updates on this ticket.');
        break;
      case 'route':
        corrections.route = command.value;
        acknowledgements.push(`Route corrected to ${command.value}.`);
        break;
      case 'topic':
        corrections.topic = command.value;
        acknowledgements.push(`Topic corrected to ${command.value}.`);
        break;
    }
  }

  const publicNote = noteText !== '' && !noteDropped && !internal;

  // "Read the note and reply": the submitter's answer sends a waiting ticket back to work.
  if (ticket.status === 'waiting_for_response' && state.status === 'waiting_for_response' && publicNote && actor.roles.includes('submitter')) {
    const result = nextStatus(state, 'respond');
    if (result.kind === 'moved') state.status = result.status;
  }

  // A reply to a closed ticket within the window reopens it; staff must say #reopen, so a
  // closing remark from an admin does not undo the close.
  if (closedAtStart && state.status === 'closed' && publicNote && !staffActor && withinReopenWindow && isAllowed('reopen', actor.roles)) {
    const result = nextStatus(state, 'reopen');
    if (result.kind === 'moved') {
      state.status = result.status;
      state.resolution = null;
      state.closedAt = null;
      statusEvents.push(result.event);
    }
  }

  const events = [...statusEvents];
  let note: NoteToAdd | null = null;
  if (noteText !== '' && !noteDropped) {
    // The note rides in the status mail of this reply when there is one it can ride in.
    const carrier = internal ? undefined : [...statusEvents].reverse().find((e) => e !== 'escalated');
    if (!carrier) events.push('new_note');
    note = { text: noteText, internal, announcedWith: carrier ?? 'new_note' };
  }
  if (refusals.length > 0) events.push('command_refused');

  return {
    kind: 'update',
    ticket: state,
    ticketChanged: !isSameTicket(ticket, state),
    note,
    participantChanges,
    escalate,
    corrections,
    events,
    acknowledgements,
    refusals,
  };
}

/** A reply that did not come through the sender's own signed address: a public note at most. */
function decideUntrusted(input: ReplyInput, noteText: string, refusals: Refusal[]): ReplyDecision {
  const { ticket, commands } = input;
  const wantedInternal = commands.some((c) => c.kind === 'internal');
  for (const command of commands) {
    const reason =
      command.kind === 'internal'
        ? `${UNAUTHENTICATED_REASON}; the note was not added, since it was meant to be internal`
        : UNAUTHENTICATED_REASON;
    refusals.push({ command: formatCommand(command), reason });
  }
  if (ticket.status === 'closed' && noteText !== '' && !wantedInternal) {
    // An untrusted reply may not reopen a ticket, and a note on a closed ticket goes unread.
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
    participantChanges: [],
    escalate: false,
    corrections: { route: null, topic: null },
    events,
    acknowledgements: [],
    refusals,
  };
}

export type ScheduledAction = 'reminder_verify' | 'auto_close' | 'reminder_stale';

export interface ScheduleSettings {
  /** Days a fix may wait for verification before the submitter is reminded; 0 turns reminders off. */
  verifyReminderDays: number;
  /** Days after which an unverified fix is closed (resolution `closed`); 0 turns it off. */
  autoCloseDays: number;
  /** Days without activity before the assignee (or admins) are reminded of an open ticket; 0 turns it off. */
  staleTicketDays: number;
}

/**
 * What the scheduler should do about one ticket now. Auto-close wins over a reminder once
 * its time has passed; a reminder goes out at most once per period (`lastReminderAt`).
 */
export function decideScheduled(
  ticket: TicketState,
  lastActivityAt: Date,
  now: Date,
  settings: ScheduleSettings,
  lastReminderAt: Date | null = null,
): ScheduledAction | null {
  const idleDays = (now.getTime() - lastActivityAt.getTime()) / DAY_MS;
  const remindedWithin = (days: number): boolean =>
    lastReminderAt !== null &&
    lastReminderAt.getTime() >= lastActivityAt.getTime() &&
    (now.getTime() - lastReminderAt.getTime()) / DAY_MS < days;

  switch (ticket.status) {
    case 'closed':
      return null;
    case 'fixed_verify_needed':
      if (settings.autoCloseDays > 0 && idleDays >= settings.autoCloseDays) return 'auto_close';
      if (settings.verifyReminderDays > 0 && idleDays >= settings.verifyReminderDays && !remindedWithin(settings.verifyReminderDays)) {
        return 'reminder_verify';
      }
      return null;
    default:
      if (settings.staleTicketDays > 0 && idleDays >= settings.staleTicketDays && !remindedWithin(settings.staleTicketDays)) {
        return 'reminder_stale';
      }
      return null;
  }
}

export function isWithinReopenWindow(ticket: TicketState, now: Date, reopenDays: number): boolean {
  if (ticket.status !== 'closed' || ticket.closedAt === null) return true;
  return now.getTime() - ticket.closedAt.getTime() <= reopenDays * DAY_MS;
}

type StaffMatch = { kind: 'found'; member: StaffMember } | { kind: 'none'; reason: string };

/** `#assign` takes an email, a full name, a unique first name or name start, or `me`. */
export function findStaffMember(target: string, staff: StaffMember[], actorEmail: string): StaffMatch {
  const wanted = target.trim().replace(/\s+/g, ' ').toLowerCase();
  if (wanted === 'me' || wanted === 'myself') {
    const me = staff.find((s) => sameEmail(s.email, actorEmail));
    return me ? { kind: 'found', member: me } : { kind: 'none', reason: 'you are not on the staff list, so you cannot take the ticket' };
  }
  if (wanted.includes('@')) {
    const byEmail = staff.find((s) => sameEmail(s.email, wanted));
    return byEmail ? { kind: 'found', member: byEmail } : { kind: 'none', reason: `${target} is not on the staff list` };
  }
  const name = (s: StaffMember): string => s.name.trim().replace(/\s+/g, ' ').toLowerCase();
  const exact = staff.filter((s) => name(s) === wanted);
  const candidates = exact.length > 0 ? exact : staff.filter((s) => name(s).split(' ')[0] === wanted || name(s).startsWith(wanted));
  if (candidates.length === 1 && candidates[0]) return { kind: 'found', member: candidates[0] };
  if (candidates.length > 1) {
    return { kind: 'none', reason: `"${target}" matches ${candidates.map((s) => `${s.name} <${s.email}>`).join(', ')}; use an email address` };
  }
  return { kind: 'none', reason: `nobody on the staff list is called "${target}"` };
}

function isParticipant(actor: ReplyActor, participants: Participant[]): boolean {
  return actor.roles.length > 0 || participants.some((p) => sameEmail(p.email, actor.email));
}

function isStaff(roles: readonly ParticipantRole[]): boolean {
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

/** A staff member as words: the name when we know one (admins listed only by address have none). */
function staffName(member: StaffMember): string {
  return member.name.trim() || member.email;
}

function sameEmail(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
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
