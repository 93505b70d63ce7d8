// What the web pages store for a person (a request from the form, a note with files, a follow-up
// opened from a closed ticket's page) is kept as the mail it stands for, in the inbound messages
// under a mailbox name of its own, which IMAP_MAILBOX may not take (config.ts): so the name tells a
// message the web pages wrote from mail anyone could send. Such a message carries no DKIM signature
// and no Received chain; its sender was proven by the person's signed-in session (and, for a
// follow-up, the signed reply address it is written to), not by DNS. Handled by the worker (held
// and released by an admin, or recovered after the web process stopped), it is decided with the
// verdict the web page decides it with, never the DNS check's, and read as the page reads it: a
// person's (never an autoresponder's, whatever its words), its text whole as typed and never read
// for commands (the page's buttons are its actions), and a new ticket keeps the names and the type
// chosen on the form, as the page keeps them when it files the form itself. Pure.
import type { SenderAuth } from './sender-auth.ts';
import type { MailKindVerdict, ParsedMessage } from './types.ts';
import type { PersonRef, TicketChange } from '../tickets/ticket-change.ts';
import { TICKET_TYPES, type TicketType } from '../tickets/types.ts';

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

/**
 * The kind of a message the web pages wrote: a person's, as the page files it. Its words are what a
 * person typed ("I am out of the office until Monday ...", a summary "Out of office: who covers my
 * cases"), which in a mail would be an autoresponder's; nor does it carry any header an automatic
 * mail does, so it may be answered (mayAnswer), as the page answers it.
 */
export const WEB_VERDICT: MailKindVerdict = { kind: 'person', reason: 'written by the web pages for the signed-in person' };

/**
 * What the person typed, as the page keeps it (the request's description, the follow-up's note): the
 * message's whole text, only the blank space around it taken off, as the page trims the field. None
 * of a mail's reading applies: a `-- ` line is no signature, "Sent from my iPhone" no client's
 * sign-off, a line "On ... wrote:" or starting with `>` no quoted history (inbound/reply-text.ts).
 */
export function typedText(msg: ParsedMessage): string {
  return msg.text.trim();
}

/**
 * The header in which a request from the form records the type the person chose (the guide's three
 * choices): honoured only on a message the web pages stored (isWebMailboxName), never on fetched
 * mail, which anyone can write any header into.
 */
export const FORM_TYPE_HEADER = 'X-Deskmail-Form-Type';

/** The type the form's message records (FORM_TYPE_HEADER), or null when it records none the guide offers. */
export function formTypeOf(msg: ParsedMessage): TicketType | null {
  const values = msg.headers[FORM_TYPE_HEADER.toLowerCase()] ?? [];
  const type = values.length === 1 ? values[0]!.trim().toLowerCase() : '';
  return (TICKET_TYPES as readonly string[]).includes(type) ? (type as TicketType) : null;
}

/** A new ticket, as a message the web pages wrote opens one. */
type NewTicketChange = Extract<TicketChange, { kind: 'create' }>;

/** What the person gave on the form beyond its text: the names typed, and the type chosen (null: none, intake's stays). */
export interface FormAnswers {
  names: readonly { email: string; name: string }[];
  type: TicketType | null;
}

/**
 * The new ticket with what the person gave on the form. The type chosen on the request form replaces
 * the one intake guessed (intake was already given it, so what it asks and the priority it sets are
 * the chosen type's: pipeline.ts, web/submit-request.ts); intake keeps everything else. The names typed (the signed-in person's and
 * those of the people they add) are kept as the form gave them: a mail's names are kept only when the
 * mail proves its sender (inbound/decide.ts), which a form does not need. A requester's name for the
 * help desk's own people (`helpDesk`, lower-cased) is not theirs to give: it would show in every
 * status mail ("assigned to IT Security Team"). The same whether the page files the form or the
 * worker files what the page stored (held and released, or recovered); a name typed empty leaves the
 * one decided.
 */
export function withFormAnswers(change: NewTicketChange, answers: FormAnswers, helpDesk: ReadonlySet<string>): NewTicketChange {
  const submitter = change.submitter.email.toLowerCase();
  const mayName = (email: string) => email === submitter || helpDesk.has(submitter) || !helpDesk.has(email);
  const names = new Map(answers.names.map((p) => [p.email.toLowerCase(), p.name.trim()] as const).filter(([email]) => mayName(email)));
  const named = <T extends PersonRef>(p: T): T => ({ ...p, name: names.get(p.email.toLowerCase()) || p.name });
  return {
    ...change,
    ticket: answers.type ? { ...change.ticket, type: answers.type } : change.ticket,
    submitter: named(change.submitter),
    participants: change.participants.map((p) => ({ ...p, person: named(p.person) })),
  };
}
