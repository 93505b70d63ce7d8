// How many people one reply and one ticket may add (`#cc` and a reply's Cc header alike), so a
// participant's signed address cannot turn the help desk into a bulk mailer. Staff get higher
// limits than submitters and interested people. Pure, but for the shipped list of shared mail
// domains (config/shared-mail-domains.yaml), read once when the caller gives none.
import { defaultSharedMailDomains, isSharedMailDomain, type SharedMailDomains } from './shared-mail-domains.ts';
import type { ParticipantRole } from './types.ts';

export interface ParticipantLimits {
  perReply: number;
  perTicket: number;
}

export const PARTICIPANT_LIMITS: ParticipantLimits = { perReply: 5, perTicket: 20 };
export const STAFF_PARTICIPANT_LIMITS: ParticipantLimits = { perReply: 25, perTicket: 100 };

/**
 * Whether a person joins vouched for: when staff add them, or a colleague of theirs (same mail
 * domain, one that is not shared: two gmail.com or comcast.net addresses are strangers, see
 * config/shared-mail-domains.yaml) does. Anyone else a non-staff participant adds hears only what
 * staff do until they write on the ticket themselves or staff add them again.
 */
export function joinsVouched(
  actorRoles: readonly ParticipantRole[], actorEmail: string, addedEmail: string, shared: SharedMailDomains = defaultSharedMailDomains(),
): boolean {
  if (participantLimitsFor(actorRoles) === STAFF_PARTICIPANT_LIMITS) return true;
  const domain = domainOf(actorEmail);
  return domain !== '' && domain === domainOf(addedEmail) && !isSharedMailDomain(domain, shared);
}

function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

/** The limits that apply to an actor with these roles on the ticket. */
export function participantLimitsFor(roles: readonly ParticipantRole[]): ParticipantLimits {
  return roles.some((r) => r === 'admin' || r === 'support' || r === 'assignee') ? STAFF_PARTICIPANT_LIMITS : PARTICIPANT_LIMITS;
}

/**
 * Why one more person may not join, or null when they may: `addedSoFar` counts people this
 * reply already adds, `onTicket` the people already on the ticket.
 */
export function refuseAnotherParticipant(limits: ParticipantLimits, addedSoFar: number, onTicket: number): string | null {
  if (addedSoFar >= limits.perReply) return `one reply can add at most ${limits.perReply} people; ask the help desk to add more`;
  if (onTicket + addedSoFar >= limits.perTicket) return `a ticket can have at most ${limits.perTicket} people; ask the help desk to add more`;
  return null;
}
