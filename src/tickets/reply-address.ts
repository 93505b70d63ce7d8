// Makes and checks the signed reply address every status mail carries:
// `help+<ticket>-<person>-<mac>@domain`, the MAC an HMAC-SHA256 over the ticket, the person
// and the helpdesk local part, truncated to 80 bits and written in lower-case base32 so
// systems that case-fold addresses cannot break it. Pure (node:crypto is computation only).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ReplyToken {
  ticketId: number;
  personId: number;
}

/** RFC 5321 section 4.5.3.1.1: a local part is at most 64 octets. */
const MAX_LOCAL_PART = 64;
const MAC_BYTES = 10; // 80 bits -> 16 base32 characters
const MAC_CHARS = 16;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 alphabet, lower-cased
const TOKEN = /^([1-9]\d{0,14})-([1-9]\d{0,14})-([a-z2-7]{16})$/;

export function makeReplyAddress(helpdeskAddress: string, token: ReplyToken, secret: string): string {
  const { local, domain } = splitHelpdeskAddress(helpdeskAddress);
  if (!isValidId(token.ticketId) || !isValidId(token.personId)) {
    throw new RangeError('reply token ids must be positive safe integers');
  }
  if (secret === '') throw new RangeError('reply tokens need a non-empty secret');
  const tag = `${token.ticketId}-${token.personId}-${sign(local, token, secret)}`;
  const localPart = `${local}+${tag}`;
  if (localPart.length > MAX_LOCAL_PART) {
    throw new RangeError(`reply address local part would be ${localPart.length} characters; at most ${MAX_LOCAL_PART} are allowed`);
  }
  return `${localPart}@${domain}`;
}

/** The help-desk address itself or one of its plus-addressed (signed) variants. */
export function isHelpdeskAddress(helpdeskAddress: string, address: string): boolean {
  const a = address.toLowerCase();
  const [local, domain] = helpdeskAddress.split('@');
  return a === helpdeskAddress || (a.startsWith(`${local}+`) && a.endsWith(`@${domain}`));
}

/** The first address in `addresses` that carries a valid token for this helpdesk, or null. */
export function readReplyToken(addresses: string[], helpdeskAddress: string, secret: string): ReplyToken | null {
  if (secret === '') return null;
  const { local, domain } = splitHelpdeskAddress(helpdeskAddress);
  for (const candidate of addresses) {
    const found = readOne(candidate, local, domain, secret);
    if (found) return found;
  }
  return null;
}

function readOne(candidate: string, local: string, domain: string, secret: string): ReplyToken | null {
  const address = bareAddress(candidate).toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1) !== domain) return null;
  const localPart = address.slice(0, at);
  // Only our own local part counts: a token addressed to another helpdesk on the same
  // domain is not ours to honour (and its MAC would not match anyway).
  if (!localPart.startsWith(`${local}+`)) return null;
  const match = TOKEN.exec(localPart.slice(local.length + 1));
  if (!match) return null;
  const token = { ticketId: Number(match[1]), personId: Number(match[2]) };
  if (!isValidId(token.ticketId) || !isValidId(token.personId)) return null;
  const expected = Buffer.from(sign(local, token, secret), 'latin1');
  const given = Buffer.from(match[3] ?? '', 'latin1');
  return expected.length === given.length && timingSafeEqual(expected, given) ? token : null;
}

function sign(local: string, token: ReplyToken, secret: string): string {
  // Versioned and bound to the helpdesk local part, so a token cannot be moved between helpdesks.
  const mac = createHmac('sha256', secret)
    .update(`deskmail-reply-v1\n${local}\n${token.ticketId}\n${token.personId}`)
    .digest()
    .subarray(0, MAC_BYTES);
  return toBase32(mac).slice(0, MAC_CHARS);
}

function splitHelpdeskAddress(helpdeskAddress: string): { local: string; domain: string } {
  const address = bareAddress(helpdeskAddress).toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) throw new RangeError('helpdesk address must look like local@domain');
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** `Help Desk <help@x.test>` -> `help@x.test`; a bare address is returned trimmed. */
function bareAddress(value: string): string {
  const angle = /<([^<>]+)>/.exec(value);
  return (angle?.[1] ?? value).trim();
}

function isValidId(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}
