// Decides whether a message is a delivery report about our outgoing mail, and reads from it
// which recipients failed, with what status, and which of our messages came back. Pure.
// The report's own fields win (RFC 3464 Final-Recipient / Status / Action / Diagnostic-Code);
// mailer-daemon prose ("550 5.1.1 ... user unknown") is read only when there are none. Whether a
// message is a report at all is decided in kind/delivery-report.ts.
import { attachedDeliveryStatus, deliveryReportReason, htmlToRoughText } from './kind/delivery-report.ts';
import { compiledSigns, type CompiledSigns, type MailSigns } from './kind/signs.ts';
import { extractIds } from './parse.ts';
import type { BounceRecipient, BounceReport, ParsedMessage } from './types.ts';

export type { BounceRecipient, BounceReport } from './types.ts';
export { deliveryReportReason, isDaemonSender } from './kind/delivery-report.ts';

/** True when the message is a delivery report: RFC 3464 report, X-Failed-Recipients, or a mail system's failure notice. */
export function isDeliveryReport(msg: ParsedMessage, signs: MailSigns): boolean {
  return deliveryReportReason(msg, compiledSigns(signs)) !== null;
}

/** The failed (or delayed) recipients and the returned original, or null for a message that is no delivery report. */
export function parseBounce(msg: ParsedMessage, signs: MailSigns): BounceReport | null {
  const c = compiledSigns(signs);
  if (deliveryReportReason(msg, c) === null) return null;
  return readBounceReport(msg, c);
}

/** The recipients and returned original of a message already known to be a delivery report. */
export function readBounceReport(msg: ParsedMessage, signs: CompiledSigns): BounceReport {
  const statusText = msg.deliveryStatus ?? attachedDeliveryStatus(msg);
  const fromReport = statusText ? withDiagnosticFromText(recipientsFromDeliveryStatus(statusText), msg) : [];
  const recipients = fromReport.length > 0 ? fromReport : recipientsFromText(msg, signs);
  const original = originalHeaders(msg);
  const originalMessageId = original ? (extractIds(headerValue(original, 'message-id'))[0] ?? null) : null;
  // Nearest first, as a reply's ids are read (inbound/thread.ts): the mail it answered, then its thread newest first.
  const originalReferences = original
    ? [...new Set([...extractIds(headerValue(original, 'in-reply-to')), ...extractIds(headerValue(original, 'references')).reverse()])]
    : [];
  return { recipients, originalMessageId, originalReferences, temporary: isTemporary(msg, recipients, signs) };
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

function recipientsFromText(msg: ParsedMessage, signs: CompiledSigns): BounceRecipient[] {
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
    const diagnosticLine = lines.find((l) => ENHANCED_STATUS.test(l) || REPLY_CODE_LINE.test(l)) ?? lines.find((l) => signs.failureText.test(l));
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
  return /^[ \t]*message-id[ \t]*:/im.test(copy) ? copy.slice(0, 256 * 1024) : null;
}

/** First value of a header in a raw header block (unfolded), or null. */
function headerValue(block: string, name: string): string | null {
  const unfolded = block.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  // Blanks only around the name: `\s*` at a line's start reads on through runs of line breaks.
  const re = new RegExp(`^[ \\t]*${name}[ \\t]*:[ \\t]*(.*)$`, 'im');
  return re.exec(unfolded)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------

/**
 * A delay notice: the server is still trying. RFC 3464 Action decides (delayed vs failed: a 4.x.x
 * status with Action: failed means the server gave up); without Action, a 4.x.x status or a delay
 * subject with no 5.x.x status.
 */
function isTemporary(msg: ParsedMessage, recipients: BounceRecipient[], signs: CompiledSigns): boolean {
  if (recipients.length === 0) return signs.delaySubject.test(msg.subject);
  return recipients.every((r) => {
    if (r.action) return r.action === 'delayed';
    if (r.status) return r.status.startsWith('4');
    return signs.delaySubject.test(msg.subject);
  });
}
