import { describe, expect, it } from 'vitest';
import { makeSignInToken, readSignInToken, ticketLink } from '../../src/tickets/sign-in-link.ts';

const SECRET = 'test-secret-key-0123456789';
const NOW = new Date('2026-12-04T12:00:00Z');
const claim = { personId: 42, ticketId: 180, epoch: 3, expiresAt: new Date('2026-12-05T12:00:00Z') };

describe('sign-in link tokens', () => {
  it('reads back the person, ticket, expiry and epoch it was made with', () => {
    const token = makeSignInToken(claim, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(readSignInToken(token, SECRET, NOW)).toEqual({ kind: 'valid', claim });
  });

  it('carries no address, name or readable number in the link', () => {
    const link = ticketLink('https://desk.example.org', 'Utah_RW-180', makeSignInToken(claim, SECRET));
    expect(link).toMatch(/^https:\/\/desk\.example\.org\/tickets\/Utah_RW-180\?k=[A-Za-z0-9_-]{44}$/);
    expect(link.split('?k=')[1]).not.toMatch(/42|180/);
  });

  it('makes a plain sign-in token without a ticket', () => {
    const token = makeSignInToken({ ...claim, ticketId: null }, SECRET);
    expect(readSignInToken(token, SECRET, NOW)).toEqual({ kind: 'valid', claim: { ...claim, ticketId: null } });
  });

  it('refuses a token once its time is up', () => {
    const token = makeSignInToken(claim, SECRET);
    expect(readSignInToken(token, SECRET, claim.expiresAt).kind).toBe('expired');
  });

  it('refuses every single-character change of a token', () => {
    const token = makeSignInToken(claim, SECRET);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let accepted = 0;
    for (let i = 0; i < token.length; i++) {
      for (const c of alphabet) {
        if (c === token[i]) continue;
        const altered = token.slice(0, i) + c + token.slice(i + 1);
        if (readSignInToken(altered, SECRET, NOW).kind !== 'invalid') accepted++;
      }
    }
    expect(accepted).toBe(0);
  });

  it('refuses a token made with another secret, a cut token and junk', () => {
    const token = makeSignInToken(claim, SECRET);
    expect(readSignInToken(token, 'another-secret-key-0123456789', NOW).kind).toBe('invalid');
    expect(readSignInToken(token.slice(0, -1), SECRET, NOW).kind).toBe('invalid');
    expect(readSignInToken(`${token}A`, SECRET, NOW).kind).toBe('invalid');
    expect(readSignInToken('', SECRET, NOW).kind).toBe('invalid');
    expect(readSignInToken('../../etc/passwd', SECRET, NOW).kind).toBe('invalid');
  });

  it('cannot be turned into another person\'s or ticket\'s token without the secret', () => {
    const bytes = Buffer.from(makeSignInToken(claim, SECRET), 'base64url');
    bytes.writeUInt32BE(43, 1); // another person, same MAC
    expect(readSignInToken(bytes.toString('base64url'), SECRET, NOW).kind).toBe('invalid');
  });
});
