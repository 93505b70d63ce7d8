// What the ticket page shows one person: the ticket's facts in the guide's words, the thread
// (notes and status changes in time order) without what their roles may not see, and the
// actions their roles allow. Pure: the page's rows and the viewer's roles in, plain data out.
import type { PageNote, TicketPage } from '../adapters/db/ticket-page.ts';
import { findAnswersSinceFix, isStaff, isWithinReopenWindow, type NoteSinceFix } from '../tickets/decide.ts';
import { isAllowed, type PermissionAction } from '../tickets/permissions.ts';
import { formatWhen } from '../tickets/shown-time.ts';
import { isClosedAfterFix, nextStatus, STATUS_LABELS, type TransitionAction } from '../tickets/transitions.ts';
import { isEscalatable } from '../tickets/escalation.ts';
import { FORWARDED_ROUTES, PRIORITIES, ROUTES, TICKET_TYPES, TOPICS, type ForwardedRoute, type ParticipantRole, type Resolution, type TicketStatus } from '../tickets/types.ts';
import { routeHandler } from '../intake/routes.ts';
import { mayManagePerson, maySeeInternal } from './ticket-roles.ts';

/** The guide's hover text for each status icon. */
export const STATUS_HINTS: Record<TicketStatus, string> = {
  new: 'The issue has not yet been assigned.',
  assigned: 'Someone from the help desk is working on the issue.',
  waiting_for_response: 'The help desk is waiting for an answer from the submitter.',
  fixed_verify_needed: 'The issue has been fixed. Please verify that it is resolved.',
  closed: 'The issue is closed.',
};

const EVENT_WORDS: Record<string, string> = {
  submitted: 'submitted the request',
  assigned: 'assigned the ticket',
  fixed: 'marked the issue as fixed',
  verified: 'verified the fix; the ticket is closed',
  closed: 'closed the ticket',
  not_fixed: 'marked the issue as not fixed',
  reopened: 'reopened the ticket',
  waiting: 'asked the submitter for a response',
  escalated: 'escalated the ticket to the support team',
  routed: 'sent the request on to the organisation that handles it',
  auto_closed: 'closed the ticket: nobody verified the fix in time',
};

const ROLE_WORDS: Record<ParticipantRole, string> = {
  submitter: 'Submitter',
  interested: 'Interested',
  assignee: 'Assignee',
  admin: 'Admin',
  support: 'Support team',
};

export interface ThreadItem {
  kind: 'note' | 'event';
  id: string;
  at: string;
  atIso: string;
  who: string;
  text: string;
  internal: boolean;
  machine: boolean;
  files: { url: string; filename: string; size: string; stored: boolean; removed: boolean }[];
}

export interface TicketView {
  ref: string;
  summary: string;
  originalSubject: string | null;
  description: string;
  type: string;
  status: TicketStatus;
  statusLabel: string;
  statusHint: string;
  resolution: string | null;
  priority: string;
  assignee: string;
  route: string;
  topic: string;
  clientIds: string[];
  missingInfo: string[];
  previousRef: string | null;
  submittedBy: string;
  submittedAt: string;
  /** `manage`: what the viewer may do to the person's entry (mayManagePerson). */
  participants: { personId: number; name: string; email: string; roles: string; notify: boolean; isViewer: boolean; manage: 'all' | 'complete' | null }[];
  /** The viewer's address when they are not on the ticket and said #stop on it (an admin): their stop, theirs to undo. */
  mutedViewer: string | null;
  thread: ThreadItem[];
  roles: ParticipantRole[];
  roleWords: string;
  may: Record<PermissionAction, boolean>;
  canSeeInternal: boolean;
  /** Status actions this person may take now: allowed by the permission table and the transition table. */
  offer: Record<'fixed' | 'notfixed' | 'verified' | 'close' | 'reopen' | 'waiting' | 'escalate', boolean>;
  /**
   * The fix waits for verification and the latest answer to it says it does not work (without
   * `#notfixed`): the sweep neither reminds nor closes it, and the page says why.
   */
  fixSaidToFail: boolean;
  /** REOPEN_DAYS when the ticket was closed longer ago: "not fixed" and reopen then open a follow-up ticket; else null. */
  followUpAfterDays: number | null;
  /** With followUpAfterDays: the open ticket that follows up on this one, which what is written then goes into; else null. */
  openFollowUpRef: string | null;
  escalated: boolean;
  types: readonly string[];
  priorities: readonly string[];
  routes: readonly string[];
  topics: readonly string[];
  /**
   * Who an open ticket's route names, when it is MACCH or NMIS (intake could not forward it: no address
   * set) and the viewer may route it: the route form offers to send it on, as `#route macch` does. Else null.
   */
  sendOnTo: string | null;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const nameOf = (p: { name: string; email: string } | null, fallback: string) => (p ? p.name || p.email : fallback);

/**
 * Whether the answers to a fix awaiting verification say it does not work, read from the page's
 * notes as the sweep reads them from the store (findAnswersSinceFix): every public note since the
 * fix, with its author's rows on the ticket.
 */
export function fixSaidToFail(page: TicketPage, answerers: { admins: readonly string[]; supportAddress: string | null }): boolean {
  const t = page.ticket;
  if (t.status !== 'fixed_verify_needed' || t.fixedAt === null) return false;
  const fixedAt = t.fixedAt.getTime();
  const notes: NoteSinceFix[] = page.notes
    .filter((n) => n.kind === 'note' && !n.internal && n.author !== null && n.createdAt.getTime() > fixedAt)
    .map((n) => ({
      ticketId: t.id,
      authorEmail: n.author!.email,
      roles: [
        ...page.participants.filter((p) => p.personId === n.author!.id).map((p) => p.role),
        ...(t.assigneeId === n.author!.id ? ['assignee' as const] : []),
      ],
      at: n.createdAt,
      text: n.body,
    }));
  return findAnswersSinceFix(notes, answerers).get(t.id)?.saysFailed ?? false;
}

/**
 * `helpDesk`: the help desk's people on this ticket (tickets/staff.ts, helpDeskPeople), whose entries no requester manages;
 * `reopen`: the time and REOPEN_DAYS, for what bringing a closed ticket back does; `answerers`: the
 * admins and the support address, whose notes are no answer to a fix (fixSaidToFail), and without
 * whose support address there is no team to escalate to (absent: none); `timeZone`: TIME_ZONE, the
 * zone the page's dates and times are shown in.
 */
export function buildTicketView(
  page: TicketPage,
  roles: ParticipantRole[],
  viewerId: number,
  helpDesk: ReadonlySet<string> = new Set(),
  reopen?: { now: Date; days: number },
  answerers?: { admins: readonly string[]; supportAddress: string | null },
  timeZone = 'UTC',
): TicketView {
  const t = page.ticket;
  const status = t.status as TicketStatus;
  const internalOk = maySeeInternal(roles);
  const visible = (n: PageNote) => internalOk || !n.internal;
  const fileUrl = (id: number) => `/tickets/${encodeURIComponent(t.ref)}/files/${id}`;
  const notes: ThreadItem[] = page.notes.filter(visible).map((n) => ({
    kind: 'note',
    id: `note-${n.id}`,
    at: formatWhen(n.createdAt, timeZone),
    atIso: n.createdAt.toISOString(),
    who: n.kind === 'bounce' ? 'Mail delivery report' : nameOf(n.author, 'The help desk'),
    text: n.body,
    internal: n.internal,
    machine: n.kind !== 'note',
    files: n.files.map((f) => ({ url: fileUrl(f.id), filename: f.filename, size: formatSize(f.size), stored: f.stored, removed: f.removed })),
  }));
  const events: ThreadItem[] = page.events.map((e) => ({
    kind: 'event',
    id: `event-${e.id}`,
    at: formatWhen(e.createdAt, timeZone),
    atIso: e.createdAt.toISOString(),
    who: nameOf(e.actor, 'The help desk'),
    text: EVENT_WORDS[e.event] ?? e.event,
    internal: false,
    machine: false,
    files: [],
  }));
  // Time order; at the same moment the status change comes before the note that rode with it.
  const thread = [...notes, ...events].sort((a, b) => a.atIso.localeCompare(b.atIso) || (a.kind === b.kind ? 0 : a.kind === 'event' ? -1 : 1));
  const byPerson = new Map<number, { personId: number; name: string; email: string; roles: string[]; held: ParticipantRole[]; notify: boolean }>();
  for (const p of page.participants) {
    const entry = byPerson.get(p.personId) ?? { personId: p.personId, name: p.name, email: p.email, roles: [], held: [], notify: true };
    entry.roles.push(ROLE_WORDS[p.role]);
    entry.held.push(p.role);
    entry.notify &&= p.notify;
    byPerson.set(p.personId, entry);
  }
  const may = Object.fromEntries(
    (['note', 'internal', 'assign', 'fixed', 'notfixed', 'verified', 'close', 'reopen', 'waiting', 'priority', 'type', 'escalate', 'cc', 'stop', 'route', 'topic'] as const)
      .map((a) => [a, isAllowed(a, roles)]),
  ) as Record<PermissionAction, boolean>;
  // Whether a closed fix is still there to verify is read from the status changes announced on the ticket.
  const closedAfterFix = isClosedAfterFix(status, page.events.map((e) => e.event));
  const moves = (action: TransitionAction) => nextStatus({ status, assigneeEmail: page.assignee?.email ?? null, resolution: t.resolution as Resolution | null, closedAfterFix }, action).kind === 'moved';
  // Past REOPEN_DAYS only an admin brings the ticket back (tickets/decide.ts): anyone else's "not
  // fixed" or reopen, with what is wrong, opens a follow-up that names it, as a late reply by mail
  // does; the help desk's other staff are refused, so they are not offered it.
  const late = reopen !== undefined && !roles.includes('admin') && !isWithinReopenWindow({ status, closedAt: t.closedAt }, reopen.now, reopen.days);
  const backToWork = (action: 'notfixed' | 'reopen') => may[action] && moves(action) && !(late && isStaff(roles));
  const offer = {
    fixed: may.fixed && moves('fixed'),
    notfixed: backToWork('notfixed'),
    // A fix closed unverified is verified after all only within REOPEN_DAYS, an admin's too (tickets/decide.ts).
    verified: may.verified && moves('verified') && !(status === 'closed' && reopen !== undefined && !isWithinReopenWindow({ status, closedAt: t.closedAt }, reopen.now, reopen.days)),
    close: may.close && moves('close'),
    reopen: backToWork('reopen'),
    waiting: may.waiting && moves('waiting'),
    // As the status mail's button is offered (outbound/mail-props.ts): only an escalation that would be carried out.
    escalate: may.escalate && isEscalatable({ status, escalatedAt: t.escalatedAt }, (answerers?.supportAddress ?? null) !== null),
  };
  return {
    ref: t.ref,
    summary: t.summary,
    originalSubject: t.originalSubject && t.originalSubject !== t.summary ? t.originalSubject : null,
    description: t.description,
    type: t.type,
    status,
    statusLabel: STATUS_LABELS[status] ?? t.status,
    statusHint: STATUS_HINTS[status] ?? '',
    resolution: t.resolution,
    priority: t.priority,
    assignee: nameOf(page.assignee, 'Not Assigned'),
    route: t.route ?? '',
    topic: t.topic ?? '',
    clientIds: t.clientIds,
    missingInfo: t.missingInfo.map((item) => item.replace(/_/g, ' ')),
    previousRef: page.previousRef,
    submittedBy: nameOf(page.submitter, ''),
    submittedAt: formatWhen(t.createdAt, timeZone),
    participants: [...byPerson.values()].map(({ held, ...p }) => ({ ...p, roles: p.roles.join(', '), isViewer: p.personId === viewerId, manage: mayManagePerson(roles, p.personId === viewerId, held, helpDesk.has(p.email.toLowerCase())) })),
    mutedViewer: page.muted.find((m) => m.personId === viewerId)?.email ?? null,
    thread,
    roles,
    roleWords: roles.map((r) => ROLE_WORDS[r]).join(', '),
    may,
    canSeeInternal: internalOk,
    offer,
    fixSaidToFail: answerers !== undefined && fixSaidToFail(page, answerers),
    followUpAfterDays: late && !isStaff(roles) ? reopen!.days : null,
    openFollowUpRef: late && !isStaff(roles) && page.openFollowUp && !page.openFollowUp.removedPersonIds.includes(viewerId) ? page.openFollowUp.ref : null,
    escalated: t.escalatedAt !== null,
    types: TICKET_TYPES,
    priorities: PRIORITIES,
    routes: ROUTES,
    topics: TOPICS,
    sendOnTo: may.route && moves('forward') && (FORWARDED_ROUTES as readonly string[]).includes(t.route ?? '') ? routeHandler(t.route as ForwardedRoute) : null,
  };
}
