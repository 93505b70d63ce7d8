// Decides who gets which status mail for one event, and is the only place that does: one table of
// event -> audiences, the address an event names itself (a forwarded request, a refusal to its
// sender), whom a reassignment took the ticket from (its event names them), the admins for the
// digest, then the rules every event shares (internal notes only to staff, nobody hears about their
// own action except the submitter's "has been submitted", "has been verified" or "has been
// forwarded", no mail back to automatic mail's sender, people who said stop get nothing, one mail
// per address, no mail with a note to the support team that reads it in the escalation mail of the
// same reply, nothing but what staff did to someone a non-staff participant added, no scheduled mail
// either). The answer to a message too large to read names its sender itself, like a refusal.
// Pure: data and functions, no I/O.
import type { Participant, ParticipantRole, TicketEvent, TicketState } from '../tickets/types.ts';
import { isAllowed } from '../tickets/permissions.ts';

/** A class of recipient, resolved against the ticket's participants and settings. */
export type Audience =
  | 'submitter'
  | 'interested'
  /**
   * Interested people who are not admins: on a new request, an admin the requester copied hears of
   * it in the admins' notice (`new_ticket_admin`, with the admin's buttons), one mail rather than two.
   */
  | 'interested_not_admins'
  | 'assignee'
  /**
   * Whom a reassignment took the ticket from (the event's `previousAssignee`, tickets/decide.ts):
   * `assignee` reads the ticket after the change, which no longer names them.
   */
  | 'previous_assignee'
  /** Every address in ADMIN_EMAILS. */
  | 'admins'
  /** Admins, but only while nobody is assigned (someone has to read it). */
  | 'admins_if_unassigned'
  /** Admins, but only when the ticket's priority is urgent. */
  | 'admins_if_urgent'
  /**
   * Admins, but only while the ticket's fix awaits verification and its assignee may neither mark it
   * not fixed nor close it (someone has to be able to move it on).
   */
  | 'admins_if_fix_beyond_assignee'
  /** SUPPORT_ADDRESS and participants with the support role. */
  | 'support'
  /** The same, but only once the ticket was escalated. */
  | 'support_if_escalated'
  /** The person whose mail caused the event. */
  | 'sender';

export interface NotificationRule {
  audiences: readonly Audience[];
  /** What the mail says, for the README table. */
  about: string;
}

export interface PlannedNotification {
  to: string;
  /**
   * How the recipient stands to the ticket; `named` for the address the event names itself,
   * `previous_assignee` for whom a reassignment took it from.
   */
  role: ParticipantRole | 'admin' | 'support' | 'named' | 'previous_assignee';
  template: TicketEvent;
  /** Why this mail is kept back by a limit (recorded, not sent; see loop-brake.ts); absent: it goes out. */
  heldBy?: string;
}

export interface NotifyInput {
  event: TicketEvent;
  /** Null for an event about no single ticket (the digest). */
  ticket: TicketState | null;
  /**
   * The event's payload as decided: `to` names the one recipient, `notToActor` spares the actor,
   * `notToSupport` the support team (it reads the note this event carries in the escalation mail of the same reply),
   * `previousAssignee` whom a reassignment took the ticket from.
   */
  payload?: Record<string, unknown>;
  participants: Participant[];
  /**
   * People not on the ticket who said stop on it (an admin's #stop on a ticket they hear of as an
   * admin): left out as the participants who said stop are. Absent: none.
   */
  muted?: readonly string[];
  actorEmail: string | null;
  /** True when the event carries an internal note. */
  internal: boolean;
  adminEmails: string[];
  supportAddress: string | null;
}

const WORKERS: readonly Audience[] = ['assignee', 'support_if_escalated', 'admins_if_unassigned', 'admins_if_urgent'];

export const NOTIFICATION_TABLE: Record<TicketEvent, NotificationRule> = {
  submitted: { audiences: ['submitter', 'interested_not_admins'], about: '"has been submitted" and the ticket id; the submitter gets it even though they sent it; an admin copied on the request gets the admins\' notice instead' },
  new_ticket_admin: { audiences: ['admins'], about: 'a new request, with the admin\'s own signed reply address' },
  // Whom it was taken from hears it too, unless they gave it away themselves (nobody hears of their own action).
  assigned: { audiences: ['submitter', 'interested', 'assignee', 'previous_assignee', 'admins_if_urgent'], about: '"has been assigned to" the assignee; the previous assignee gets "has been reassigned", naming the new one' },
  new_note: { audiences: ['submitter', 'interested', ...WORKERS], about: '"A new note has been entered" and the note' },
  fixed: { audiences: ['submitter', 'interested', 'assignee', 'admins_if_urgent'], about: '"has been fixed"; those who may verify (the submitter, admins) are told how, with #verified and #notfixed buttons, the others that the submitter verifies' },
  verified: { audiences: ['submitter', 'interested', ...WORKERS], about: '"has been verified"; the ticket is closed' },
  closed: { audiences: ['submitter', 'interested', ...WORKERS], about: 'the ticket is closed' },
  not_fixed: { audiences: ['submitter', 'interested', ...WORKERS], about: 'marked not fixed, with what is still wrong' },
  reopened: { audiences: ['submitter', 'interested', ...WORKERS], about: 'a reply reopened the ticket' },
  // The question is a note on the assignee's ticket, so they hear of it, told that the ticket waits on
  // the requester, not on them (the help desk's own people are never asked for "your response").
  waiting: { audiences: ['submitter', 'interested', 'assignee'], about: 'the ticket waits for an answer from the submitter or a person notified on it, who are asked for their response; the staff on it (its assignee, an admin copied on it) are told it "is waiting for a response from the requester", with the question' },
  escalated: { audiences: ['support'], about: 'the ticket, for the vendor tier' },
  forwarded: { audiences: [], about: 'the request itself, to the organisation that handles it (MACCH_ADDRESS or NMIS_ADDRESS), with Reply-To the requester' },
  routed: { audiences: ['submitter', 'interested'], about: 'the request belongs with another organisation: "has been forwarded" there, or, when an admin routed it and no address is set, "belongs with" it and whom to contact' },
  reminder_verify: { audiences: ['submitter'], about: 'a fix still waits for verification' },
  // A fix is reminded about only when its answer said it does not work (tickets/decide.ts,
  // decideScheduled). Marking it not fixed or closing it is the submitter's or an admin's (the
  // guide: the support team member "can't close out" a ticket left waiting for the user to verify
  // a fix), so when its assignee is not an admin (the staff list is the admins: one since unmarked)
  // the admins are reminded too; else nobody reminded could move it on.
  reminder_stale: { audiences: ['assignee', 'admins_if_unassigned', 'admins_if_fix_beyond_assignee'], about: 'an open ticket (not one waiting for a response), or a fix said not to work, has had no activity' },
  // Whoever the question may be for, as the `waiting` mail went to them; the staff asked it, and are
  // not reminded of a ticket that waits on the user (tickets/decide.ts decideScheduled). Staff copied
  // on the request (an admin) read, as in the `waiting` mail, that it waits on the requester.
  reminder_waiting: { audiences: ['submitter', 'interested'], about: 'the ticket still waits for an answer from the submitter or a person notified on it, with the question quoted (the note that set it waiting, or the information the ticket still lacks); staff copied on it (an admin) are told it "is still waiting for a response from the requester"' },
  auto_closed: { audiences: ['submitter', 'interested', 'assignee'], about: 'nobody verified the fix in time, so it was closed' },
  digest: { audiences: ['admins'], about: 'the open tickets, for admins' },
  command_refused: { audiences: ['sender'], about: 'which commands of the reply were refused, and why' },
  bounce_notice: { audiences: ['admins'], about: 'a status mail bounced' },
  limits_summary: { audiences: ['admins'], about: 'new requests held over their sender\'s hourly cap, notices summarised after ADMIN_NOTICES_PER_HOUR and messages over MAX_MESSAGE_MB, in one mail per period (`deskmail quarantine list`)' },
  jobs_failed: { audiences: ['admins'], about: 'jobs that kept failing were set aside, each told once (`deskmail jobs failed`, `deskmail jobs retry`)' },
  message_too_large: { audiences: [], about: 'to the sender of a message over MAX_MESSAGE_MB (a person, not automatic mail or a From that failed DMARC): its size, the limit and what to send instead; admins hear of such messages in `limits_summary`' },
};

/** Events the submitter hears about even when she caused them: the answer to her own request or reply. */
// The guide has the submitter receive "has been submitted" and "has been verified" (sections
// 4.B and 4.F) for her own actions; her forwarded request is told too. Anyone else who acted (an
// admin verifying or routing someone's ticket) is not told of it as news.
const CONFIRMATIONS: ReadonlySet<TicketEvent> = new Set(['submitted', 'verified', 'routed']);

/** Whether the person who acted hears of it: the submitter's confirmations, and a refusal, which answers whoever sent the reply. */
function toldOwnAction(event: TicketEvent, role: PlannedNotification['role']): boolean {
  return event === 'command_refused' || (CONFIRMATIONS.has(event) && role === 'submitter');
}
/** Who may read an internal note. */
const STAFF_ROLES: ReadonlySet<PlannedNotification['role']> = new Set(['admin', 'support', 'assignee']);

export function planNotifications(input: NotifyInput): PlannedNotification[] {
  const actor = normalise(input.actorEmail);
  const planned = planRecipients(input);
  // A change made by automatic-looking mail never mails its sender (RFC 3834; see tickets/decide.ts).
  const answered = input.payload?.notToActor === true && actor !== null ? planned.filter((p) => p.to !== actor) : planned;
  // Mail a limit keeps back is still planned, so it is recorded with its reason and counted.
  const heldBy = input.payload?.heldBy;
  if (typeof heldBy !== 'string' || heldBy === '') return answered;
  // A limit of volume alone (`staffStillHear`) keeps back only the mail to people without staff standing.
  const staffStillHear = input.payload?.staffStillHear === true;
  return answered.map((p) => (staffStillHear && hasStaffStanding(p.to, input) ? p : { ...p, heldBy }));
}

/**
 * The one address an event names itself, when it does: the organisation a request is forwarded to,
 * or the sender a refusal answers (tickets/decide.ts names only a sender it accepted). Such an
 * event goes there alone, whatever the table says.
 */
function namedAddress(input: NotifyInput): string | null {
  const to = input.payload?.to;
  return typeof to === 'string' ? normalise(to) : null;
}

function planRecipients(input: NotifyInput): PlannedNotification[] {
  const { event, participants } = input;
  const named = namedAddress(input);
  if (named !== null) return [{ to: named, role: 'named', template: event }];
  const actor = normalise(input.actorEmail);
  const stopped = new Set([...participants.filter((p) => !p.notify).map((p) => p.email), ...(input.muted ?? [])].map(normalise));
  const unvouched = new Set(participants.filter((p) => p.vouched === false).map((p) => normalise(p.email)));
  // A scheduled event (a reminder, an automatic close) has no actor: no staff member caused it.
  const byStaff = actor !== null && hasStaffStanding(actor, input);
  // The escalation mail carries the note to the support team; the same note again in another mail of the reply would reach it twice.
  const spared = new Set(input.payload?.notToSupport === true ? resolveAudience('support', input).map((s) => normalise(s.to)) : []);
  const candidates = NOTIFICATION_TABLE[event].audiences.flatMap((audience) => resolveAudience(audience, input));

  const planned: PlannedNotification[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const to = normalise(candidate.to);
    if (to === null || seen.has(to) || stopped.has(to) || spared.has(to)) continue;
    if (to === actor && !toldOwnAction(event, candidate.role)) continue;
    if (input.internal && !hasStaffStanding(to, input)) continue;
    // Someone a non-staff participant added, who has not written yet, hears only what staff do: not
    // what a non-staff person did, nor scheduled mail, which nobody did (its reminders would mail a
    // stranger's list every few days for ever, asking people nothing was asked of). The help desk's
    // own people (the admin she knew to add, the assignee) hear what staff hear.
    if (unvouched.has(to) && !hasStaffStanding(to, input) && !byStaff) continue;
    seen.add(to);
    // A person holding several roles is addressed in the first one the table names.
    planned.push({ to, role: candidate.role, template: event });
  }
  return planned;
}

function resolveAudience(audience: Audience, input: NotifyInput): { to: string; role: PlannedNotification['role'] }[] {
  const { ticket, participants, adminEmails, supportAddress } = input;
  const withRole = (role: ParticipantRole) => participants.filter((p) => p.role === role).map((p) => ({ to: p.email, role }));
  const admins = () => adminEmails.map((to) => ({ to, role: 'admin' as const }));
  const support = () => [
    ...(supportAddress ? [{ to: supportAddress, role: 'support' as const }] : []),
    ...withRole('support'),
  ];
  switch (audience) {
    case 'submitter':
    case 'interested':
      return withRole(audience);
    case 'interested_not_admins':
      return withRole('interested').filter((p) => !adminEmails.some((a) => normalise(a) === normalise(p.to)));
    case 'assignee': {
      const listed = withRole('assignee');
      return ticket?.assigneeEmail ? [{ to: ticket.assigneeEmail, role: 'assignee' }, ...listed] : listed;
    }
    case 'previous_assignee': {
      const previous = input.payload?.previousAssignee;
      return typeof previous === 'string' && previous !== '' ? [{ to: previous, role: 'previous_assignee' }] : [];
    }
    case 'admins':
      return admins();
    case 'admins_if_unassigned':
      return ticket?.assigneeEmail ? [] : admins();
    case 'admins_if_urgent':
      return ticket?.priority === 'urgent' ? admins() : [];
    case 'admins_if_fix_beyond_assignee':
      return ticket?.status === 'fixed_verify_needed' && ticket.assigneeEmail && !mayMoveFix(ticket.assigneeEmail, input) ? admins() : [];
    case 'support':
      return support();
    case 'support_if_escalated':
      return ticket?.escalatedAt ? support() : [];
    case 'sender': {
      // Only to someone we know, so a forged From does not turn into mail to a stranger.
      const actor = normalise(input.actorEmail);
      if (actor === null) return [];
      const known = participants.find((p) => normalise(p.email) === actor);
      if (known) return [{ to: known.email, role: known.role }];
      return adminEmails.some((a) => normalise(a) === actor) ? [{ to: actor, role: 'admin' }] : [];
    }
  }
}

/** Whether this person may move a fix awaiting verification on: mark it not fixed and close it. */
function mayMoveFix(email: string, input: NotifyInput): boolean {
  const who = normalise(email);
  const roles: ParticipantRole[] = [
    ...input.participants.filter((p) => normalise(p.email) === who).map((p) => p.role),
    ...(input.adminEmails.some((a) => normalise(a) === who) ? ['admin' as const] : []),
  ];
  return isAllowed('notfixed', roles) && isAllowed('close', roles);
}

/**
 * Whether this address may read internal notes: an admin, the assignee or the support tier, which
 * works a ticket only once it was escalated (a requester who wrote to the vendor with the help desk
 * copied does not make the vendor staff on that ticket).
 */
function hasStaffStanding(email: string, input: NotifyInput): boolean {
  return (
    normalise(input.ticket?.assigneeEmail ?? null) === email ||
    (!!input.ticket?.escalatedAt && normalise(input.supportAddress) === email) ||
    input.adminEmails.some((a) => normalise(a) === email) ||
    input.participants.some((p) => normalise(p.email) === email && STAFF_ROLES.has(p.role))
  );
}

function normalise(email: string | null): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

const AUDIENCE_LABELS: Record<Audience, string> = {
  submitter: 'submitter',
  interested: 'interested people',
  interested_not_admins: 'interested people who are not admins',
  assignee: 'assignee',
  previous_assignee: 'previous assignee (on a reassignment)',
  admins: 'admins',
  admins_if_unassigned: 'admins (while unassigned)',
  admins_if_urgent: 'admins (urgent tickets)',
  admins_if_fix_beyond_assignee: 'admins (a fix awaiting verification whose assignee may not mark it not fixed or close it)',
  support: 'support team',
  support_if_escalated: 'support team (once escalated)',
  sender: 'the sender only',
};

/** The table as Markdown, for the README. */
export function describeNotificationTable(): string {
  const lines = [
    '| Event | Template | Who gets it | What it says |',
    '| --- | --- | --- | --- |',
    ...Object.entries(NOTIFICATION_TABLE).map(([event, rule]) => {
      const who = rule.audiences.map((a) => AUDIENCE_LABELS[a]).join(', ') || 'the address the event names';
      return `| \`${event}\` | \`${event.replace(/_/g, '-')}\` | ${who} | ${rule.about} |`;
    }),
    '',
    'For every event: people who asked to stop (`#stop`) get nothing; the person who acted gets no mail about',
    'their own action, except the submitter\'s "has been submitted", "has been verified" or "has been forwarded" and a refusal of their own commands; an',
    'internal note goes only to admins, the assignee and the support team (once escalated); someone a non-staff participant added (unvouched, see',
    '"Security") gets only what staff did, no reminder or other scheduled mail; each address gets one mail; the support team reads',
    'a note written with #escalate in the escalation mail alone; a mail\'s buttons start only commands its recipient may use',
    '(#verified and #notfixed: the submitter and admins; #escalate and #assign: admins), and #escalate, as on the ticket page,',
    'only where there is a support team (`SUPPORT_ADDRESS`) and the ticket is neither escalated nor closed.',
  ];
  return lines.join('\n');
}
