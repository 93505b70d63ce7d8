// What vendors' own headers say about a message: the X-Autoreply family some autoresponders add,
// Microsoft Exchange's X-Auto-Response-Suppress and inbox-rule markers, and other systems' X-Loop.
// Pure: reads parsed headers only.
import type { ParsedMessage } from '../types.ts';

const AUTOREPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-autoresponse'];

/** The X-Autoreply-style header that says the message is an autoresponder's, or null (`no`, `false`, `0` say it is not). */
export function autoreplyHeaderReason(msg: ParsedMessage): string | null {
  for (const name of AUTOREPLY_HEADERS) {
    const values = msg.headers[name] ?? [];
    if (values.some((v) => !/^\s*(?:no|false|0)\s*$/i.test(v))) return `${name} header`;
  }
  return null;
}

/** Exchange's X-Auto-Response-Suppress: present on its out-of-office answers, but also on ordinary mail. */
export function hasAutoResponseSuppress(msg: ParsedMessage): boolean {
  return (msg.headers['x-auto-response-suppress'] ?? []).length > 0;
}

/** Exchange says an inbox rule (an out-of-office rule among them) generated this message. */
export function isExchangeRuleGenerated(msg: ParsedMessage): boolean {
  return (msg.headers['x-ms-exchange-inbox-rules-loop'] ?? []).length > 0 || (msg.headers['x-ms-exchange-generated-message-source'] ?? []).length > 0;
}

/** Another system's loop marker (procmail, many ticket tools): a machine is in the path. */
export function hasForeignLoopHeader(msg: ParsedMessage): boolean {
  return (msg.headers['x-loop'] ?? []).length > 0;
}
