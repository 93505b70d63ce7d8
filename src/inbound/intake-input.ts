// Turns a parsed message into what intake classifies: the text (or the HTML as text), the files'
// names and types, the text of attached tables, the recipients and the date. Pure.
import { convert } from 'html-to-text';
import type { IntakeInput } from '../intake/types.ts';
import type { ParsedMessage } from './types.ts';

/** The classifier's view of a parsed message: text (or HTML converted), attachments, text attachments, recipients. */
export function toIntakeInput(message: ParsedMessage): IntakeInput {
  const text = message.text.trim() ? message.text : message.html ? convert(message.html, { wordwrap: false }) : '';
  const attachmentTexts = message.attachments
    .filter((a) => a.content && /^text\/(csv|plain|tab-separated-values)/.test(a.contentType))
    .map((a) => a.content!.toString('utf8'));
  return {
    subject: message.subject,
    text,
    attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
    attachmentTexts,
    to: message.to.map((a) => a.address),
    cc: message.cc.map((a) => a.address),
    ...(message.date ? { receivedAt: message.date } : {}),
  };
}
