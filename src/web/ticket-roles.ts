// A signed-in person's roles on one ticket and what the page may show them, from the same
// permission table as an email reply. Pure: data in, data out.
import { isAllowed, type PermissionAction } from '../tickets/permissions.ts';
import type { Participant, ParticipantRole } from '../tickets/types.ts';

/** Who is signed in: the person, and whether they are a local administrator. */
export interface Viewer {
  personId: number;
  email: string;
  name: string;
  /** A local administrator: ADMIN_EMAILS or marked with `deskmail people admin`. */
  isAdmin: boolean;
}

/**
 * Roles on the ticket: participant rows, plus admin (ADMIN_EMAILS or marked). The support team
 * (SUPPORT_ADDRESS) has its role through the participant row escalation adds, so it sees the
 * tickets handed to it and no others, as by mail.
 */
export function rolesOnTicket(viewer: Viewer, participants: Participant[]): ParticipantRole[] {
  const roles = new Set<ParticipantRole>(participants.filter((p) => p.personId === viewer.personId).map((p) => p.role));
  if (viewer.isAdmin) roles.add('admin');
  return [...roles];
}

/** Anyone with a role sees the ticket; nobody else learns that it exists. */
export function maySeeTicket(roles: readonly ParticipantRole[]): boolean {
  return roles.length > 0;
}

/** Internal notes (and their files): the roles that may write them, as in the email rules. */
export function maySeeInternal(roles: readonly ParticipantRole[]): boolean {
  return isAllowed('internal', roles);
}

export function mayDo(action: PermissionAction, roles: readonly ParticipantRole[]): boolean {
  return isAllowed(action, roles);
}

const STAFF_ROLES: ReadonlySet<ParticipantRole> = new Set(['admin', 'assignee', 'support']);

/**
 * What a viewer may do to one person's entry on a ticket (their details, their updates): their own,
 * all; staff who may add people (admins, the assignee), anyone's; the support team, none but its own:
 * the vendor tier works the tickets escalated to it, but who is kept informed on them is the local
 * help desk's and the requester's (the guide: it "can't process the rest of the workflow"), as by
 * mail, where it may not #cc; someone who may add people (#cc), those brought in (interested only), whose
 * details they may complete but not replace: a person's row is theirs on every ticket and in every
 * status mail. Nobody else's, nothing: a submitter cannot rename the assignee or stop an admin's mail,
 * nor the help desk's staff (`targetIsStaff`: an admin, a staff member, the support address, the
 * assignee) when they were brought in as interested people: their mail on a ticket is theirs to stop.
 */
export function mayManagePerson(viewerRoles: readonly ParticipantRole[], self: boolean, targetRoles: readonly ParticipantRole[], targetIsStaff = false): 'all' | 'complete' | null {
  if (self) return isAllowed('stop', viewerRoles) ? 'all' : null;
  if (viewerRoles.some((r) => STAFF_ROLES.has(r))) return isAllowed('cc', viewerRoles) ? 'all' : null;
  return isAllowed('cc', viewerRoles) && !targetIsStaff && targetRoles.every((r) => r === 'interested') ? 'complete' : null;
}

