import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isReplyTokenExpired, makeReplyAddress, MAX_TOKEN_PEOPLE, readReplyToken, replyTokenPersonIds } from '../../src/tickets/reply-address.ts';

const HELPDESK = 'help@desk.example.test';
const SECRET = 'test-secret-not-for-production';
const ISSUED = new Date('2026-12-01T09:00:00Z');

describe('signed reply addresses', () => {
  it('puts a lower-case token for the ticket and person in the plus-tag', () => {
    const address = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED);
    expect(address).toMatch(/^help\+180-7-[a-z2-7]{16}@desk\.example\.test$/);
  });

  it('reads back the ticket and person it was made for', () => {
    const address = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED);
    expect(readReplyToken(['someone@else.test', address], HELPDESK, SECRET)).toMatchObject({ ticketId: 180, personId: 7 });
  });

  it('survives a mail system that upper-cases the address', () => {
    const address = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED).toUpperCase();
    expect(readReplyToken([address], HELPDESK, SECRET)).toMatchObject({ ticketId: 180, personId: 7 });
  });

  it('reads an address with a display name around it', () => {
    const address = makeReplyAddress(HELPDESK, { ticketId: 3, personId: 4 }, SECRET, 0, ISSUED);
    expect(readReplyToken([`"Help Desk" <${address}>`], HELPDESK, SECRET)).toMatchObject({ ticketId: 3, personId: 4 });
  });

  it('rejects a token made with another secret', () => {
    const forged = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 1 }, 'guessed-secret', 0, ISSUED);
    expect(readReplyToken([forged], HELPDESK, SECRET)).toBeNull();
  });

  it('rejects a token whose person id was changed to borrow someone else\'s rights', () => {
    const mine = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED);
    expect(readReplyToken([mine.replace('+180-7-', '+180-1-')], HELPDESK, SECRET)).toBeNull();
  });

  it('rejects a token whose ticket id was changed to reach another ticket', () => {
    const mine = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED);
    expect(readReplyToken([mine.replace('+180-7-', '+181-7-')], HELPDESK, SECRET)).toBeNull();
  });

  it('rejects a token with one character of the signature changed', () => {
    const mine = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED);
    const at = mine.indexOf('@');
    const last = mine[at - 1] === 'a' ? 'b' : 'a';
    expect(readReplyToken([`${mine.slice(0, at - 1)}${last}${mine.slice(at)}`], HELPDESK, SECRET)).toBeNull();
  });

  it('still names the original person when the token is replayed by someone else, so the caller can compare From', () => {
    // The token proves which person the status mail went to; the From check is the caller's.
    const annsAddress = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED);
    expect(readReplyToken([annsAddress], HELPDESK, SECRET)).toMatchObject({ ticketId: 180, personId: 7 });
  });

  it('ignores tokens for another helpdesk local part on the same domain', () => {
    const other = makeReplyAddress('billing@desk.example.test', { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED);
    expect(readReplyToken([other], HELPDESK, SECRET)).toBeNull();
    expect(readReplyToken([other.replace(/^billing/, 'help')], HELPDESK, SECRET)).toBeNull();
  });

  it('ignores tokens for another domain', () => {
    const mine = makeReplyAddress(HELPDESK, { ticketId: 180, personId: 7 }, SECRET, 0, ISSUED);
    expect(readReplyToken([mine.replace('desk.example.test', 'evil.test')], HELPDESK, SECRET)).toBeNull();
  });

  it('ignores the bare helpdesk address and malformed tags', () => {
    expect(readReplyToken([HELPDESK, 'help+@desk.example.test', 'help+0-1-aaaaaaaaaaaaaaaa@desk.example.test'], HELPDESK, SECRET)).toBeNull();
  });

  it('reads an address naming a ticket or person id past what a row can have as unsigned, even with a good signature', () => {
    const largest = 2_147_483_647;
    const ok = makeReplyAddress(HELPDESK, { ticketId: largest, personId: largest }, SECRET, 0, ISSUED);
    expect(readReplyToken([ok], HELPDESK, SECRET)).toMatchObject({ ticketId: largest, personId: largest });
    expect(replyTokenPersonIds([ok], HELPDESK)).toEqual([largest]);
    for (const token of [{ ticketId: largest + 1, personId: 7 }, { ticketId: 180, personId: largest + 1 }, { ticketId: 99_999_999_999, personId: 99_999_999_999 }]) {
      const address = makeReplyAddress(HELPDESK, token, SECRET, 0, ISSUED);
      expect(readReplyToken([address], HELPDESK, SECRET), address).toBeNull();
      expect(readReplyToken([address], HELPDESK, SECRET, new Map([[token.personId, 0]])), address).toBeNull();
      // Nobody to look up an epoch for, either.
      expect(replyTokenPersonIds([address], HELPDESK), address).toEqual([]);
    }
  });

  it('keeps the local part within 64 characters and refuses to make a longer one', () => {
    const address = makeReplyAddress(HELPDESK, { ticketId: Number.MAX_SAFE_INTEGER, personId: Number.MAX_SAFE_INTEGER }, SECRET, 0, ISSUED);
    expect(address.split('@')[0]?.length).toBeLessThanOrEqual(64);
    expect(() => makeReplyAddress(`${'x'.repeat(40)}@desk.example.test`, { ticketId: 1234567, personId: 7654321 }, SECRET, 0, ISSUED)).toThrow(/64/);
  });

  it('accepts an address signed with the previous key only when that key is still listed', () => {
    const old = makeReplyAddress(HELPDESK, { ticketId: 5, personId: 6 }, 'the-previous-secret-key', 0, ISSUED);
    expect(readReplyToken([old], HELPDESK, [SECRET, 'the-previous-secret-key'])).toMatchObject({ ticketId: 5, personId: 6 });
    expect(readReplyToken([old], HELPDESK, [SECRET, ''])).toBeNull();
  });

  it('voids addresses of an older epoch once the person\'s epoch is raised', () => {
    const epoch0 = makeReplyAddress(HELPDESK, { ticketId: 5, personId: 6 }, SECRET, 0, ISSUED);
    const epoch1 = makeReplyAddress(HELPDESK, { ticketId: 5, personId: 6 }, SECRET, 1, ISSUED);
    expect(epoch1).not.toBe(epoch0);
    expect(readReplyToken([epoch0], HELPDESK, SECRET, new Map([[6, 1]]))).toBeNull();
    expect(readReplyToken([epoch1], HELPDESK, SECRET, new Map([[6, 1]]))).toMatchObject({ ticketId: 5, personId: 6 });
    // Another person's epoch changes nothing for this one.
    expect(readReplyToken([epoch0], HELPDESK, SECRET, new Map([[6, 0], [7, 3]]))).toMatchObject({ ticketId: 5, personId: 6 });
  });

  it('takes an address whose person\'s epoch was not looked up for unproven, never for epoch 0', () => {
    const revoked = makeReplyAddress(HELPDESK, { ticketId: 5, personId: 77 }, SECRET, 0, ISSUED);
    // Decoys first: more token-shaped people than are looked up, so person 77 is not asked about.
    const decoys = Array.from({ length: MAX_TOKEN_PEOPLE }, (_, i) => `help+5-${1000 + i}-aaaaaaaaaaaaaaaa@desk.example.test`);
    const asked = replyTokenPersonIds([...decoys, revoked], HELPDESK);
    expect(asked).not.toContain(77);
    const epochs = new Map(asked.map((id) => [id, 0]));
    expect(readReplyToken([...decoys, revoked], HELPDESK, SECRET, epochs)).toBeNull();
    // Asked about and still at epoch 0, it is good.
    expect(readReplyToken([revoked], HELPDESK, SECRET, new Map([[77, 0]]))).toMatchObject({ ticketId: 5, personId: 77 });
  });

  it('names the person ids of token-shaped addresses so their epochs can be looked up', () => {
    const a = makeReplyAddress(HELPDESK, { ticketId: 5, personId: 6 }, SECRET, 0, ISSUED);
    expect(replyTokenPersonIds([a, 'help+1-9-aaaaaaaaaaaaaaaa@desk.example.test', 'x@y.test'], HELPDESK)).toEqual([6, 9]);
  });

  describe('the day an address was made', () => {
    const MADE = new Date('2025-03-04T17:15:00Z');
    const days = (n: number) => new Date(MADE.getTime() + n * 86_400_000);

    it('is signed into the address and read back', () => {
      const token = readReplyToken([makeReplyAddress(HELPDESK, { ticketId: 5, personId: 6 }, SECRET, 0, MADE)], HELPDESK, SECRET);
      expect(token).toEqual({ ticketId: 5, personId: 6, issuedDay: Math.floor(MADE.getTime() / 86_400_000) });
    });

    it('expires an address older than the allowed days, and never with expiry off', () => {
      const token = readReplyToken([makeReplyAddress(HELPDESK, { ticketId: 5, personId: 6 }, SECRET, 0, MADE)], HELPDESK, SECRET)!;
      expect(isReplyTokenExpired(token, days(365), 365)).toBe(false);
      expect(isReplyTokenExpired(token, days(366), 365)).toBe(true);
      expect(isReplyTokenExpired(token, days(5000), 0)).toBe(false);
    });

    it('cannot be moved to a later day by editing the address', () => {
      const address = makeReplyAddress(HELPDESK, { ticketId: 5, personId: 6 }, SECRET, 0, MADE);
      const tag = /-([a-z2-7]{16})@/.exec(address)![1]!;
      const later = tag.slice(0, 3) + (tag[3] === 'z' ? 'y' : 'z') + tag.slice(4);
      expect(readReplyToken([address.replace(tag, later)], HELPDESK, SECRET)).toBeNull();
    });

    it('keeps addresses made before days were signed valid, without an expiry', () => {
      // The earlier form: the whole 16-character tag is an 80-bit MAC over ticket, person and local part.
      const mac = createHmac('sha256', SECRET).update('deskmail-reply-v1\nhelp\n5\n6').digest().subarray(0, 10);
      let bits = 0;
      let value = 0;
      let tag = '';
      for (const byte of mac) {
        value = (value << 8) | byte;
        bits += 8;
        while (bits >= 5) { tag += 'abcdefghijklmnopqrstuvwxyz234567'[(value >>> (bits - 5)) & 31]; bits -= 5; }
        value &= (1 << bits) - 1;
      }
      const token = readReplyToken([`help+5-6-${tag}@desk.example.test`], HELPDESK, SECRET);
      expect(token).toEqual({ ticketId: 5, personId: 6 });
      expect(isReplyTokenExpired(token!, days(5000), 365)).toBe(false);
    });
  });
});
