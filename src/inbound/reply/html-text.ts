// Turns an HTML mail body into its visible text for reply extraction: paragraphs, line breaks,
// list items and link texts kept (not link targets or bullet glyphs), images and styles dropped, <blockquote> rendered as "> " lines, and a
// marker line put where a client's quoted history begins (Outlook divRplyFwdMsg/#appendonsend,
// Thunderbird moz-cite-prefix, Apple/Outlook for Mac OLK_SRC_BODY_SECTION, Yahoo, Zimbra).
// Pure: html-to-text does the parsing; no I/O.
import { convert, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';

/** A line that cannot occur in mail: everything from it down is quoted history. */
export const QUOTE_CUT_LINE = '\uE000deskmail-quoted-history\uE000';

/** Elements that open a client's quoted history. */
const HISTORY_SELECTORS = [
  'div#divRplyFwdMsg',
  '#appendonsend',
  '#OLK_SRC_BODY_SECTION',
  '.moz-cite-prefix',
  '.yahoo_quoted',
  '#mail-editor-reference-message-container',
  '#reply-intro',
  '.zmail_extra',
  '[data-marker=__QUOTED_TEXT__]',
  '.OutlookMessageHeader',
];

/** HTML bigger than this is cut before conversion: a note never needs more. */
const MAX_HTML_CHARS = 2_000_000;


const quoteCut: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(QUOTE_CUT_LINE);
  builder.closeBlock({ trailingLineBreaks: 1 });
  walk(elem.children, builder);
};

/** A bulleted list as its visible text: one line per item, no bullet character. */
const plainList: FormatCallback = (elem, walk, builder, options) => {
  builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 2 });
  for (const item of elem.children ?? []) {
    if ((item as { type?: string }).type === 'text' && /^\s*$/.test((item as { data?: string }).data ?? '')) continue;
    builder.openBlock({ leadingLineBreaks: 1 });
    walk([item], builder);
    builder.closeBlock({ trailingLineBreaks: 1 });
  }
  builder.closeBlock({ trailingLineBreaks: options.trailingLineBreaks ?? 2 });
};

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // Mail nests a few dozen levels at most; deeper trees are garbage and slow to walk.
  limits: { maxDepth: 64, maxChildNodes: 20_000, maxInputLength: MAX_HTML_CHARS },
  formatters: { quoteCut, plainList },
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'title', format: 'skip' },
    // The note is the visible text (reply-conventions): a link shows its text, not its target,
    // and list items are lines without a bullet character.
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'ul', format: 'plainList', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'hr', options: { length: 20 } },
    // Word/Outlook paragraphs have no margin: one paragraph is one line, and the empty
    // paragraphs between them are the blank lines the person sees.
    { selector: 'p.MsoNormal', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'p.MsoPlainText', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    ...HISTORY_SELECTORS.map((selector) => ({ selector, format: 'quoteCut' })),
  ],
};

/** Deeper than this, tags are dropped before parsing: the parser slows down with depth. */
const MAX_NESTING = 200;
const VOID_TAGS = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr', 'param']);

/** Drops opening/closing tags nested deeper than MAX_NESTING; one linear pass, text untouched. */
function limitNesting(html: string): string {
  let depth = 0;
  return html.replace(/<(\/?)([a-zA-Z][\w:-]{0,40})[^<>]*>/g, (tag: string, close: string, name: string) => {
    if (VOID_TAGS.has(name.toLowerCase()) || tag.endsWith('/>')) return tag;
    if (close) {
      depth = Math.max(0, depth - 1);
      return depth >= MAX_NESTING ? '' : tag;
    }
    depth++;
    return depth > MAX_NESTING ? '' : tag;
  });
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Is `text` only the parser's default rendering of `html` (an HTML-only mail, whose text part
 * mailparser made up with link targets in brackets and "*" bullets)? Then the HTML is the
 * source: the note is its visible text. Compared after collapsing white space.
 */
export function isDefaultRenderingOf(text: string, html: string): boolean {
  if (text.trim() === '' || html.length > MAX_HTML_CHARS) return false;
  // The default rendering is never much longer than the HTML it came from.
  if (text.length > html.length + 64) return false;
  try {
    const rendered = convert(limitNesting(html), { limits: { maxDepth: 1000, maxInputLength: MAX_HTML_CHARS } });
    return squash(rendered.replace(/\u00a0/g, ' ')) === squash(text.replace(/\u00a0/g, ' '));
  } catch {
    return false;
  }
}

/** Readable text of an HTML body; '' when it cannot be read. */
export function htmlToText(html: string): string {
  const input = limitNesting(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  try {
    return convert(input, OPTIONS).replace(/\u00a0/g, ' ');
  } catch {
    // html-to-text is lenient; a failure here means the input is not HTML worth reading.
    return '';
  }
}
