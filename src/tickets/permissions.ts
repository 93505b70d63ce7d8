// Decides who may do what on a ticket: one table of action -> roles allowed. A person can
// hold several roles at once (an admin who submitted their own ticket); any one of them
// that is allowed is enough. Pure: data and functions, no I/O.
import type { ParticipantRole } from './types.ts';

/** Everything a reply can ask for: the reply-command kinds plus a plain note. */
export const PERMISSION_ACTIONS = [
  'note',
  'internal',
  'assign',
  'fixed',
  'notfixed',
  'verified',
  'close',
  'reopen',
  'waiting',
  'priority',
  'type',
  'escalate',
  'cc',
  'stop',
  'route',
  'topic',
] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

const EVERYONE: readonly ParticipantRole[] = ['submitter', 'interested', 'assignee', 'admin', 'support'];
/** Whoever works the ticket: local administrators, the assignee and the vendor tier. */
const STAFF: readonly ParticipantRole[] = ['assignee', 'admin', 'support'];

export const PERMISSIONS: Record<PermissionAction, readonly ParticipantRole[]> = {
  note: EVERYONE, // "every participant adds notes"; interested people "be able to add notes to the ticket"
  internal: STAFF, // "an admin note that only admins and the support team see"
  assign: ['admin'], // local administrators "assign them to the appropriate support team member"
  // Staff: "The ClientTrack Support Team has worked on the ticket and has found a solution"; the
  // submitter too: "There is the option to click the text 'Mark the issue as fixed'", and "Save the
  // note and mark the issue as fixed" among a user's own ways to save a note.
  fixed: ['submitter', 'admin', 'assignee', 'support'],
  notfixed: ['submitter', 'admin'], // "You will be prompted to enter a note ... what is still wrong"
  verified: ['submitter', 'admin'], // "Mark the issue as verified"
  close: ['submitter', 'admin'], // "verify, and close them when they have been resolved"
  reopen: ['submitter', 'interested', 'admin'], // a reply to a closed ticket reopens it
  waiting: STAFF, // a note that "asks a question, request additional information"
  priority: ['admin'], // "Prioritize tickets depending on the urgency of the ticket"
  type: ['submitter', 'admin'], // the submitter chose "the type of ticket"; admins correct it
  escalate: ['admin'], // "If they are unable to resolve the issue, it will be escalated"
  cc: ['submitter', 'admin', 'assignee'], // "Notify additional people ... before or after you submit"
  stop: EVERYONE, // "Stop updating this person" (always the sender themselves)
  route: ['admin'], // corrections of the intake classification
  topic: ['admin'],
};

export function isAllowed(action: PermissionAction, roles: readonly ParticipantRole[]): boolean {
  return roles.some((role) => PERMISSIONS[action].includes(role));
}

/** The roles that may do `action`, for refusal messages ("only the submitter or an admin ..."). */
export function describeAllowedRoles(action: PermissionAction): string {
  const names: Record<ParticipantRole, string> = {
    submitter: 'the submitter',
    interested: 'an interested person',
    assignee: 'the assignee',
    admin: 'an admin',
    support: 'the support team',
  };
  const roles = PERMISSIONS[action].map((role) => names[role]);
  return roles.length <= 1 ? (roles[0] ?? 'nobody') : `${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}`;
}
