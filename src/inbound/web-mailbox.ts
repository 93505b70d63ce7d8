// What the web pages store for a person (a request from the form, a note with files, a follow-up
// opened from a closed ticket's page) is kept as the mail it stands for, in the inbound messages
// under a mailbox name of its own, which IMAP_MAILBOX may not take (config.ts): so the name tells a
// message the web pages wrote from mail anyone could send. Such a message carries no DKIM signature
// and no Received chain; its sender was proven by the person's signed-in session (and, for a
// follow-up, the signed reply address it is written to), not by DNS. Handled by the worker (held
// and released by an admin, or recovered after the web process stopped), it is decided with the
// verdict the web page decides it with, never the DNS check's; its text is never read for commands
// (the page's buttons are its actions), and a new ticket keeps the names typed on the form, as the
// page keeps them when it files the form itself. Pure.
import type { SenderAuth } from './sender-auth.ts';
import type { PersonRef, TicketChange } from '../tickets/ticket-change.ts';

/** The mailbox name the web pages store their messages under (never fetched or flagged over IMAP). */
export const WEB_MAILBOX = 'web';

/** Whether an IMAP folder name would be taken for the web pages' mailbox (compared without case or blanks around it). */
export function isWebMailboxName(name: string): boolean {
  return name.trim().toLowerCase() === WEB_MAILBOX;
}

/**
 * The sender verdict of a message the web pages wrote: not checked against DNS (it has nothing a
 * check could prove) and so neither proven by it nor forged; the session proved the person.
 */
export const WEB_SENDER_AUTH: SenderAuth = { verified: 'none', reason: 'written by the web pages for the signed-in person; not checked against DNS' };

/** A new ticket, as a message the web pages wrote opens one. */
type NewTicketChange = Extract<TicketChange, { kind: 'create' }>;

/**
 * The new ticket with the names typed on the request form (the signed-in person's and those of the
 * people they add) as the form gave them: a mail's names are kept only when the mail proves its
 * sender (inbound/decide.ts), which a form does not need. A requester's name for the help desk's own
 * people (`helpDesk`, lower-cased) is not theirs to give: it would show in every status mail
 * ("assigned to IT Security Team"). The same whether the page files the form or the worker files
 * what the page stored (held and released, or recovered); a name typed empty leaves the one decided.
 */
export function withTypedNames(change: NewTicketChange, typed: readonly { email: string; name: string }[], helpDesk: ReadonlySet<string>): NewTicketChange {
  const submitter = change.submitter.email.toLowerCase();
  const mayName = (email: string) => email === submitter || helpDesk.has(submitter) || !helpDesk.has(email);
  const names = new Map(typed.map((p) => [p.email.toLowerCase(), p.name.trim()] as const).filter(([email]) => mayName(email)));
  const named = <T extends PersonRef>(p: T): T => ({ ...p, name: names.get(p.email.toLowerCase()) || p.name });
  return { ...change, submitter: named(change.submitter), participants: change.participants.map((p) => ({ ...p, person: named(p.person) })) };
}
