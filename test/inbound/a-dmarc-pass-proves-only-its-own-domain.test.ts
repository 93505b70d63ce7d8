// A DMARC pass proves a sender only at the very domain DMARC judged: a receiving server that read
// another address in the From than deskmail did (and said so in its Authentication-Results), or a
// pass kept for a parent domain, a sibling or no domain at all, proves nothing about the sender.
// The pass still counts where the domains are one (in IDNA or Unicode, in any case).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { senderVerifier } from '../../src/adapters/mail-auth/verify-sender.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { startBudget } from '../../src/inbound/processing-budget.ts';
import { keptVerdictOf, readKeptVerdict, senderVerdictFor, verdictOfDmarc } from '../../src/inbound/sender-auth.ts';
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
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
const from = (address: string) => ({ from: { address, name: 'Someone' }, fromAmbiguity: null });

describe('a pass our receiving server reports for another domain than the From address', () => {
  const raw = fixture('from-one-mailbox-passed-for-another-domain.eml');
  const check = senderVerifier({ mode: 'verify', authResultsServer: 'mx.desk.example.test' });

  it('is read as the server wrote it, and proves nothing about the admin the From names', async () => {
    const auth = await check(raw);
    expect(auth).toMatchObject({ verified: 'pass', domain: SIGNED_DOMAIN });
    const result = await runPipeline(raw, SETTINGS, noTicket, null, NOW, {}, startBudget(), auth);
    expect(result.parsed.from?.address).toBe('summer@example.test');
    expect(result.senderProven).toBe(false);
    const change = result.decision.change;
    if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
    // Her name is not replaced by the one this mail writes.
    expect(change.submitter).toEqual({ email: 'summer@example.test', name: '' });

    // Had the server judged her own domain, the pass would prove her: the test can fail.
    const own = Buffer.from(raw.toString().replaceAll(`header.from=${SIGNED_DOMAIN}`, 'header.from=example.test'));
    expect((await runPipeline(own, SETTINGS, noTicket, null, NOW, {}, startBudget(), await check(own))).senderProven).toBe(true);
  });
});

describe('a pass mailauth makes', () => {
  const check = senderVerifier({ mode: 'verify', authResultsServer: null, resolver: testResolver });

  it('names the From address\'s own domain, not its organisational one, and proves a sender there', async () => {
    const unsigned = fixture('from-group-admin-beside-passing-domain.eml').toString().replace(/^From: .*$/m, `From: Alice Example <alice@${SIGNED_DOMAIN}>`);
    const raw = await signedMail(Buffer.from(unsigned));
    const auth = await check(raw);
    expect(auth).toMatchObject({ verified: 'pass', domain: SIGNED_DOMAIN });
    expect(auth.reason).toContain(`for ${SIGNED_DOMAIN}`);
    expect(senderVerdictFor(auth, await parseMessage(raw))).toBe(auth);
  });
});

describe('which sender a pass proves', () => {
  const pass = verdictOfDmarc('pass', SIGNED_DOMAIN);

  it('proves a sender at its domain, in any case and in either form of an international name', () => {
    expect(senderVerdictFor(pass, from(`alice@${SIGNED_DOMAIN.toUpperCase()}`)).verified).toBe('pass');
    const idn = verdictOfDmarc('pass', 'xn--bcher-kva.example');
    expect(senderVerdictFor(idn, from('jo@bücher.example')).verified).toBe('pass');
  });

  it('proves no sender at a parent domain, a subdomain or a sibling of it, nor without a sender', () => {
    for (const address of ['summer@example.test', `a@sub.${SIGNED_DOMAIN}`, 'a@other.example.test', `a@${SIGNED_DOMAIN}.evil.test`]) {
      const verdict = senderVerdictFor(pass, from(address));
      expect(verdict.verified, address).toBe('none');
      expect(verdict.reason, address).toContain(`${SIGNED_DOMAIN} is not the sender's domain`);
    }
    expect(senderVerdictFor(pass, { from: null, fromAmbiguity: null }).verified).toBe('none');
  });

  it('is kept with its domain and proves the same sender when read back; a pass kept without one proves nobody', () => {
    const kept = readKeptVerdict(JSON.parse(JSON.stringify(keptVerdictOf(pass))));
    expect(kept).toEqual(pass);
    expect(senderVerdictFor(kept!, from(`alice@${SIGNED_DOMAIN}`)).verified).toBe('pass');
    const older = readKeptVerdict({ verified: 'pass', reason: 'dmarc=pass (p=reject, arc=none) for example.test' });
    expect(senderVerdictFor(older!, from(`alice@${SIGNED_DOMAIN}`)).verified).toBe('none');
  });

  it('leaves a failure and a none as they are', () => {
    const fail = verdictOfDmarc('fail', 'example.test', 'p=reject');
    expect(senderVerdictFor(fail, from(`alice@${SIGNED_DOMAIN}`))).toBe(fail);
    const none = verdictOfDmarc('none', 'example.test');
    expect(senderVerdictFor(none, from(`alice@${SIGNED_DOMAIN}`))).toBe(none);
  });
});
