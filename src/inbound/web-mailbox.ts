// What the web pages store for a person (a request from the form, a note with files, a follow-up
// opened from a closed ticket's page) is kept as the mail it stands for, in the inbound messages
// under a mailbox name of its own, which IMAP_MAILBOX may not take (config.ts): so the name tells a
// message the web pages wrote from mail anyone could send. Such a message carries no DKIM signature
// and no Received chain; its sender was proven by the person's signed-in session (and, for a
// follow-up, the signed reply address it is written to), not by DNS. Handled by the worker (held
// and released by an admin, or recovered after the web process stopped), it is decided with the
// verdict the web page decides it with, never the DNS check's. Pure.
import type { SenderAuth } from './sender-auth.ts';

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
