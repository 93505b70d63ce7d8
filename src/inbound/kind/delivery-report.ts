// Decides whether a message is a delivery report about our outgoing mail: an RFC 3464 report, a
// report part, X-Failed-Recipients, or a mail system's failure notice (its sender, its subject,
// its prose). Pure: the notices' wording comes from the loaded mail signs (config/mail-signs.yaml);
// reading the recipients and statuses out of a report is bounce.ts's job.
import type { ParsedMessage } from '../types.ts';
import type { CompiledSigns } from './signs.ts';

/**
 * A report's recipient field at the start of a line. Only blanks before it: `^\s*` would read on
 * through every line break of a run from each line's start (quadratic on a part of blank lines).
 */
const REPORT_FIELD = /^[ \t]*(?:final|original)-recipient[ \t]*:/im;

/** Local parts that only mail systems send from. */
const DAEMON_LOCAL_PART = /^(?:mailer-daemon|mailer_daemon|maildaemon|mail-daemon|postmaster|mdaemon|mail\.delivery\.system|bounces?|microsoftexchange[0-9a-f]{32})$/i;

/** Which sign made the message a delivery report, or null. */
export function deliveryReportReason(msg: ParsedMessage, signs: CompiledSigns): string | null {
  const reportType = (msg.contentTypeParams['report-type'] ?? '').toLowerCase();
  if (msg.contentType === 'multipart/report' && reportType.includes('delivery-status')) return 'delivery-status report';
  if (msg.deliveryStatus && REPORT_FIELD.test(msg.deliveryStatus)) return 'delivery-status part';
  if ((msg.headers['x-failed-recipients'] ?? []).some((v) => v.trim() !== '')) return 'x-failed-recipients header';
  const subject = msg.subject.trim();
  const isReplyOrForward = signs.replyOrForward.test(subject);
  const failureSubject = !isReplyOrForward && (signs.failureSubjectStart.test(subject) || signs.failureSubjectPhrase.test(subject));
  const failureText = signs.failureText.test(ownProse(msg));
  if (isDaemonSender(msg) || isNdrMarked(msg)) {
    if (failureSubject) return 'mailer-daemon failure subject';
    if (failureText) return 'mailer-daemon failure text';
    // A relay passing on a report it received: the report rides as an attached message.
    if (attachedDeliveryStatus(msg)) return 'attached delivery-status report';
  }
  // A gateway that sends its notices from a named mailbox (GroupWise's gwia, "mailadmin", a
  // security gateway) still sends them with a null envelope sender; that alone is not enough
  // (autoresponders do it too), the failure subject and the failure prose both are.
  if (hasNullReturnPath(msg) && failureSubject && failureText) return 'null sender with failure subject and text';
  return null;
}

/** Exchange marks its non-delivery and delay reports with this header. */
function isNdrMarked(msg: ParsedMessage): boolean {
  return (msg.headers['x-ms-exchange-message-is-ndr'] ?? []).length > 0;
}

/** RFC 5321 null reverse-path: `Return-Path: <>`. */
export function hasNullReturnPath(msg: ParsedMessage): boolean {
  return msg.returnPath === '' || (msg.headers['return-path'] ?? []).some((v) => /^<\s*>$/.test(v.trim()));
}

/** From, Sender or Return-Path is a mail system (mailer-daemon, postmaster). */
export function isDaemonSender(msg: ParsedMessage): boolean {
  const candidates = [msg.from?.address, msg.sender?.address, msg.returnPath ?? undefined];
  if (candidates.some((a) => a && DAEMON_LOCAL_PART.test(a.split('@')[0] ?? ''))) return true;
  // "From: MAILER-DAEMON (Mail Delivery System)" carries no address at all.
  return (msg.headers['from'] ?? []).some((v) => /^\s*"?(?:mailer-daemon|postmaster)\b/i.test(v) || /mail delivery (?:system|subsystem)/i.test(v));
}

/** The delivery-status fields of a report attached whole (message/rfc822) to this message, or null. */
export function attachedDeliveryStatus(msg: ParsedMessage): string | null {
  for (const a of msg.attachments) {
    if (a.contentType !== 'message/rfc822' || !a.content) continue;
    const text = a.content.subarray(0, 256 * 1024).toString('utf8').replace(/\r\n?/g, '\n');
    const start = text.search(/^content-type:\s*message\/delivery-status/im);
    if (start < 0) continue;
    const part = text.slice(start).replace(/^[^\n]*\n/, '');
    const end = part.search(/\n--\S/);
    const fields = end >= 0 ? part.slice(0, end) : part;
    if (REPORT_FIELD.test(fields)) return fields;
  }
  return null;
}

/** Rough text of an HTML body: tags dropped, the three common entities decoded. */
export function htmlToRoughText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The notice's own prose: quoted lines and anything after a quote header are left out. */
function ownProse(msg: ParsedMessage): string {
  const text = (msg.text || htmlToRoughText(msg.html ?? '')).slice(0, 16 * 1024);
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*>/.test(line)) continue;
    if (/^-{2,}\s*original message\s*-{2,}/i.test(line)) break;
    lines.push(line);
  }
  return lines.join('\n');
}
