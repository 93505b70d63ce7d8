// Delivery reports (RFC 3464, RFC 6522): the machine-readable status part and the returned headers.
import type { ParsedMail } from 'mailparser';
import { MAX_HEADER_BLOCK_BYTES } from './repair.ts';

const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_MESSAGE_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);

/** RFC 3464: the machine-readable part of a delivery report. */
export function deliveryStatusText(mail: ParsedMail): string | null {
  const parts = mail.attachments.filter((a) => DELIVERY_STATUS_TYPES.has((a.contentType ?? '').toLowerCase()));
  if (parts.length === 0) return null;
  return parts.map((a) => a.content.toString('utf8')).join('\n\n');
}

/** A report whose MIME structure is broken can still carry its RFC 3464 fields in the text. */
export function deliveryStatusInText(text: string): string | null {
  const at = text.search(/^(reporting-mta|final-recipient|original-recipient)\s*:/im);
  return at >= 0 ? text.slice(at, at + 16 * 1024) : null;
}

/** RFC 6522: the third part of a report carries the returned message or just its headers. */
export function returnedHeaderBlock(mail: ParsedMail, contentType: string): string | null {
  const inReport = contentType === 'multipart/report';
  const part = mail.attachments.find((a) => {
    const type = (a.contentType ?? '').toLowerCase();
    return type === 'text/rfc822-headers' || type === 'message/global-headers' || (inReport && RETURNED_MESSAGE_TYPES.has(type));
  });
  if (!part) return null;
  const text = part.content.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return (end >= 0 ? text.slice(0, end) : text).slice(0, MAX_HEADER_BLOCK_BYTES);
}
