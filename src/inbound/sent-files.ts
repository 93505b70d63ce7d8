// Decides which files of a message its sender sent, as against the images their mail client put in
// on its own. An attached file is sent; so is an inline one that the message places in what the
// person wrote (a screenshot pasted into the reply: Gmail's `[image: image.png]`, Outlook's
// `[cid:...]`, an HTML `<img src="cid:...">`) or nowhere at all (a phone's photo). An inline image
// the message places in its signature or its quoted history (a signature's logo, a picture in an
// earlier mail) is not. Pure.
import { htmlToText } from './reply/html-text.ts';
import { findImagePlaceholders } from './reply/signature.ts';
import { readBody, type Reading } from './reply-text.ts';
import type { AttachmentInfo, ParsedMessage } from './types.ts';

/** Where a reading places an image: in what the person wrote, or in the signature or history below it. */
interface Placed {
  ref: { cid: string } | { name: string };
  typed: boolean;
}

export function findSentFiles(msg: Pick<ParsedMessage, 'text' | 'html' | 'attachments'>): AttachmentInfo[] {
  if (msg.attachments.every((f) => !f.inline)) return msg.attachments;
  // The text part places images where clients write placeholders for them; the HTML, by its own
  // <img> tags, places those the text part does not name (read only when needed: it costs more).
  const fromText = placements(readBody(msg.text, 'text'));
  let fromHtml: Placed[] | null = null;
  const html = (): Placed[] => (fromHtml ??= msg.html ? placements(readBody(htmlToText(withImagePlaceholders(msg.html)), 'html')) : []);
  return msg.attachments.filter((file) => {
    if (!file.inline) return true;
    const placed = placementsOf(file, fromText);
    const found = placed.length > 0 ? placed : placementsOf(file, html());
    return found.length === 0 || found.some((p) => p.typed);
  });
}

/**
 * The images a reading names, each placed in what the person wrote when it stands above the first
 * line a rule cut as not theirs (a signature, a device line, the quoted history). Answers typed
 * further down, between quoted lines, are text: such a reply is a note whatever its files are.
 */
function placements(reading: Reading): Placed[] {
  const firstCut = reading.cuts.find((c) => c.rule !== 'image-placeholder')?.line ?? Infinity;
  return reading.lines.flatMap((line, i) => findImagePlaceholders(line).map((ref) => ({ ref, typed: i + 1 < firstCut })));
}

function placementsOf(file: AttachmentInfo, placed: Placed[]): Placed[] {
  return placed.filter(({ ref }) => ('cid' in ref ? file.contentId !== null && ref.cid.toLowerCase() === file.contentId.toLowerCase() : ref.name === file.filename));
}

const CID_SOURCE = /\ssrc\s?=\s?["']?cid:([^"'\s>]{1,300})/i;

/** The HTML with each `<img src="cid:...">` written as Outlook's text placeholder, so a reading sees where it stands. */
function withImagePlaceholders(html: string): string {
  // One pass by offsets: each tag is found once and ends at its first `>`.
  const parts: string[] = [];
  let from = 0;
  const tags = /<img/gi;
  for (let found = tags.exec(html); found; found = tags.exec(html)) {
    const end = html.indexOf('>', found.index);
    if (end < 0) break;
    const cid = CID_SOURCE.exec(html.slice(found.index, end))?.[1];
    parts.push(html.slice(from, found.index), cid ? `[cid:${cid}]` : html.slice(found.index, end + 1));
    from = end + 1;
    tags.lastIndex = from;
  }
  parts.push(html.slice(from));
  return parts.join('');
}
