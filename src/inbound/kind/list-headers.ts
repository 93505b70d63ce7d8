// Whether a message is list or bulk mail by its headers: RFC 2919 List-Id, RFC 2369 List-*
// fields, the older Mailing-List headers and `Precedence: bulk|list|junk`. Pure.
import { precedenceOf } from './rfc3834-headers.ts';
import type { ParsedMessage } from '../types.ts';

const has = (msg: ParsedMessage, name: string): boolean => (msg.headers[name] ?? []).length > 0;

/** List-Id, List-Unsubscribe or List-Post: a list delivered it. */
export function hasListHeaders(msg: ParsedMessage): boolean {
  return has(msg, 'list-id') || has(msg, 'list-unsubscribe') || has(msg, 'list-post');
}

/** Which header makes the message list or bulk mail, or null. */
export function listReason(msg: ParsedMessage): string | null {
  if (has(msg, 'list-id')) return 'list-id header';
  if (has(msg, 'list-unsubscribe')) return 'list-unsubscribe header';
  if (has(msg, 'list-post')) return 'list-post header';
  if ((msg.headers['x-mailing-list'] ?? msg.headers['mailing-list'] ?? []).length > 0) return 'mailing-list header';
  const precedence = precedenceOf(msg);
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return `precedence ${precedence}`;
  return null;
}
