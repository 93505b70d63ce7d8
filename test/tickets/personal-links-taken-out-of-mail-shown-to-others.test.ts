// A status mail quoted or forwarded in mail that others read keeps nothing that acts as its
// recipient: the ticket link loses its token, the sign-in link becomes the sign-in page, the signed
// reply address becomes the help desk's own; wherever they stand and however a mail client wrapped
// or encoded them. Anything else stays as written.
import { expect, it } from 'vitest';
import { htmlWithoutPersonalLinks, withoutPersonalLinks } from '../../src/tickets/personal-links.ts';
import { makeSignInToken } from '../../src/tickets/sign-in-link.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';

const HELPDESK = 'helpdesk@example.test';
const SECRET = 'k'.repeat(32);
const TOKEN = makeSignInToken({ personId: 7, ticketId: 42, epoch: 0, expiresAt: new Date('2030-01-01T00:00:00Z') }, SECRET);
const SIGNED = makeReplyAddress(HELPDESK, { ticketId: 42, personId: 7 }, SECRET, 0, new Date('2025-03-01T00:00:00Z'));
const LINK = `https://desk.example.test/tickets/Utah_RW-42?k=${TOKEN}`;
const PLAIN = 'https://desk.example.test/tickets/Utah_RW-42';
const cut = (s: string, at: number, join: string) => `${s.slice(0, at)}${join}${s.slice(at)}`;

const TEXT: [string, string, string][] = [
  ['a ticket link in angle brackets', `> Open issue Utah_RW-42 <${LINK}>`, `> Open issue Utah_RW-42 <${PLAIN}>`],
  ['a link wrapped inside its token, the quote marks of the next line between', `> <${cut(LINK, 60, '\n> ')}>\n> Reply to this email`, `> <${PLAIN}>\n> Reply to this email`],
  ['a link wrapped before its key', `<${cut(LINK, PLAIN.length + 1, '\r\n>> ')}>`, `<${PLAIN}>`],
  ['a link another link wraps, encoded twice', `https://safe.example/?u=${encodeURIComponent(encodeURIComponent(LINK))}&x=1`, `https://safe.example/?u=${encodeURIComponent(encodeURIComponent(PLAIN))}&x=1`],
  ['a sign-in link', `https://desk.example.test/sign-in/${TOKEN}?next=%2Fmy`, 'https://desk.example.test/sign-in?next=%2Fmy'],
  ['a signed reply address', `Reply to <${SIGNED}>.`, `Reply to <${HELPDESK}>.`],
  ['a signed reply address upper-cased', `Reply to ${SIGNED.toUpperCase()}`, `Reply to ${HELPDESK}`],
  ['a signed reply address in a mailto link, encoded', `mailto:${SIGNED.replace('+', '%2B').replace('@', '%40')}?subject=Re%3A`, `mailto:${HELPDESK}?subject=Re%3A`],
  ['a signed reply address wrapped', `> ${cut(SIGNED, 20, '\n> ')} wrote:`, `> ${HELPDESK} wrote:`],
];

const KEPT: [string, string][] = [
  ['the ticket link without a token', `Open issue <${PLAIN}>`],
  ['the help desk address itself', `Write to ${HELPDESK}.`],
  ['another address at the same domain', `Ask helpdesk-team+${SIGNED.slice(9)} or nothelpdesk+1-2-aaaaaaaaaaaaaaaa@example.test`],
  ['another site\'s key of another length', `https://other.example/?k=${TOKEN}x and ?k=short`],
  ['words, however long', `k=${TOKEN.replace(/[-_]/g, 'a')} is no link key`],
];

it.each(TEXT)('takes out %s', (_what, given, shown) => {
  expect(withoutPersonalLinks(given, HELPDESK)).toBe(shown);
});

it.each(KEPT)('keeps %s', (_what, given) => {
  expect(withoutPersonalLinks(given, HELPDESK)).toBe(given);
});

it('takes them out of cleaned HTML: link targets, &amp;, and text split by <br>', () => {
  const html = [
    `<a href="${LINK}" rel="noopener noreferrer nofollow" target="_blank">Open issue Utah_RW-42</a>`,
    `<a href="https://desk.example.test/tickets/Utah_RW-42?x=1&amp;k=${TOKEN}">again</a>`,
    `<a href="mailto:${SIGNED}?subject=Re%3A%20x&amp;body=%23stop">Stop updating me</a>`,
    `<p>&gt; ${cut(LINK, 70, '<br />\n&gt; ')} from ${SIGNED}</p>`,
  ].join('\n');
  const shown = htmlWithoutPersonalLinks(html, HELPDESK);
  expect(shown).not.toContain(TOKEN.slice(0, 20));
  expect(shown).not.toContain(TOKEN.slice(-20));
  expect(shown).not.toMatch(/helpdesk\+/);
  expect(shown).toContain(`<a href="${PLAIN}" rel=`);
  expect(shown).toContain(`href="${PLAIN}?x=1"`);
  expect(shown).toContain(`href="mailto:${HELPDESK}?subject=Re%3A%20x&amp;body=%23stop"`);
  expect(shown).toContain(`<p>&gt; ${PLAIN} from ${HELPDESK}</p>`);
});

it('reads long runs of breaks and token characters quickly', () => {
  const many = `?k=${'A\n> '.repeat(43)}\n`.repeat(3000) + `${HELPDESK.replace('@', '+')}${'1-'.repeat(40)}${'\n>'.repeat(5000)}`;
  const started = Date.now();
  withoutPersonalLinks(many, HELPDESK);
  htmlWithoutPersonalLinks(many.replace(/\n/g, '<br>\n'), HELPDESK);
  expect(Date.now() - started).toBeLessThan(2000);
});
