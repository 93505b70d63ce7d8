// Makes and checks the personal sign-in token of a web link: which person it signs in, which
// ticket it opens (or none), until when, and at which of the person's sign-in epochs (bumping
// the epoch revokes every link and session of that person). 33 bytes, base64url: a version
// byte, four 32-bit numbers and a 128-bit HMAC-SHA256 keyed from SECRET_KEY. Nothing personal
// is in it: no address, no name. Pure (node:crypto is computation only).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignInClaim {
  personId: number;
  /** The ticket the link opens; null for a plain sign-in. */
  ticketId: number | null;
  expiresAt: Date;
  /** The person's sign-in epoch when the link was made. */
  epoch: number;
}

export type SignInCheck =
  | { kind: 'valid'; claim: SignInClaim }
  | { kind: 'expired'; claim: SignInClaim }
  | { kind: 'invalid' };

const VERSION = 1;
const BODY_BYTES = 17;
const MAC_BYTES = 16;
const MAX_U32 = 0xffff_ffff;

/** A key of its own, so a sign-in MAC can never stand in for a reply-address MAC or a session key. */
function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('deskmail sign-in link v1').digest();
}

export function makeSignInToken(claim: SignInClaim, secret: string): string {
  if (secret === '') throw new RangeError('sign-in tokens need a non-empty secret');
  const seconds = Math.floor(claim.expiresAt.getTime() / 1000);
  for (const [name, n] of [['personId', claim.personId], ['ticketId', claim.ticketId ?? 0], ['expiresAt', seconds], ['epoch', claim.epoch]] as const) {
    if (!Number.isInteger(n) || n < 0 || n > MAX_U32) throw new RangeError(`sign-in token ${name} out of range`);
  }
  if (claim.personId === 0) throw new RangeError('sign-in token needs a person');
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUInt8(VERSION, 0);
  body.writeUInt32BE(claim.personId, 1);
  body.writeUInt32BE(claim.ticketId ?? 0, 5);
  body.writeUInt32BE(seconds, 9);
  body.writeUInt32BE(claim.epoch, 13);
  return Buffer.concat([body, mac(body, secret)]).toString('base64url');
}

/** Checks the MAC first (an altered token is `invalid`), then the time (`expired`). */
export function readSignInToken(token: string, secret: string, now: Date): SignInCheck {
  if (secret === '' || !/^[A-Za-z0-9_-]{44}$/.test(token)) return { kind: 'invalid' };
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== BODY_BYTES + MAC_BYTES) return { kind: 'invalid' };
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(bytes.subarray(BODY_BYTES), mac(body, secret)) || body.readUInt8(0) !== VERSION) return { kind: 'invalid' };
  // base64url has spare bits in its last character; only the canonical spelling counts.
  if (bytes.toString('base64url') !== token) return { kind: 'invalid' };
  const personId = body.readUInt32BE(1);
  if (personId === 0) return { kind: 'invalid' };
  const ticketId = body.readUInt32BE(5);
  const claim: SignInClaim = {
    personId,
    ticketId: ticketId === 0 ? null : ticketId,
    expiresAt: new Date(body.readUInt32BE(9) * 1000),
    epoch: body.readUInt32BE(13),
  };
  return now.getTime() >= claim.expiresAt.getTime() ? { kind: 'expired', claim } : { kind: 'valid', claim };
}

/** `PUBLIC_URL/tickets/<ref>?k=<token>`: the ticket page, after asking the person to sign in (web/auth.ts). */
export function ticketLink(publicUrl: string, ref: string, token: string | null): string {
  const base = `${publicUrl}/tickets/${encodeURIComponent(ref)}`;
  return token ? `${base}?k=${token}` : base;
}

function mac(body: Buffer, secret: string): Buffer {
  return createHmac('sha256', linkKey(secret)).update(body).digest().subarray(0, MAC_BYTES);
}
