// Ticket references and the marks we put on mail so replies find their ticket: the ref
// (`Utah_RW-180`), the subject tag (`[ClientTrack Issues Tracking] Issue Utah_RW-180`) and the
// pseudo Message-ID `<ticket-Utah_RW-180@host>` every outgoing mail carries in References, our
// loop header and the reply-above line. Pure.

/** The header all our mail carries, so mail that comes back to us is recognised as our own. */
export const LOOP_HEADER = 'X-Deskmail-Loop';

/** The line our status mail puts above the quoted part, so reply extraction can cut there even when a mail client's own quote header is unrecognised. */
export const REPLY_ABOVE_MARKER = '##- Please type your reply above this line -##';

export interface TicketNaming {
  systemName: string;
  prefix: string;
  /** Domain for our Message-IDs, from HELPDESK_ADDRESS. */
  host: string;
}

export function formatTicketRef(prefix: string, number: number): string {
  return `${prefix}-${number}`;
}

/** A ticket reference's shape: a prefix as TICKET_PREFIX allows one, a dash and a number (`Utah_RW-180`). */
const TICKET_REF = /^[A-Za-z][A-Za-z0-9_]*-\d+$/;

/**
 * Whether `text` can be a ticket reference at all, whatever the prefix: anything else (a NUL, a
 * slash, a space) names no ticket, and is not looked up.
 */
export function isTicketRef(text: string): boolean {
  return text.length <= 200 && TICKET_REF.test(text);
}

/** A ticket a search names by its number: `refEnd` is the end of its reference typed, null for the number alone. */
export interface SearchedTicket { number: number; refEnd: string | null }

/**
 * The ticket a search names, as people see it in mail and lists: by its reference (`Utah_RW-180`),
 * its reference without the start of the prefix (`RW-180`), its number (`180`) or `#180`; null for
 * anything else, or a number no ticket can have.
 */
export function searchedTicket(text: string): SearchedTicket | null {
  const alone = /^#?\s*(\d{1,10})$/.exec(text);
  const end = alone ? null : /^[A-Za-z0-9_]*-(\d{1,10})$/.exec(text);
  const number = Number((alone ?? end)?.[1] ?? NaN);
  if (!(number <= 2_147_483_647)) return null;
  return { number, refEnd: end ? text : null };
}

/** The part of every ticket subject that threading matches: `[ClientTrack Issues Tracking] Issue Utah_RW-180`. */
export function subjectTag(systemName: string, ref: string): string {
  const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ').trim();
  return `[${oneLine(systemName)} Issues Tracking] Issue ${oneLine(ref)}`;
}

export function ticketPseudoId(naming: TicketNaming, ref: string): string {
  return `ticket-${ref}@${naming.host}`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ticket ref named by our subject tag, tolerating Re:/Fw: prefixes, re-wrapping and case. */
export function findSubjectRef(naming: TicketNaming, subject: string): string | null {
  const pattern = new RegExp(`\\[\\s*${escape(naming.systemName)}\\s+Issues\\s+Tracking\\s*\\]\\s*Issue\\s+(${escape(naming.prefix)}-\\d{1,9})\\b`, 'i');
  const m = pattern.exec(subject.replace(/\s+/g, ' '));
  return m ? normaliseRef(naming, m[1]!) : null;
}

/**
 * A subject without reply/forward prefixes and without our own tag and status words, for the
 * summary of a ticket opened from a reply to our mail: `Re: [ClientTrack Issues Tracking] Issue
 * Utah_RW-1 has been fixed` says nothing about the new request, so it leaves ''.
 */
export function stripSubjectTag(naming: TicketNaming, subject: string): string {
  const prefixes = /^(?:\s*(?:re|fwd?|aw|wg|rv|tr|sv|vs|antw|r|res|enc|odp|ynt)\s*(?:\[\d+\])?\s*:\s*)+/i;
  const tag = new RegExp(`\\[\\s*${escape(naming.systemName)}\\s+Issues\\s+Tracking\\s*\\]\\s*Issue\\s+${escape(naming.prefix)}-\\d{1,9}\\b[^\\[]*`, 'i');
  return subject.replace(prefixes, '').replace(tag, ' ').replace(prefixes, '').replace(/\s+/g, ' ').trim();
}

/** Any bare ref (`Utah_RW-180`) in a subject, e.g. after another tracker rewrote our tag. */
export function findBareSubjectRef(naming: TicketNaming, subject: string): string | null {
  const m = new RegExp(`(?:^|[^A-Za-z0-9_])(${escape(naming.prefix)}-\\d{1,9})\\b`, 'i').exec(subject);
  return m ? normaliseRef(naming, m[1]!) : null;
}

/** The refs named by our pseudo Message-IDs among `ids` (brackets already stripped). */
export function findPseudoIdRefs(naming: TicketNaming, ids: string[]): string[] {
  const pattern = new RegExp(`^ticket-(${escape(naming.prefix)}-\\d{1,9})@${escape(naming.host)}$`, 'i');
  const refs = ids.map((id) => pattern.exec(id)?.[1]).filter((r): r is string => Boolean(r));
  return [...new Set(refs.map((r) => normaliseRef(naming, r)))];
}

function normaliseRef(naming: TicketNaming, ref: string): string {
  const number = ref.slice(ref.lastIndexOf('-') + 1);
  return formatTicketRef(naming.prefix, Number(number));
}

export function hostOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
