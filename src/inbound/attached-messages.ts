// Reads the mail a message carries as attachments ("forward as attachment": message/rfc822 parts)
// with our own parse stage: who wrote each, when, its subject and its text, bounded like any text
// the stages read. Pure: bytes in, data out (mailparser, through parse.ts).
import { parseMessage, SMALL_PART_BYTES } from './parse.ts';
import { limitMessageText, limitText, MAX_INTAKE_CHARS } from './text-limits.ts';
import { withoutControlCharacters } from './control-characters.ts';
import type { AttachmentInfo, ParsedMessage } from './types.ts';

/** One attached message as it is read: its header fields as a forward shows them, and its text. */
export interface AttachedMessage {
  /** "Name <address>", or the address; '' when it names no sender. */
  from: string;
  /** The Date header as written; '' when absent. */
  date: string;
  subject: string;
  text: string;
}

/** More attached messages than this are left to the raw mail (a forward passes on one or two). */
const MAX_ATTACHED_MESSAGES = 3;

/** A message/rfc822 part (message/global: RFC 6532), whatever the sender called the file. */
function isAttachedMessage(a: AttachmentInfo): boolean {
  return a.contentType === 'message/rfc822' || a.contentType === 'message/global';
}

/**
 * The attached messages of `msg`, in order. Only a part whose bytes the parse kept (at most
 * SMALL_PART_BYTES when the worker parses) is read; one that cannot be parsed, or holds no text, is
 * left out. Its own attachments are not read: one level, as a forward shows it.
 */
export async function readAttachedMessages(msg: ParsedMessage): Promise<AttachedMessage[]> {
  const out: AttachedMessage[] = [];
  for (const part of msg.attachments) {
    if (out.length >= MAX_ATTACHED_MESSAGES) break;
    if (!isAttachedMessage(part) || !part.content || part.content.length > SMALL_PART_BYTES) continue;
    let attached: ParsedMessage;
    try {
      attached = limitMessageText(await parseMessage(part.content, { keepAttachmentContent: false }));
    } catch {
      // Bytes that are no mail are still a file on the ticket; there is just no text to read.
      continue;
    }
    const text = limitText(attached.text, MAX_INTAKE_CHARS).trim();
    if (text === '') continue;
    const from = attached.from ? (attached.from.name ? `${attached.from.name} <${attached.from.address}>` : attached.from.address) : '';
    const date = withoutControlCharacters(attached.headers['date']?.[0] ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
    out.push({ from, date, subject: attached.subject, text });
  }
  return out;
}

/**
 * The attached message as a forward written inline shows it: the opening line, its From, Date and
 * Subject, a blank line and its text. Intake reads it as such a forward (facts passed on; the
 * header lines say who wrote when, nothing more).
 */
export function attachedMessageText(m: AttachedMessage): string {
  const fields = [m.from && `From: ${m.from}`, m.date && `Date: ${m.date}`, m.subject && `Subject: ${m.subject}`].filter(Boolean);
  return ['---------- Forwarded message ---------', ...fields, '', m.text].join('\n');
}
