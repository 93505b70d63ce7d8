// Decides what kind of mail a parsed message is: a person's mail, an autoresponder's, a
// bounce, list/bulk mail, or our own mail coming back. Pure; the rules follow the team's
// reply conventions ("The kind of a message") and RFC 3834, the wording comes from the loaded
// mail signs (config/mail-signs.yaml) and each concern has its detector in kind/. Checks run
// strongest first: bounce, own, auto-reply, list, and a person's mail is whatever is left.
import { readBounceReport } from './bounce.ts';
import { asksSomething, ownText, saysAbsentNow, saysAcknowledgement, saysAutomatic, saysAwayUntil, saysCalendarAutoDecline, saysDeparted, saysNothingButAbsence, saysUnmonitored } from './kind/body-signs.ts';
import { deliveryReportReason } from './kind/delivery-report.ts';
import { hasListHeaders, listReason } from './kind/list-headers.ts';
import { hasAutoSubmitted, isAutoReplied, isHumanDeclared, precedenceOf } from './kind/rfc3834-headers.ts';
import { compiledSigns, type CompiledSigns, type MailSigns } from './kind/signs.ts';
import { isWeakAutoReplyMarker, readSubjectSigns } from './kind/subject-signs.ts';
import { autoreplyHeaderReason, hasAutoResponseSuppress, hasForeignLoopHeader, isExchangeRuleGenerated } from './kind/vendor-headers.ts';
import type { MailKindContext, MailKindVerdict, ParsedMessage } from './types.ts';
import type { TextPartReadings } from './reply-text.ts';

export type { MailKindContext, MailKindVerdict } from './types.ts';
export type { MailSigns } from './kind/signs.ts';
export { hasAutoSubmitted } from './kind/rfc3834-headers.ts';

/** `readings`: the message's text parts read so far, shared with the reply stage (reply-text.ts). */
export function detectMailKind(msg: ParsedMessage, ctx: MailKindContext, signs: MailSigns, readings?: TextPartReadings): MailKindVerdict {
  const c = compiledSigns(signs);
  // A bounce first: our own MTA's reports can carry our domain in their Message-ID.
  const bounceReason = deliveryReportReason(msg, c);
  if (bounceReason) return { kind: 'bounce', reason: bounceReason, bounce: readBounceReport(msg, c) };

  const ownReason = ownMailReason(msg, ctx);
  if (ownReason) return { kind: 'own', reason: ownReason };

  const autoReason = autoReplyReason(msg, c, readings);
  if (autoReason) return { kind: 'auto_reply', reason: autoReason };

  const list = listReason(msg);
  if (list) return { kind: 'list', reason: list };

  return { kind: 'person', reason: isHumanDeclared(msg) ? 'auto-submitted: no' : 'no automatic signs' };
}

// ---------------------------------------------------------------------------------------
// Own mail.

export function hasOwnLoopHeader(msg: ParsedMessage, loopHeader: string): boolean {
  const name = loopHeader.trim().toLowerCase();
  return name !== '' && (msg.headers[name] ?? []).length > 0;
}

function ownMailReason(msg: ParsedMessage, ctx: MailKindContext): string | null {
  if (hasOwnLoopHeader(msg, ctx.loopHeader)) return 'own loop header';
  const domain = ctx.ownMessageIdDomain.trim().toLowerCase();
  if (domain && msg.messageId) {
    const idDomain = msg.messageId.slice(msg.messageId.lastIndexOf('@') + 1).toLowerCase();
    if (msg.messageId.includes('@') && idDomain === domain) return 'own message-id domain';
  }
  const own = new Set(ctx.ownAddresses.map((a) => a.trim().toLowerCase()));
  if (msg.from && own.has(msg.from.address)) return 'from own address';
  return null;
}

// ---------------------------------------------------------------------------------------
// Auto-replies: the headers decide first, then subject and body signs together.

function autoReplyReason(msg: ParsedMessage, signs: CompiledSigns, readings: TextPartReadings | undefined): string | null {
  // RFC 3834 5.1: a person declared it; no heuristic overrides that.
  if (isHumanDeclared(msg)) return null;
  // A newsletter or list notification is machine-made too, but it is list mail unless it answers
  // something: only auto-replied (not auto-generated) outranks the list headers.
  const listHeaders = hasListHeaders(msg);
  if (hasAutoSubmitted(msg) && (!listHeaders || isAutoReplied(msg))) return 'auto-submitted header';
  const vendorHeader = autoreplyHeaderReason(msg);
  if (vendorHeader) return vendorHeader;
  const report = (msg.contentTypeParams['report-type'] ?? '').toLowerCase();
  if (msg.contentType === 'multipart/report' && report.includes('disposition-notification')) return 'disposition notification';

  const subject = msg.subject.trim();
  const s = readSubjectSigns(subject, signs);
  const subjectSaysAuto = !s.isReplyOrForward && (s.hasAutoReplyMarker || s.hasAutoReplyPhrase);
  const body = ownText(msg, readings);
  // An autoresponder answers mail we sent: it names our thread or ticket. A fresh subject
  // with an absence in the body is a person telling us about their leave.
  // A calendar response ("Declined: ...") answers our invitation.
  const threaded = s.isReplyOrForward || s.isCalendarReply || msg.inReplyTo.length > 0 || msg.references.length > 0 || s.namesTicket;
  const answersUs = threaded || s.hasAutoReplyMarker;
  // An absence in the body counts only when the notice is all the sender wrote: a person on leave
  // who also writes about the request ("I am on vacation until 3/10 but the report is still wrong")
  // is a person (../shared/notes/reply-conventions.md: a human reply is still a person).
  const saysAbsence = (saysAbsentNow(body, signs) || (answersUs && saysAwayUntil(body, signs))) && saysNothingButAbsence(body, signs);
  const bodySaysAuto =
    saysAutomatic(body, signs) ||
    saysAbsence ||
    (answersUs && (saysDeparted(body, signs) || saysUnmonitored(body, signs))) ||
    (s.isCalendarReply && saysCalendarAutoDecline(body, signs));
  const precedence = precedenceOf(msg);
  if (/^(?:auto_reply|auto-reply|autoreply)$/.test(precedence)) return 'precedence auto_reply';
  // List headers outrank wording: a post to a list or group may well be titled "Out of office: ...".
  // Only the headers above (RFC 3834, X-Autoreply, Precedence) make list mail an autoresponder's.
  if (listHeaders) return null;

  // Exchange marks its out-of-office answers this way; the header alone also rides on ordinary mail.
  if (hasAutoResponseSuppress(msg) && (isExchangeRuleGenerated(msg) || subjectSaysAuto || bodySaysAuto)) return 'x-auto-response-suppress with autoreply signs';
  // "Out of office: how do I set it?" as a new mail that asks something is a person's question.
  const asksUs = !bodySaysAuto && asksSomething(body, signs) && msg.inReplyTo.length === 0 && msg.references.length === 0;
  if (subjectSaysAuto && !isWeakAutoReplyMarker(subject, threaded, signs) && !asksUs) return 'ooo subject';
  if (s.hasAutoReplyPhrase && s.isReplyOrForward && bodySaysAuto) return 'ooo subject';
  const bulk = /^(?:bulk|junk|list|auto_reply)$/.test(precedence);
  const loop = hasForeignLoopHeader(msg);
  if (!s.isReplyOrForward && s.isAcknowledgement && (bulk || loop || s.namesTicket || saysAcknowledgement(body, signs))) return 'help desk acknowledgement';
  if (!s.isReplyOrForward && (bulk || loop) && saysAcknowledgement(body, signs) && s.namesTicket) return 'help desk acknowledgement';
  if (bodySaysAuto) return 'ooo body';
  return null;
}
