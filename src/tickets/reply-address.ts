// Makes and checks the signed reply address every status mail carries:
// `help+<ticket>-<person>-<tag>@domain`, the tag 16 lower-case base32 characters (systems that
// case-fold addresses cannot break it): the day the address was made (4 characters) and an
// HMAC-SHA256 over the ticket, the person, the helpdesk local part and that day, truncated to
// 60 bits. Addresses made before the day was added carry an 80-bit MAC over the rest and stay
// valid. Whether a dated address is too old is the caller's rule (REPLY_ADDRESS_DAYS).
// Pure (node:crypto is computation only).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRowId } from './row-id.ts';

export interface ReplyToken {
  ticketId: number;
  personId: number;
  /** The day the address was made (days since 1970-01-01 UTC); absent on addresses made before days were signed. */
  issuedDay?: number;
}

/** RFC 5321 section 4.5.3.1.1: a local part is at most 64 octets. */
const MAX_LOCAL_PART = 64;
const MAC_BYTES = 10; // 80 bits -> 16 base32 characters
const MAC_CHARS = 16;
const DAY_CHARS = 4; // 20 bits of days: enough until the year 4840
const DATED_MAC_CHARS = MAC_CHARS - DAY_CHARS; // 60 bits
const DAY_MS = 86_400_000;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 alphabet, lower-cased
const TOKEN = /^([1-9]\d{0,14})-([1-9]\d{0,14})-([a-z2-7]{16})$/;

/**
 * `epoch` is the person's token epoch (`deskmail people revoke` raises it): an address signed
 * for an older epoch no longer verifies. Epoch 0 signs as addresses always have. `issuedAt` is the
 * sending edge's clock (the address carries its day, for REPLY_ADDRESS_DAYS); this stage reads none.
 */
export function makeReplyAddress(helpdeskAddress: string, token: ReplyToken, secret: string, epoch: number, issuedAt: Date): string {
  const { local, domain } = splitHelpdeskAddress(helpdeskAddress);
  if (!isValidId(token.ticketId) || !isValidId(token.personId)) {
    throw new RangeError('reply token ids must be positive safe integers');
  }
  if (secret === '') throw new RangeError('reply tokens need a non-empty secret');
  const day = Math.floor(issuedAt.getTime() / DAY_MS);
  if (!Number.isSafeInteger(day) || day < 0 || day >= 32 ** DAY_CHARS) throw new RangeError('reply address day out of range');
  const tag = `${token.ticketId}-${token.personId}-${dayText(day)}${signDated(local, token, secret, epoch, day)}`;
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

/**
 * The first address in `addresses` that carries a valid token for this helpdesk, or null.
 * `secrets` are tried in order: the current key first, then a previous one still accepted
 * during a key change. `epochs` gives each person's current token epoch, as looked up for
 * replyTokenPersonIds: an address whose person has no answer there proves nothing (a revoked
 * address behind enough decoys must not pass as epoch 0). Without `epochs` (no store to ask)
 * every person is at epoch 0.
 */
export function readReplyToken(addresses: string[], helpdeskAddress: string, secrets: string | readonly string[], epochs: ReadonlyMap<number, number> | null = null): ReplyToken | null {
  const keys = (typeof secrets === 'string' ? [secrets] : secrets).filter((k) => k !== '');
  if (keys.length === 0) return null;
  const { local, domain } = splitHelpdeskAddress(helpdeskAddress);
  for (const candidate of addresses) {
    for (const secret of keys) {
      const found = readOne(candidate, local, domain, secret, epochs);
      if (found) return found;
    }
  }
  return null;
}

/** How many people's epochs one message may have looked up; addresses naming others prove nothing. */
export const MAX_TOKEN_PEOPLE = 20;

/** The person ids named by token-shaped addresses, not yet verified (to look up their epochs), the first MAX_TOKEN_PEOPLE. */
export function replyTokenPersonIds(addresses: string[], helpdeskAddress: string): number[] {
  const { local, domain } = splitHelpdeskAddress(helpdeskAddress);
  const ids = addresses.map((a) => unverified(a, local, domain)?.token.personId).filter((id): id is number => id !== undefined);
  return [...new Set(ids)].slice(0, MAX_TOKEN_PEOPLE);
}

function unverified(candidate: string, local: string, domain: string): { token: ReplyToken; mac: string } | null {
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
  // An id no row can have names nobody: the address is read as unsigned, whatever its tag.
  if (!isRowId(token.ticketId) || !isRowId(token.personId)) return null;
  return { token, mac: match[3] ?? '' };
}

function readOne(candidate: string, local: string, domain: string, secret: string, epochs: ReadonlyMap<number, number> | null): ReplyToken | null {
  const found = unverified(candidate, local, domain);
  if (!found) return null;
  const { token } = found;
  const epoch = epochs ? epochs.get(token.personId) : 0;
  if (epoch === undefined) return null;
  // A dated address: the day, then a MAC that covers it.
  const day = dayOf(found.mac.slice(0, DAY_CHARS));
  if (sameText(signDated(local, token, secret, epoch, day), found.mac.slice(DAY_CHARS))) return { ...token, issuedDay: day };
  // An address made before days were signed: the whole tag is the MAC.
  return sameText(sign(local, token, secret, epoch), found.mac) ? token : null;
}

function sameText(expectedText: string, givenText: string): boolean {
  const expected = Buffer.from(expectedText, 'latin1');
  const given = Buffer.from(givenText, 'latin1');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Is this address older than `maxDays` at `now`? Undated addresses (made before days were signed)
 * and `maxDays` 0 (no expiry) never are.
 */
export function isReplyTokenExpired(token: ReplyToken, now: Date, maxDays: number): boolean {
  if (maxDays <= 0 || token.issuedDay === undefined) return false;
  return Math.floor(now.getTime() / DAY_MS) - token.issuedDay > maxDays;
}

function signDated(local: string, token: ReplyToken, secret: string, epoch: number, day: number): string {
  const mac = createHmac('sha256', secret)
    .update(`deskmail-reply-v3\n${local}\n${token.ticketId}\n${token.personId}\n${epoch}\n${day}`)
    .digest()
    .subarray(0, MAC_BYTES);
  return toBase32(mac).slice(0, DATED_MAC_CHARS);
}

function dayText(day: number): string {
  let out = '';
  for (let k = DAY_CHARS - 1; k >= 0; k--) out += BASE32[Math.floor(day / 32 ** k) % 32];
  return out;
}

function dayOf(text: string): number {
  let day = 0;
  for (const ch of text) day = day * 32 + BASE32.indexOf(ch);
  return day;
}

function sign(local: string, token: ReplyToken, secret: string, epoch: number): string {
  // Versioned and bound to the helpdesk local part, so a token cannot be moved between helpdesks.
  // Epoch 0 keeps the v1 text, so addresses sent before epochs existed stay valid.
  const text = epoch === 0
    ? `deskmail-reply-v1\n${local}\n${token.ticketId}\n${token.personId}`
    : `deskmail-reply-v2\n${local}\n${token.ticketId}\n${token.personId}\n${epoch}`;
  const mac = createHmac('sha256', secret)
    .update(text)
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
