// An address that appears only inside an encoded display name (RFC 2047, base64 or Q) is text the
// sender chose, never the sender: such mail has no sender and is held as NO_SENDER, so it cannot
// pass as an admin. A real address next to the encoded name is still read, and the name stays text.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.ts';
import { findQuarantineReason } from '../../src/inbound/processable.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');
const parseFixture = async (name: string) => {
  const raw = readFileSync(resolve(fixtures, name));
  return { raw, msg: await parseMessage(raw) };
};

describe('an address only inside an encoded display name', () => {
  for (const name of ['from-address-only-in-encoded-name-base64.eml', 'from-address-only-in-encoded-name-q.eml']) {
    it(`is not taken as the sender (${name})`, async () => {
      const { raw, msg } = await parseFixture(name);
      expect(msg.from?.address).not.toBe('summer@example.test');
      expect(msg.from).toBeNull();
      expect(findQuarantineReason(msg, raw.length, 'person')?.code).toBe('NO_SENDER');
    });
  }

  it('leaves the real address beside an encoded name as the sender', async () => {
    const { msg } = await parseFixture('from-encoded-name-with-other-address.eml');
    expect(msg.from?.address).toBe('mallory@attacker.example');
    expect(msg.from?.name).toBe('"Summer Admin" <summer@example.test>');
  });
});
