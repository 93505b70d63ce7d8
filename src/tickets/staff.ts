// Finds the staff member an `#assign` names (an address, a full name, a unique first name or
// name start, or `me`) and words a staff member for people. Pure.

export interface StaffMember {
  email: string;
  name: string;
}

export type StaffMatch = { kind: 'found'; member: StaffMember } | { kind: 'none'; reason: string };

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

/** A staff member as words: the name when we know one (admins listed only by address have none). */
export function staffName(member: StaffMember): string {
  return member.name.trim() || member.email;
}

export function sameEmail(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The help desk's own people as seen from one ticket (lower-cased addresses): the admins, the staff,
 * the support address and the ticket's assignee: whom no requester may stop or rename, and who are
 * asked to work the ticket in its status mail.
 */
export function helpDeskPeople(staff: { admins: readonly string[]; staff: readonly { email: string }[] }, supportAddress: string | null, assigneeEmail: string | null): Set<string> {
  return new Set([...staff.admins, ...staff.staff.map((s) => s.email), supportAddress ?? '', assigneeEmail ?? ''].filter(Boolean).map((e) => e.toLowerCase()));
}
