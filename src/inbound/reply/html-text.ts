// Turns an HTML mail body into its visible text for reply extraction and intake: paragraphs, line
// breaks, list items and link texts kept (not link targets or bullet glyphs), a table one row a line
// with its cells apart ("Client ID | Name"), images and styles dropped,
// <blockquote> rendered as "> " lines, and a marker line put where a client's quoted history
// begins (Outlook divRplyFwdMsg/#appendonsend and their x_ copies, Outlook desktop's bordered
// From/Sent block, Apple/Outlook for Mac OLK_SRC_BODY_SECTION, Yahoo, Zimbra); Thunderbird's
// moz-cite-prefix is read as the first "> " line of the blockquote after it. A client's signature
// container outside quoted history sits between two marker lines, so reading can drop it whole. Text set in a colour
// inside quoted history starts its line with ANSWER_MARK, so reply extraction can keep answers
// typed into the quoted message.
// Pure: html-to-text does the parsing; no I/O.
import { convert, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';

/** A line that cannot occur in mail: everything from it down is quoted history. */
export const QUOTE_CUT_LINE = '\uE000deskmail-quoted-history\uE000';
/** Starts a line that was styled (coloured) inside quoted history: a candidate inline answer. */
export const ANSWER_MARK = '\uE001';
/** Lines that cannot occur in mail: what sits between them is a client's signature container. */
export const SIGNATURE_START_LINE = '\uE002deskmail-signature\uE002';
export const SIGNATURE_END_LINE = '\uE003deskmail-signature-end\uE003';

/**
 * Elements a mail client inserts a saved signature into. Structure, not words: whatever such an
 * element holds is the signature. Outlook desktop and on the web (`Signature`, its `x_` copy,
 * `divtagdefaultwrapper`'s signature div), Gmail, Apple Mail, Thunderbird, Yahoo, Zimbra, Zoho.
 */
const SIGNATURE_SELECTORS = [
  '#Signature',
  '[id$="_Signature"]',
  '#divSignature',
  '[id*="outlook-mobile-signature" i]',
  '.gmail_signature',
  '[data-smartmail="gmail_signature"]',
  '#AppleMailSignature',
  '.moz-signature',
  '[id*="yahoo_signature" i]',
  '[class*="signature" i][id*="ydp" i]',
  '#signature',
  '.signature',
  '[data-marker="__SIG_PRE__"]',
  '[data-marker="__SIG_POST__"]',
  '.zmail_signature_below',
  '.zmail_signature',
];

/** Elements that open a client's quoted history. */
const HISTORY_SELECTORS = [
  'div#divRplyFwdMsg',
  '#appendonsend',
  '#OLK_SRC_BODY_SECTION',
  '.yahoo_quoted',
  // Outlook's "x_" copies of an earlier message's ids, and Yahoo's generated "ydp...yahoo_quoted_..." names.
  '[id$="divRplyFwdMsg"]',
  '[id$="appendonsend"]',
  '[id$="OLK_SRC_BODY_SECTION"]',
  '[class*="yahoo_quoted"]',
  '[id*="yahoo_quoted"]',
  // Outlook desktop's From/Sent/To/Subject block sits in a div with a thin grey top border.
  'div[style*="border-top" i][style*="#E1E1E1" i]',
  'div[style*="border-top" i][style*="#B5C4DF" i]',
  '#mail-editor-reference-message-container',
  '#reply-intro',
  '.zmail_extra',
  '[data-marker=__QUOTED_TEXT__]',
  '.OutlookMessageHeader',
];

/**
 * Thunderbird's "On ... wrote:" line. Unlike the containers above it holds no history: the
 * <blockquote type="cite"> after it does, and the text after that quote is the person's again
 * (answers typed between the quoted questions). It is read as the first line of the quote.
 */
const CITE_PREFIX_SELECTORS = ['.moz-cite-prefix', '[class*="moz-cite-prefix"]'];

/** HTML bigger than this is cut before conversion: a note never needs more. */
const MAX_HTML_CHARS = 2_000_000;


// Set once the walk has passed a quote container: everything after it in document order is
// quoted history. html-to-text walks synchronously, one call at a time.
let inHistory = false;

const quoteCut: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(QUOTE_CUT_LINE);
  builder.closeBlock({ trailingLineBreaks: 1 });
  inHistory = true;
  walk(elem.children, builder);
};

/**
 * A signature container outside quoted history, between two marker lines, so the reading can
 * drop it whole. Inside quoted history it is quoted text like the rest.
 */
const signatureBlock: FormatCallback = (elem, walk, builder) => {
  if (inHistory || blockquoteDepth > 0) {
    builder.openBlock({ leadingLineBreaks: 1 });
    walk(elem.children, builder);
    builder.closeBlock({ trailingLineBreaks: 1 });
    return;
  }
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addLiteral(SIGNATURE_START_LINE);
  builder.closeBlock({ trailingLineBreaks: 1 });
  builder.openBlock({ leadingLineBreaks: 1 });
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 1 });
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addLiteral(SIGNATURE_END_LINE);
  builder.closeBlock({ trailingLineBreaks: 1 });
};

// How many <blockquote>s the walk is inside: coloured text there is a candidate answer too.
let blockquoteDepth = 0;

/** A <blockquote> as "> " lines (what html-to-text does), counting how deep the walk is inside quotes. */
const quotedBlock: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 2, reservedLineLength: 2 });
  blockquoteDepth++;
  try {
    walk(elem.children, builder);
  } finally {
    blockquoteDepth--;
  }
  builder.closeBlock({
    trailingLineBreaks: 2,
    blockTransform: (str) => str.replace(/^\n+|\n+$/g, '').split('\n').map((line) => `> ${line}`).join('\n'),
  });
};

interface SiblingNode {
  type?: string;
  name?: string;
  data?: string;
  next?: SiblingNode | null;
}

/** Is the next element after this one (blank text skipped) a <blockquote>? */
function blockquoteFollows(elem: SiblingNode): boolean {
  let next = elem.next ?? null;
  for (let k = 0; next && k < 20; k++, next = next.next ?? null) {
    if (next.type === 'text' && /^\s*$/.test(next.data ?? '')) continue;
    if (next.type === 'comment') continue;
    return next.name === 'blockquote';
  }
  return false;
}

/** Thunderbird's attribution as a "> " line, so it goes with the quote that follows it; without one, plain text. */
const citePrefix: FormatCallback = (elem, walk, builder) => {
  if (!blockquoteFollows(elem as SiblingNode)) {
    builder.openBlock({ leadingLineBreaks: 1 });
    walk(elem.children, builder);
    builder.closeBlock({ trailingLineBreaks: 1 });
    return;
  }
  builder.openBlock({ leadingLineBreaks: 2, reservedLineLength: 2 });
  walk(elem.children, builder);
  builder.closeBlock({
    trailingLineBreaks: 1,
    blockTransform: (str) => str.replace(/^\n+|\n+$/g, '').split('\n').map((line) => `> ${line}`).join('\n'),
  });
};

/** The colour an element sets on its text, from `style="color: ..."` or `<font color>`. */
function textColour(attribs: Record<string, string> | undefined): string | null {
  if (!attribs) return null;
  const fromStyle = /(?:^|;)\s*color\s*:\s*([^;!]{1,40})/i.exec(attribs.style ?? '');
  const value = (fromStyle?.[1] ?? attribs.color ?? '').trim().toLowerCase();
  return value === '' ? null : value;
}

const NEUTRAL_NAMES = new Set(['black', 'white', 'gray', 'grey', 'silver', 'windowtext', 'inherit', 'initial', 'currentcolor', 'auto', 'dimgray', 'darkgray', 'lightgray', 'gainsboro']);

/** A colour a person picks to set an answer apart: not black, white or a grey. */
function isAnswerColour(colour: string): boolean {
  if (NEUTRAL_NAMES.has(colour)) return false;
  let rgb: number[] | null = null;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(colour);
  if (hex) {
    const h = hex[1]!.length === 3 ? hex[1]!.split('').map((c) => c + c).join('') : hex[1]!;
    rgb = [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16));
  }
  const fn = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})/.exec(colour);
  if (fn) rgb = [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  if (!rgb) return /^[a-z]{3,20}$/.test(colour);
  return Math.max(...rgb) - Math.min(...rgb) >= 48;
}

/** Coloured text inside quoted history starts its own line with ANSWER_MARK; elsewhere it is plain inline text. */
const styledText: FormatCallback = (elem, walk, builder) => {
  const colour = textColour((elem as { attribs?: Record<string, string> }).attribs);
  if ((!inHistory && blockquoteDepth === 0) || colour === null || !isAnswerColour(colour)) {
    walk(elem.children, builder);
    return;
  }
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addLiteral(ANSWER_MARK);
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 1 });
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

interface TableNode {
  type?: string;
  name?: string;
  data?: string;
  children?: TableNode[];
}

/** Separates the cells of a table row on its line. */
export const CELL_SEPARATOR = ' | ';

/**
 * Elements that break a cell's text into lines. A row whose cells hold one is page layout (a
 * signature beside its logo, a whole message in a cell), not a row of values on one line.
 */
const LINE_BREAKING_TAGS = new Set([
  'p', 'div', 'br', 'table', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'aside', 'nav',
  'main', 'figure', 'address', 'center', 'form', 'fieldset',
]);

/** A cell's subtree is looked through this far; a larger one is read as layout. */
const MAX_CELL_SCAN = 5_000;

const isTag = (node: TableNode): boolean => node.type === 'tag' || node.type === 'script' || node.type === 'style';
const isBlankText = (node: TableNode): boolean => node.type === 'text' && /^\s*$/.test(node.data ?? '');

/** Does the cell hold an element that breaks its text into lines? One pass over its subtree, no recursion. */
function holdsLineBreaks(cell: TableNode): boolean {
  const pending = [...(cell.children ?? [])];
  for (let seen = 0; pending.length > 0; seen++) {
    if (seen >= MAX_CELL_SCAN) return true;
    const node = pending.pop()!;
    if (!isTag(node)) continue;
    if (LINE_BREAKING_TAGS.has((node.name ?? '').toLowerCase())) return true;
    if (node.children) pending.push(...node.children);
  }
  return false;
}

/** Does the cell hold visible text (more than white space, `&nbsp;` included)? One pass, no recursion. */
function holdsText(cell: TableNode): boolean {
  const pending = [...(cell.children ?? [])];
  for (let seen = 0; pending.length > 0 && seen < MAX_CELL_SCAN; seen++) {
    const node = pending.pop()!;
    if (node.type === 'text' && !isBlankText(node)) return true;
    if (node.type === 'tag' && node.children) pending.push(...node.children);
  }
  return false;
}

/**
 * One row of single-line cells as its line. In a table of columns (a row somewhere holds two values)
 * the cells are joined by CELL_SEPARATOR in place, an empty one kept so the columns line up and a
 * form's field left empty shows ("Program |"). In a table whose rows hold one text each (a signature
 * beside its logo, spacer cells), a row is its text alone. A cell that still came out on several
 * lines, or holds one of our marks, makes the row its cells one per line, so a mark keeps its line.
 */
function rowLine(rows: Array<Array<{ text: string }>>, columns: boolean): string {
  const texts = (rows[0] ?? []).map((cell) => cell.text.trim());
  const filled = texts.filter((text) => text !== '');
  if (texts.some((text) => text.includes('\n') || /[\uE000-\uE003]/.test(text))) return filled.join('\n');
  if (filled.length === 0) return '';
  if (filled.length === 1 && (!columns || texts.length === 1)) return filled[0]!;
  return texts.join(CELL_SEPARATOR).trimEnd();
}

type TableItem = { row: TableNode; cells: TableNode[] } | { other: TableNode };

/** The rows of a table (in its thead, tbody and tfoot too) and anything else it holds, in order. */
function tableItems(nodes: TableNode[], into: TableItem[] = [], depth = 0): TableItem[] {
  for (const node of nodes) {
    const name = (node.name ?? '').toLowerCase();
    if (node.type === 'tag' && depth < 2 && (name === 'thead' || name === 'tbody' || name === 'tfoot')) tableItems(node.children ?? [], into, depth + 1);
    else if (node.type === 'tag' && name === 'tr') {
      into.push({ row: node, cells: (node.children ?? []).filter((cell) => cell.type === 'tag' && (cell.name === 'td' || cell.name === 'th')) });
    } else if (!isBlankText(node) && node.type !== 'comment') into.push({ other: node });
  }
  return into;
}

/**
 * A table as the person sees it: one row a line with its cells kept apart, where every cell is a
 * line of text (a table of client IDs, a signature's name, title and phone rows); a row whose
 * cells hold paragraphs or line breaks is those, one cell after another. html-to-text's default
 * runs the cells of a row together ("Client IDNameAction"); its data-table layout pads columns
 * with spaces, which no line-by-line reading can tell from typed text.
 */
const mailTable: FormatCallback = (elem, walk, builder) => {
  type Nodes = Parameters<typeof walk>[0];
  const items = tableItems((elem.children ?? []) as TableNode[]);
  const columns = items.some((item) => 'row' in item && item.cells.filter(holdsText).length >= 2);
  builder.openBlock({ leadingLineBreaks: 2 });
  for (const item of items) {
    if ('other' in item) {
      builder.openBlock({ leadingLineBreaks: 1 });
      walk([item.other] as Nodes, builder);
      builder.closeBlock({ trailingLineBreaks: 1 });
    } else if (item.cells.some(holdsLineBreaks)) {
      builder.openBlock({ leadingLineBreaks: 1 });
      for (const cell of item.cells) {
        builder.openBlock({ leadingLineBreaks: 1 });
        walk((cell.children ?? []) as Nodes, builder);
        builder.closeBlock({ trailingLineBreaks: 1 });
      }
      builder.closeBlock({ trailingLineBreaks: 1 });
    } else {
      builder.openTable();
      builder.openTableRow();
      for (const cell of item.cells) {
        builder.openTableCell();
        walk((cell.children ?? []) as Nodes, builder);
        builder.closeTableCell();
      }
      builder.closeTableRow();
      builder.closeTable({ tableToString: (rows) => rowLine(rows, columns), leadingLineBreaks: 1, trailingLineBreaks: 1 });
    }
  }
  builder.closeBlock({ trailingLineBreaks: 2 });
};

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // Mail nests a few dozen levels at most; deeper trees are garbage and slow to walk.
  limits: { maxDepth: 64, maxChildNodes: 20_000, maxInputLength: MAX_HTML_CHARS },
  formatters: { quoteCut, plainList, styledText, quotedBlock, citePrefix, signatureBlock, mailTable },
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'blockquote', format: 'quotedBlock' },
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
    { selector: 'table', format: 'mailTable' },
    // Word/Outlook paragraphs have no margin: one paragraph is one line, and the empty
    // paragraphs between them are the blank lines the person sees.
    { selector: 'p.MsoNormal', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'p.MsoPlainText', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    ...HISTORY_SELECTORS.map((selector) => ({ selector, format: 'quoteCut' })),
    ...CITE_PREFIX_SELECTORS.map((selector) => ({ selector, format: 'citePrefix' })),
    ...SIGNATURE_SELECTORS.map((selector) => ({ selector, format: 'signatureBlock' })),
    // Answers typed in colour inside the quoted message ("answers below in blue").
    ...['span', 'font', 'b', 'strong', 'em', 'i', 'u'].flatMap((tag) => [
      { selector: `${tag}[style*="color" i]`, format: 'styledText' },
      { selector: `${tag}[color]`, format: 'styledText' },
    ]),
  ],
};

/** Deeper than this, tags are dropped before parsing: the parser slows down with depth. */
const MAX_NESTING = 200;
const VOID_TAGS = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr', 'param']);

/**
 * Drops opening/closing tags nested deeper than MAX_NESTING; text untouched. One pass by offsets:
 * a tag is `<`, an optional `/`, a name (a letter and up to 40 of [\w:-]), anything but `<` and
 * `>`, then `>`. Only the kept stretches are copied, so a flood of dropped tags costs a scan,
 * not a string per tag (which grew faster than the HTML on deep nesting).
 */
function limitNesting(html: string): string {
  const kept: string[] = [];
  let copiedTo = 0;
  let depth = 0;
  for (let lt = html.indexOf('<'); lt >= 0; ) {
    const tag = tagAt(html, lt);
    if (tag === null) {
      lt = html.indexOf('<', lt + 1);
      continue;
    }
    if (!tag.selfClosing) {
      let drop: boolean;
      if (tag.close) {
        depth = Math.max(0, depth - 1);
        drop = depth >= MAX_NESTING;
      } else {
        depth++;
        drop = depth > MAX_NESTING;
      }
      if (drop) {
        if (lt > copiedTo) kept.push(html.slice(copiedTo, lt));
        copiedTo = tag.end;
      }
    }
    lt = html.indexOf('<', tag.end);
  }
  if (copiedTo === 0) return html;
  kept.push(html.slice(copiedTo));
  return kept.join('');
}

/** The tag starting at `lt` (its end offset, whether it closes, whether it is void or `/>`), or null. */
function tagAt(html: string, lt: number): { end: number; close: boolean; selfClosing: boolean } | null {
  let at = lt + 1;
  const close = html.charCodeAt(at) === 47; // '/'
  if (close) at++;
  if (!isLetter(html.charCodeAt(at))) return null;
  const nameStart = at;
  at++;
  while (at - nameStart <= 40 && isNameChar(html.charCodeAt(at))) at++;
  const nameEnd = at;
  for (;;) {
    const c = html.charCodeAt(at);
    if (Number.isNaN(c) || c === 60) return null; // end of text or '<': no tag here
    if (c === 62) break; // '>'
    at++;
  }
  const end = at + 1;
  const selfClosing = html.charCodeAt(at - 1) === 47 || (nameEnd - nameStart <= 6 && VOID_TAGS.has(html.slice(nameStart, nameEnd).toLowerCase()));
  return { end, close, selfClosing };
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45;

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * How `text` stands to the parser's default rendering of `html`: 'exact' when it is that rendering
 * (an HTML-only mail: mailparser made its text part up, with link targets in brackets and "*"
 * bullets, and the mail has no text of its own), 'same-words' when it equals it only after white
 * space is collapsed (a text part the sender's client wrote from the same HTML, which may keep
 * spacing the HTML loses, such as columns lined up with spaces), else null.
 */
export function defaultRenderingMatch(text: string, html: string): 'exact' | 'same-words' | null {
  if (text.trim() === '' || html.length > MAX_HTML_CHARS) return null;
  // The default rendering is never much longer than the HTML it came from.
  if (text.length > html.length + 64) return null;
  try {
    const rendered = convert(limitNesting(html), { limits: { maxDepth: 1000, maxInputLength: MAX_HTML_CHARS } });
    if (rendered.trim() === text.trim()) return 'exact';
    return squash(rendered.replace(/\u00a0/g, ' ')) === squash(text.replace(/\u00a0/g, ' ')) ? 'same-words' : null;
  } catch {
    return null;
  }
}

/** Readable text of an HTML body; '' when it cannot be read. */
export function htmlToText(html: string): string {
  const input = limitNesting(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  inHistory = false;
  blockquoteDepth = 0;
  try {
    return convert(input, OPTIONS).replace(/\u00a0/g, ' ');
  } catch {
    // html-to-text is lenient; a failure here means the input is not HTML worth reading.
    return '';
  }
}

const MARK_LINES = new Set([QUOTE_CUT_LINE, SIGNATURE_START_LINE, SIGNATURE_END_LINE]);

/** htmlToText's output without the lines and marks that tell reply extraction where quoted history and signatures begin. */
export function withoutMarks(text: string): string {
  if (!/[\uE000-\uE003]/.test(text)) return text;
  return text.split('\n').filter((line) => !MARK_LINES.has(line)).join('\n').replaceAll(ANSWER_MARK, '');
}

/**
 * The visible text of an HTML body as a reader sees it (htmlToText, tables one row a line with
 * their cells apart), without our marks: what intake reads of HTML-only mail.
 */
export function htmlVisibleText(html: string): string {
  return withoutMarks(htmlToText(html));
}
