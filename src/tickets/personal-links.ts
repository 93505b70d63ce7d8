// Takes our personal keys out of mail text before it is shown to anyone but the person who wrote
// it: a status mail quoted or forwarded in a request carries its recipient's sign-in link
// (`PUBLIC_URL/tickets/<ref>?k=<token>`, or `/sign-in/<token>`) and signed reply address
// (`helpdesk+<ticket>-<person>-<tag>@domain`), and either one acts as that person. A ticket link
// loses its token (the plain link still opens the ticket, after a sign-in), a sign-in link becomes
// the sign-in page, a signed reply address becomes the help desk's own address.
//
// Found by shape, wherever they stand: in an href or in the text, percent-encoded once or twice (a
// link another link wraps), after `&amp;`, and split over lines by a mail client's wrapping, with
// the quote marks (`> `) of the next line between the pieces. Pure.

/** What a token is made of (base64url) and how long it is (sign-in-link.ts: 33 bytes). */
const TOKEN_CHAR = '[A-Za-z0-9_-]';
const TOKEN_CHARS = 44;

/** A line break in plain text, with the quote marks and indentation that start the next line. */
const TEXT_BREAK = '(?:[ \\t]*\\r?\\n[ \\t>]*)';
/** A line break in (cleaned) HTML: a newline or <br>, and any quote marks after it. */
const HTML_BREAK = '(?:(?:\\s|&nbsp;)*(?:<br\\s*/?>|\\n)(?:\\s|&nbsp;|&gt;)*)';

/** `c` as a pattern: literally, or any of its percent-encodings (once, or twice as `%25xx`). */
function encodable(c: string): string {
  const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
  const upper = hex.toUpperCase();
  const digit = (h: string) => (h === h.toLowerCase() ? h : `[${h}${h.toLowerCase()}]`);
  const encoded = `%(?:25)?${digit(upper[0]!)}${digit(upper[1]!)}`;
  return `(?:${c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}|${encoded})`;
}

/** The pieces in order, a line break allowed between any two. */
function spread(pieces: string[], lineBreak: string): string {
  return pieces.join(`${lineBreak}?`);
}

interface Patterns { signIn: RegExp; ticketKey: RegExp; replyAddress: RegExp | null }

function patterns(helpdeskAddress: string, lineBreak: string): Patterns {
  const token = Array.from({ length: TOKEN_CHARS }, () => TOKEN_CHAR);
  // `?k=` or `&k=` (`&amp;k=` in HTML) before the token: the ticket link's key.
  const ticketKey = new RegExp(`${spread([`(?:&amp;|${encodable('?')}|${encodable('&')})`, 'k', encodable('='), ...token], lineBreak)}(?!${TOKEN_CHAR})`, 'g');
  // `/sign-in/<token>`: the sign-in form's link; `/sign-in` is the form itself.
  const path = [...'/sign-in'].map((c) => (c === '/' ? encodable(c) : c));
  const signIn = new RegExp(`(${spread(path, lineBreak)})${lineBreak}?${spread([encodable('/'), ...token], lineBreak)}(?!${TOKEN_CHAR})`, 'g');
  const at = helpdeskAddress.lastIndexOf('@');
  if (at <= 0) return { signIn, ticketKey, replyAddress: null };
  const local = [...helpdeskAddress.slice(0, at)].map(encodable);
  const domain = [...helpdeskAddress.slice(at + 1)].map(encodable);
  // Any `local+...@domain` is one of our signed addresses (tickets/reply-address.ts); the tag's
  // characters may be cut by a line break like anything else.
  const tag = `[0-9A-Za-z-](?:${lineBreak}?[0-9A-Za-z-]){0,80}`;
  const replyAddress = new RegExp(
    `(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9._%+-]))${spread([...local, encodable('+'), tag, encodable('@'), ...domain], lineBreak)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'gi');
  return { signIn, ticketKey, replyAddress };
}

/**
 * The patterns, compiled once for each help-desk address and kind of line break (a service has one
 * address). Sharing them is safe: `replace` with a global pattern starts at 0 and leaves it at 0.
 */
const compiled = new Map<string, Patterns>();
const MAX_COMPILED = 16;

function patternsFor(helpdeskAddress: string, lineBreak: string): Patterns {
  const key = `${lineBreak}\n${helpdeskAddress}`;
  let p = compiled.get(key);
  if (!p) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    p = patterns(helpdeskAddress, lineBreak);
    compiled.set(key, p);
  }
  return p;
}

function redact(value: string, helpdeskAddress: string, lineBreak: string): string {
  const address = helpdeskAddress.trim().toLowerCase();
  const p = patternsFor(address, lineBreak);
  let out = value.replace(p.ticketKey, '').replace(p.signIn, '$1');
  if (p.replyAddress) out = out.replace(p.replyAddress, address);
  return out;
}

/** Plain mail text without our sign-in tokens and signed reply addresses. */
export function withoutPersonalLinks(text: string, helpdeskAddress: string): string {
  return redact(text, helpdeskAddress, TEXT_BREAK);
}

/**
 * Cleaned mail HTML (web/html.ts: entities normalised, only a few tags left) without our sign-in
 * tokens and signed reply addresses, in its links' targets and in its text.
 */
export function htmlWithoutPersonalLinks(html: string, helpdeskAddress: string): string {
  return redact(html, helpdeskAddress, HTML_BREAK);
}
