// What the standard headers say about who wrote a message: RFC 3834's Auto-Submitted (a person
// declared with `no`, a machine with anything else) and the Precedence header mail systems add.
// Pure: reads parsed headers only.
import type { ParsedMessage } from '../types.ts';

/** The keyword of an Auto-Submitted value: `auto-replied; owner=...` -> `auto-replied`. */
function autoSubmittedKeyword(value: string): string {
  return value.trim().toLowerCase().split(/[\s;(]/)[0] ?? '';
}

/** RFC 3834 5.1: `Auto-Submitted: no` says a person wrote it. */
export function isHumanDeclared(msg: ParsedMessage): boolean {
  const value = msg.headers['auto-submitted']?.[0];
  return value !== undefined && autoSubmittedKeyword(value) === 'no';
}

/** True when an RFC 3834 Auto-Submitted header says anything other than `no`. */
export function hasAutoSubmitted(msg: ParsedMessage): boolean {
  return (msg.headers['auto-submitted'] ?? []).some((v) => {
    const keyword = autoSubmittedKeyword(v);
    return keyword !== '' && keyword !== 'no';
  });
}

/** `Auto-Submitted: auto-replied`: an answer to a message, not mail a machine started itself. */
export function isAutoReplied(msg: ParsedMessage): boolean {
  return (msg.headers['auto-submitted'] ?? []).some((v) => autoSubmittedKeyword(v) === 'auto-replied');
}

/** The first Precedence value, trimmed and lower-cased ('' when there is none). */
export function precedenceOf(msg: ParsedMessage): string {
  return (msg.headers['precedence']?.[0] ?? '').trim().toLowerCase();
}
