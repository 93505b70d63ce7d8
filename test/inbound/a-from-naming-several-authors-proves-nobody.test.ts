// A From that names more than one author proves nobody: several From headers, several mailboxes in
// one, a group, or an address hidden in an encoded display name. DMARC judges one domain, and not
// always the address deskmail takes as the sender (the group's first member, the first From line),
// so each mail here goes through the parse, the real sender check (mailauth against the test's own
// DNS records, test/support/dkim.ts) and the decision, and is filed as forged: no acknowledgement,
// nobody copied in, no name stored, and the admins warned.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { senderVerifier } from '../../src/adapters/mail-auth/verify-sender.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { startBudget } from '../../src/inbound/processing-budget.ts';
import { findQuarantineReason } from '../../src/inbound/processable.ts';
import type { TicketChange } from '../../src/tickets/ticket-change.ts';
import { signedMail, SIGNED_DOMAIN, testResolver } from '../support/dkim.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['summer@example.test'], supportAddress: null, reopenDays: 14,
  staff: [{ email: 'summer@example.test', name: 'Summer Bammes' }],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
};
const noTicket: ThreadLookup = {
  findThread: async () => ({ ticket: null, matchedBy: 'none', participants: [] }),
  personEmail: async () => null,
  isAdmin: async (email) => email === 'summer@example.test',
  duplicateOf: async () => undefined,
};
const check = senderVerifier({ mode: 'verify', authResultsServer: null, resolver: testResolver });
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
/** The fixture with its first From line (and any second one) replaced by `from`. */
const withFrom = (raw: Buffer, from: string): Buffer => Buffer.from(raw.toString().replace(/^From: .*\r\n(From: .*\r\n)?/m, `From: ${from}\r\n`));

/** The message as the worker handles it: checked, then through the pure pipeline with that verdict. */
async function handled(raw: Buffer) {
  const auth = await check(raw);
  const result = await runPipeline(raw, SETTINGS, noTicket, null, NOW, {}, startBudget(), auth);
  return { auth, result, change: created(result.decision.change) };
}
function created(change: TicketChange): Extract<TicketChange, { kind: 'create' }> {
  if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
  return change;
}
const eventsOf = (change: Extract<TicketChange, { kind: 'create' }>) => change.events.map((e) => e.event);

describe('a group From naming an admin beside a domain that passes DMARC', () => {
  it('is parsed as a group, though its first member is taken as the sender', async () => {
    const msg = await parseMessage(fixture('from-group-admin-beside-passing-domain.eml'));
    expect(msg.from?.address).toBe('summer@example.test');
    expect(msg.fromAmbiguity).toBe('group');
  });

  it('passes the check only for the other domain, and the pass proves nothing about the admin', async () => {
    const { auth, result, change } = await handled(await signedMail(fixture('from-group-admin-beside-passing-domain.eml')));
    // The check alone passes: DMARC judged the stranger's own domain, the only address outside the group.
    expect(auth).toMatchObject({ verified: 'pass', domain: SIGNED_DOMAIN });
    expect(result.senderProven).toBe(false);
    // Not her name: nothing stored from the forged "(IT: new number ...)".
    expect(change.submitter).toEqual({ email: 'summer@example.test', name: '' });
    // Becky is not copied in, nothing is acknowledged, and the admins see why.
    expect(change.participants).toEqual([]);
    expect(eventsOf(change)).toEqual(['new_ticket_admin']);
    expect(change.ticket.unverifiedSender).toContain('group');
    expect(change.ticket.unverifiedSender).toContain(`dmarc=pass`);

    // The stranger's own address standing alone is proven by the same signature: the test can fail.
    const alone = await handled(await signedMail(withFrom(fixture('from-group-admin-beside-passing-domain.eml'), `M <m@${SIGNED_DOMAIN}>`)));
    expect(alone.result.senderProven).toBe(true);
    expect(alone.change.submitter).toEqual({ email: `m@${SIGNED_DOMAIN}`, name: 'M', nameVerified: true });
    expect(alone.change.participants.map((p) => p.person.email)).toEqual(['becky@agency.example.test']);
  });
});

describe('a From of a domain that publishes p=reject, forged beside another author', () => {
  for (const [name, ambiguity] of [
    ['from-two-headers-forged-reject-domain.eml', 'several-from-headers'],
    ['from-two-mailboxes-forged-reject-domain.eml', 'several-mailboxes'],
    ['from-encoded-name-hides-checked-address.eml', 'address-in-encoded-name'],
  ] as const) {
    it(`keeps its failure though DMARC judged no such From (${name})`, async () => {
      const raw = fixture(name);
      expect((await parseMessage(raw)).fromAmbiguity).toBe(ambiguity);
      const { auth, result, change } = await handled(raw);
      // The check says nothing about alice@signed.example.test: several From addresses, or another one, are no DMARC failure to it.
      expect(auth.verified).toBe('none');
      expect(result.senderProven).toBe(false);
      expect(change.submitter.email).toBe(`alice@${SIGNED_DOMAIN}`);
      expect(eventsOf(change)).toEqual(['new_ticket_admin']);
      expect(change.participants).toEqual([]);
      expect(change.ticket.unverifiedSender).toMatch(/From/);

      // The same mail with one From, of a domain without DMARC, is acknowledged and copies Becky in: the test can fail.
      const plain = await handled(withFrom(raw, 'M <m@plain.example.test>'));
      expect(plain.auth.verified).toBe('none');
      expect(eventsOf(plain.change)).toContain('submitted');
      expect(plain.change.participants.map((p) => p.person.email)).toEqual(['becky@agency.example.test']);
    });
  }
});

describe('an encoded display name holding an admin\'s address that begins a longer written address', () => {
  it('gives the written address as the sender, never the admin\'s, and proves nobody', async () => {
    const raw = fixture('from-encoded-name-address-inside-longer-address.eml');
    const msg = await parseMessage(raw);
    // `summer@example.test` is only the start of `summer@example.test.evil.test`: not written as an address.
    expect(msg.from?.address).toBe('summer@example.test.evil.test');
    expect(findQuarantineReason(msg, raw.length, 'person')).toBeNull();
    expect(msg.fromAmbiguity).toBe('address-in-encoded-name');
    const { result, change } = await handled(raw);
    expect(result.senderProven).toBe(false);
    expect(change.submitter.email).toBe('summer@example.test.evil.test');
    expect(change.ticket.unverifiedSender).toContain('encoded');
  });
});
