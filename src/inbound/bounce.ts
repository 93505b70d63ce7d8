// Decides whether a message is a delivery report about our outgoing mail, and reads from it
// which recipients failed, with what status, and which of our messages came back. Pure.
// The report's own fields win (RFC 3464 Final-Recipient / Status / Action / Diagnostic-Code);
// mailer-daemon prose ("550 5.1.1 ... user unknown") is read only when there are none.
import { extractIds } from './parse.ts';
import type { BounceRecipient, BounceReport, ParsedMessage } from './types.ts';

export type { BounceRecipient, BounceReport } from './types.ts';

/** Local parts that only mail systems send from. */
const DAEMON_LOCAL_PART = /^(mailer-daemon|mailer_daemon|maildaemon|mail-daemon|postmaster|mdaemon|mail\.delivery\.system|bounces?|microsoftexchange[0-9a-f]{32})$/i;

// Subjects mail systems give their failure and delay notices (a reply's "Re:" excluded).
const FAILURE_SUBJECT =
  /^(undeliver(ed|able)\b|undelivered mail|returned mail\b|mail delivery (failed|failure|subsystem)|delivery (status notification|failure|has failed|notification|failed|delayed|report)|failure notice|non[- ]?delivery|warning: (could not send|message .* delayed)|delayed mail|delivery status|notice: mail delivery status|mail failure|message not delivered|message (rejected|blocked)\b|delivery failure\b|unzustellbar|nicht zustellbar|non remis|non recapitabile|no se puede entregar|onbestelbaar|benachrichtig?ung zum \S*bermittlungsstatus|\S*bermittlungsstatus)/i;
const FAILURE_SUBJECT_ANYWHERE = /(mail delivery failed|delivery failure|undeliverable|undelivered|not (yet )?delivered|returned to sender|returned mail|could not be delivered|delivery status notification|mail failure|mail system error|delivery problem|non recapitabile|no entregado|não entregue|impossible de remettre|non distribuable|nicht zugestellt|niet bezorgd|onbestelbaar)/i;

// Opening lines of mailer-daemon prose.
const FAILURE_TEXT = [
  /this is the mail system at host/i,
  /i'm sorry to have to inform you that your message could not/i,
  /this message was created automatically by mail delivery software/i,
  /delivery to the following recipients? (failed|has been delayed)/i,
  /could not be delivered to (one or more|the following) recipients?/i,
  /this is the qmail-send program/i,
  /the following addresses? had (permanent fatal|transient non-fatal) errors/i,
  /delivery has failed to these recipients/i,
  /your message (did not|could not|couldn't|wasn't|was not|can't|cannot) (reach|be delivered)/i,
  /the original message was received at/i,
  /message (could not|couldn't|can't|cannot) be delivered|(hasn't|has not) (yet )?been delivered/i,
  /was (rejected|blocked) by the recipient's|(mailbox|inbox) (is )?(full|over (its )?quota)|quota exceeded|exceeds the size limit|message too large/i,
  // An SMTP reply with its enhanced status code ("452 4.2.2 Mailbox full"), from a mail system.
  /\b[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}\b/,
  /unable to deliver (your )?message/i,
  /permanent(ly)? (error|failure)|failed permanently/i,
  /has not yet been delivered|delivery (is|has been) delayed|will (retry|keep trying)/i,
  /not listed in (the )?domino directory/i,
  /user unknown|mailbox unavailable|no such user|recipient address rejected|does not like recipient/i,
  /\b(?:was|is|were) undeliverable\b|\bundeliverable (?:due|because)\b/i,
  // The same in the languages mail systems localise their notices to.
  /konnte nicht (?:zugestellt|übermittelt) werden|n'a pas pu être (?:remis|distribué|délivré)|no (?:se )?(?:pudo|ha podido) (?:ser )?entregar|non (?:è stato possibile recapitare|può essere recapitato)|não (?:pôde|foi possível) ser entregue|kon niet (?:worden )?(?:bezorgd|afgeleverd)/i,
];

/** True when the message is a delivery report: RFC 3464 report, X-Failed-Recipients, or a mail system's failure notice. */
export function isDeliveryReport(msg: ParsedMessage): boolean {
  return deliveryReportReason(msg) !== null;
}

/** Which sign made the message a delivery report, or null. */
export function deliveryReportReason(msg: ParsedMessage): string | null {
  const reportType = (msg.contentTypeParams['report-type'] ?? '').toLowerCase();
  if (msg.contentType === 'multipart/report' && reportType.includes('delivery-status')) return 'delivery-status report';
  if (msg.deliveryStatus && /^\s*(final|original)-recipient\s*:/im.test(msg.deliveryStatus)) return 'delivery-status part';
  if ((msg.headers['x-failed-recipients'] ?? []).some((v) => v.trim() !== '')) return 'x-failed-recipients header';
  const subject = msg.subject.trim();
  const isReplyOrForward = /^(re|aw|sv|fw|fwd|wg|tr|rv|enc)\s*:/i.test(subject);
  const failureSubject = !isReplyOrForward && (FAILURE_SUBJECT.test(subject) || FAILURE_SUBJECT_ANYWHERE.test(subject));
  const failureText = FAILURE_TEXT.some((re) => re.test(ownText(msg)));
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

function hasNullReturnPath(msg: ParsedMessage): boolean {
  return msg.returnPath === '' || (msg.headers['return-path'] ?? []).some((v) => /^<\s*>$/.test(v.trim()));
}

/** The delivery-status fields of a report attached whole (message/rfc822) to this message, or null. */
function attachedDeliveryStatus(msg: ParsedMessage): string | null {
  for (const a of msg.attachments) {
    if (a.contentType !== 'message/rfc822' || !a.content) continue;
    const text = a.content.subarray(0, 256 * 1024).toString('utf8').replace(/\r\n?/g, '\n');
    const start = text.search(/^content-type:\s*message\/delivery-status/im);
    if (start < 0) continue;
    const part = text.slice(start).replace(/^[^\n]*\n/, '');
    const end = part.search(/\n--\S/);
    const fields = end >= 0 ? part.slice(0, end) : part;
    if (/^\s*(final|original)-recipient\s*:/im.test(fields)) return fields;
  }
  return null;
}

/** From, Sender or Return-Path is a mail system (mailer-daemon, postmaster). */
export function isDaemonSender(msg: ParsedMessage): boolean {
  const candidates = [msg.from?.address, msg.sender?.address, msg.returnPath ?? undefined];
  if (candidates.some((a) => a && DAEMON_LOCAL_PART.test(a.split('@')[0] ?? ''))) return true;
  // "From: MAILER-DAEMON (Mail Delivery System)" carries no address at all.
  return (msg.headers['from'] ?? []).some((v) => /^\s*"?(mailer-daemon|postmaster)\b/i.test(v) || /mail delivery (system|subsystem)/i.test(v));
}

/** The failed (or delayed) recipients and the returned original, or null for a message that is no delivery report. */
export function parseBounce(msg: ParsedMessage): BounceReport | null {
  if (!isDeliveryReport(msg)) return null;
  const statusText = msg.deliveryStatus ?? attachedDeliveryStatus(msg);
  const fromReport = statusText ? withDiagnosticFromText(recipientsFromDeliveryStatus(statusText), msg) : [];
  const recipients = fromReport.length > 0 ? fromReport : recipientsFromText(msg);
  const original = originalHeaders(msg);
  const originalMessageId = original ? (extractIds(headerValue(original, 'message-id'))[0] ?? null) : null;
  const originalReferences = original
    ? [...new Set([...extractIds(headerValue(original, 'references')), ...extractIds(headerValue(original, 'in-reply-to'))])]
    : [];
  return { recipients, originalMessageId, originalReferences, temporary: isTemporary(msg, recipients) };
}

// ---------------------------------------------------------------------------------------
// RFC 3464 fields.

/** Per-recipient field groups of a message/delivery-status body. */
function recipientsFromDeliveryStatus(text: string): BounceRecipient[] {
  const unfolded = text.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  const groups = unfolded.split(/\n\s*\n/);
  const out: BounceRecipient[] = [];
  for (const group of groups) {
    const fields = new Map<string, string>();
    for (const line of group.split('\n')) {
      const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line.trim());
      if (m && !fields.has(m[1]!.toLowerCase())) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
    }
    const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
    if (!recipient) continue;
    const address = addressOfTypedField(recipient);
    if (!address) continue;
    const diagnostic = fields.get('diagnostic-code');
    const status = refineStatus(/\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(fields.get('status') ?? '')?.[1] ?? null, diagnostic ?? '');
    out.push({
      address,
      status,
      action: fields.get('action')?.toLowerCase().split(/[\s(]/)[0] || null,
      diagnostic: diagnostic ? diagnostic.replace(/^[a-z0-9-]+\s*;\s*/i, '').trim() || null : null,
    });
  }
  return out;
}

/** A report without Diagnostic-Code often quotes the server's reply in its human part ("554 <a@b>... Service unavailable"). */
function withDiagnosticFromText(recipients: BounceRecipient[], msg: ParsedMessage): BounceRecipient[] {
  if (recipients.every((r) => r.diagnostic)) return recipients;
  const lines = msg.text.slice(0, 64 * 1024).split(/\r?\n/);
  return recipients.map((r) => {
    if (r.diagnostic) return r;
    const line = lines.find((l) => l.toLowerCase().includes(r.address) && REPLY_CODE_LINE.test(l));
    return line ? { ...r, diagnostic: line.trim().slice(0, 500), status: refineStatus(r.status, line) } : r;
  });
}

/**
 * The status is the report's own Status field (RFC 3464), even a generic `5.0.0`: the specific
 * code a server put in its reply stays readable in the diagnostic. Only a report that gives
 * no Status at all takes the first enhanced code (RFC 3463) from its diagnostic.
 */
function refineStatus(status: string | null, diagnostic: string): string | null {
  if (status !== null) return status;
  const code = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(diagnostic);
  return code ? `${code[1]}.${code[2]}.${code[3]}` : null;
}

/** `rfc822; <a@b>` -> `a@b`. */
function addressOfTypedField(value: string): string | null {
  const bare = value.replace(/^[a-z0-9-]+\s*;\s*/i, '').replace(/[<>]/g, '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(bare) ? bare : null;
}

// ---------------------------------------------------------------------------------------
// Mailer-daemon prose.

// Where the returned copy starts in a prose bounce; nothing after it speaks of the failure.
const RETURNED_COPY =
  /^(.*this is a copy of the message.*|.*below this line is a copy of the message.*|-+ ?(original|returned|undelivered) message ?-+.*|.*original message follows.*|-+ ?the header of the original message.*|.*here is a copy of the first part of the message.*|content-type: message\/rfc822.*|(return-path|received|message-id|dkim-signature)\s*:.*)$/im;
const ENHANCED_STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const REPLY_CODE_LINE = /\b([245]\d\d)[ -]/;

function recipientsFromText(msg: ParsedMessage): BounceRecipient[] {
  const full = (msg.text || htmlToRoughText(msg.html ?? '')).replace(/\r\n?/g, '\n');
  const cut = full.search(RETURNED_COPY);
  const region = (cut > 0 ? full.slice(0, cut) : full).slice(0, 64 * 1024);
  const ignore = new Set([...msg.to.map((a) => a.address), msg.from?.address].filter(Boolean) as string[]);

  const listed = (msg.headers['x-failed-recipients'] ?? []).flatMap((v) => addressesIn(v));
  const addresses = listed.length > 0 ? listed : addressesIn(region).filter((a) => !ignore.has(a));
  const unique = [...new Set(addresses)].slice(0, 50);
  const lowerRegion = region.toLowerCase();
  return unique.map((address) => {
    const at = lowerRegion.indexOf(address);
    // What the server said about this recipient follows its address (qmail, Postfix, Exim, Gmail).
    const after = at >= 0 ? region.slice(at, at + 1200) : region;
    const lines = after.split('\n');
    const diagnosticLine = lines.find((l) => ENHANCED_STATUS.test(l) || REPLY_CODE_LINE.test(l)) ?? lines.find((l) => FAILURE_TEXT.some((re) => re.test(l)));
    const status = ENHANCED_STATUS.exec(after) ?? ENHANCED_STATUS.exec(region);
    return {
      address,
      status: status ? `${status[1]}.${status[2]}.${status[3]}` : null,
      action: null,
      diagnostic: diagnosticLine ? diagnosticLine.trim().slice(0, 500) : null,
    };
  });
}

function addressesIn(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9._%+'=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)].map((m) => m[0].toLowerCase().replace(/\.$/, ''));
}

function htmlToRoughText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------------------------------
// The returned original.

/** The returned message's header block: the report's third part, an attached message, or the copy quoted in the text. */
function originalHeaders(msg: ParsedMessage): string | null {
  if (msg.returnedHeaders) return msg.returnedHeaders;
  const attached = msg.attachments.find((a) => a.contentType === 'message/rfc822' && a.content);
  if (attached?.content) {
    const text = attached.content.subarray(0, 256 * 1024).toString('utf8');
    const end = text.search(/\r?\n\r?\n/);
    return end >= 0 ? text.slice(0, end) : text;
  }
  const text = msg.text.replace(/\r\n?/g, '\n');
  const cut = text.search(RETURNED_COPY);
  const copy = cut >= 0 ? text.slice(cut) : text;
  return /^\s*message-id\s*:/im.test(copy) ? copy.slice(0, 256 * 1024) : null;
}

/** First value of a header in a raw header block (unfolded), or null. */
function headerValue(block: string, name: string): string | null {
  const unfolded = block.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  const re = new RegExp(`^\\s*${name}\\s*:\\s*(.*)$`, 'im');
  return re.exec(unfolded)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------

const DELAY_SUBJECT = /\b(delay(ed)?|verz[öo]gert|retard|ritard|retras|vertraag|warning: could not send)/i;

/**
 * A delay notice: the server is still trying. RFC 3464 Action decides (delayed vs failed: a 4.x.x
 * status with Action: failed means the server gave up); without Action, a 4.x.x status or a delay
 * subject with no 5.x.x status.
 */
function isTemporary(msg: ParsedMessage, recipients: BounceRecipient[]): boolean {
  if (recipients.length === 0) return DELAY_SUBJECT.test(msg.subject);
  return recipients.every((r) => {
    if (r.action) return r.action === 'delayed';
    if (r.status) return r.status.startsWith('4');
    return DELAY_SUBJECT.test(msg.subject);
  });
}

/** The message's own prose: quoted lines and anything after a quote header are left out. */
function ownText(msg: ParsedMessage): string {
  const text = (msg.text || htmlToRoughText(msg.html ?? '')).slice(0, 16 * 1024);
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*>/.test(line)) continue;
    if (/^-{2,}\s*original message\s*-{2,}/i.test(line)) break;
    lines.push(line);
  }
  return lines.join('\n');
}
