// Turns a parsed message into what intake classifies: the text (or the HTML as text), the files'
// names and types, the text of attached tables, the recipients and the date. Pure.
import { defaultRenderingMatch, htmlVisibleText } from './reply/html-text.ts';
import type { IntakeInput } from '../intake/types.ts';
import type { ParsedMessage } from './types.ts';

/** The classifier's view of a parsed message: text (or HTML converted), attachments, text attachments, recipients. */
export function toIntakeInput(message: ParsedMessage): IntakeInput {
  const text = bodyText(message);
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

/**
 * The body as text. An HTML-only mail arrives with the parser's plain conversion, which runs a table's
 * cells together ("Client IDAna40233"); such a mail is read as the note reads it (reply/html-text.ts):
 * its visible text, a table one row a line with its cells apart ("Client ID | Name"). A text part of
 * the sender's own is read as written, columns lined up with spaces included.
 */
function bodyText(message: ParsedMessage): string {
  if (!message.html) return message.text;
  if (!message.text.trim() || defaultRenderingMatch(message.text, message.html) === 'exact') return htmlVisibleText(message.html);
  return message.text;
}
