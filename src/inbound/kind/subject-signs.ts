// What a subject line says about a message: a reply or forward, an autoresponder's marker or
// phrase, a calendar response, a ticket number, a help desk's acknowledgement. Pure: the wording
// comes from the loaded mail signs (config/mail-signs.yaml).
import type { CompiledSigns } from './signs.ts';

export interface SubjectSigns {
  /** "Re:", "AW:", "Fwd:" ...: the mail answers or passes on a conversation. */
  isReplyOrForward: boolean;
  /** Starts with an autoresponder's marker ("Automatic reply:", "Abwesenheitsnotiz"). */
  hasAutoReplyMarker: boolean;
  /** Calls itself an automatic answer anywhere ("XX - vacation response RE: ..."). */
  hasAutoReplyPhrase: boolean;
  /** A calendar response to an invitation ("Declined: ..."). */
  isCalendarReply: boolean;
  /** Names a ticket or case number. */
  namesTicket: boolean;
  /** Reads like a help desk's acknowledgement ("We have received your request"). */
  isAcknowledgement: boolean;
}

export function readSubjectSigns(subject: string, signs: CompiledSigns): SubjectSigns {
  const s = subject.trim();
  return {
    isReplyOrForward: signs.replyOrForward.test(s),
    hasAutoReplyMarker: signs.autoReplySubjectMarker.test(s),
    hasAutoReplyPhrase: signs.autoReplySubjectPhrase.test(s),
    isCalendarReply: signs.calendarReplySubject.test(s),
    namesTicket: signs.ticketToken.test(s),
    isAcknowledgement: signs.acknowledgementSubject.test(s),
  };
}

/**
 * A generic marker could be a person's own subject ("Away - back Monday", "Auto: parking permit").
 * Without a colon it needs more signs; an everyday word ("Auto") with one still needs the mail to
 * answer something of ours (a thread, a ticket token), as an autoresponder's does.
 */
export function isWeakAutoReplyMarker(subject: string, threaded: boolean, signs: CompiledSigns): boolean {
  const s = subject.trim();
  const m = signs.autoReplySubjectMarker.exec(s);
  if (!m || signs.autoReplySubjectPhrase.test(s)) return false;
  const marker = (m[1] ?? '').trim();
  if (!signs.genericSubjectMarker.test(marker)) return false;
  // What follows the marker: a colon, bracket or dash, or nothing (the phrases may hold groups of their own).
  const end = m[0].slice((m[1] ?? '').length).trim();
  return end !== ':' || (!threaded && signs.everydayWordMarker.test(marker));
}
