// Turns a parsed message into what intake classifies: the text (or the HTML as text), the files'
// names and types, the text of attached tables, the recipients and the date. Pure.
import { convert } from 'html-to-text';
import type { IntakeInput } from '../intake/types.ts';
import type { ParsedMessage } from './types.ts';

/** Tables keep their rows and columns (a "Client ID" column stays readable); text is not re-wrapped. */
const HTML_AS_TEXT = { wordwrap: false as const, selectors: [{ selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } }] };

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
 * cells together ("Client IDAna40233"); such a mail is converted again keeping its columns.
 */
function bodyText(message: ParsedMessage): string {
  if (!message.html) return message.text;
  if (!message.text.trim()) return convert(message.html, HTML_AS_TEXT);
  const fromHtml = /<table/i.test(message.html) && message.text.trim() === convert(message.html).trim();
  return fromHtml ? convert(message.html, HTML_AS_TEXT) : message.text;
}
