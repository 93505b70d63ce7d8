// Decides what the details typed for a person someone brings onto a ticket (the request form's
// own phone and its "Notify additional people", the ticket page's "Add a person") may set in that
// person's entry: as far as the giver may manage that entry once the person is on the ticket
// (mayManagePerson). Pure: roles and the typed phone in, the phone to write out.
import type { ParticipantRole } from '../tickets/types.ts';
import { mayManagePerson } from './ticket-roles.ts';

/** What the typed details set: `phone` ('' when none was typed) and whether it only fills a missing one. */
export interface DetailsGiven { phone: string; onlyMissing: boolean }

/** The person the details are for: the giver themselves (`self`), the roles they hold on the ticket already, and whether they are the help desk's own. */
export interface DetailsFor { self: boolean; roles: readonly ParticipantRole[]; isHelpDesk: boolean }

/**
 * What `giverRoles` may give as the details of the person they bring in (who joins as interested):
 * their own, all (a phone replaces the one kept); staff who may add people (admins, the assignee),
 * anyone's; a requester who may add people, only what is missing from the entry of someone who is
 * neither the help desk's own (an admin listed only by address has no name until mail proves one, and
 * a typed one would show in every status mail) nor on the ticket in another role; anyone else,
 * nothing (null): a person's entry is theirs on every ticket and in every status mail.
 */
export function detailsGiven(giverRoles: readonly ParticipantRole[], person: DetailsFor, typedPhone: string): DetailsGiven | null {
  const may = mayManagePerson(giverRoles, person.self, [...person.roles, 'interested'], person.isHelpDesk);
  if (!may) return null;
  return { phone: typedPhone.trim(), onlyMissing: may !== 'all' };
}
