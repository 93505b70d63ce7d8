// What of the sender check's verdict is kept with a message, and what is read back as one: the
// result and its few words only, never a provisional verdict (checking off, DNS failing for now);
// a stored value that is not a verdict is read as none, so the sender is checked again. Of the
// provisional ones, only a failure a DNS lookup caused is worth checking again.
import { describe, expect, it } from 'vitest';
import { isFailingForNow, keptVerdictOf, readKeptVerdict, SENDER_AUTH_OFF, senderCheckOutcome, verdictOfDmarc } from '../../src/inbound/sender-auth.ts';
import { WEB_SENDER_AUTH } from '../../src/inbound/web-mailbox.ts';

describe('the sender verdict kept with a message', () => {
  it('keeps a verdict for good as its result and reason, nothing else', () => {
    const pass = verdictOfDmarc('pass', 'signed.example.test', 'p=reject, arc=none');
    expect(keptVerdictOf({ ...pass, header: 'Authentication-Results: ...' } as never)).toEqual(pass);
    expect(keptVerdictOf(verdictOfDmarc('fail', 'signed.example.test'))).toEqual({ verified: 'fail', reason: 'dmarc=fail for signed.example.test' });
    expect(keptVerdictOf({ verified: 'none', reason: 'x'.repeat(5_000) })!.reason).toHaveLength(500);
  });

  it('keeps no provisional verdict', () => {
    expect(keptVerdictOf(SENDER_AUTH_OFF)).toBeNull();
    expect(keptVerdictOf(verdictOfDmarc('temperror', 'signed.example.test'))).toBeNull();
    expect(keptVerdictOf({ verified: 'fail', reason: 'dmarc=fail (dkim=temperror)', provisional: true })).toBeNull();
  });

  it('reads back only what is a verdict', () => {
    expect(readKeptVerdict({ verified: 'pass', reason: 'dmarc=pass for signed.example.test' })).toEqual({ verified: 'pass', reason: 'dmarc=pass for signed.example.test' });
    for (const stored of [null, undefined, 'pass', [], {}, { verified: 'maybe', reason: '' }, { verified: 'pass' }, { verified: 'pass', reason: 3 }]) {
      expect(readKeptVerdict(stored)).toBeNull();
    }
  });

  it('checks again only a failure a DNS lookup failing for now caused', () => {
    expect(isFailingForNow(verdictOfDmarc('temperror', 'signed.example.test'))).toBe(true);
    expect(isFailingForNow({ verified: 'fail', reason: 'dmarc=fail (dkim=temperror)', provisional: true })).toBe(true);
    for (const auth of [SENDER_AUTH_OFF, WEB_SENDER_AUTH, verdictOfDmarc('fail', 'signed.example.test'), verdictOfDmarc('pass', 'signed.example.test')]) {
      expect(isFailingForNow(auth)).toBe(false);
    }
  });

  it('retries a failure for now below the bound, then decides it as not checked, never as forged; any other verdict stands', () => {
    const forNow = verdictOfDmarc('temperror', 'signed.example.test');
    expect(senderCheckOutcome(forNow, 0, 6)).toEqual({ kind: 'retry' });
    expect(senderCheckOutcome(forNow, 5, 6)).toEqual({ kind: 'retry' });
    const spent = senderCheckOutcome(forNow, 6, 6);
    expect(spent).toMatchObject({ kind: 'decide', retriesSpent: true, auth: { verified: 'none', provisional: true } });
    expect(spent.kind === 'decide' && spent.auth.reason).toContain('could not be checked');
    const forged = verdictOfDmarc('fail', 'signed.example.test');
    expect(senderCheckOutcome(forged, 0, 6)).toEqual({ kind: 'decide', auth: forged, retriesSpent: false });
    expect(senderCheckOutcome(SENDER_AUTH_OFF, 9, 6)).toEqual({ kind: 'decide', auth: SENDER_AUTH_OFF, retriesSpent: false });
  });

  it('decides a failure for now on the job\'s last attempt, however few tries have failed: the job is never set aside for it', () => {
    const forNow = verdictOfDmarc('temperror', 'signed.example.test');
    expect(senderCheckOutcome(forNow, 0, 6, false)).toEqual({ kind: 'retry' });
    for (const attempts of [0, 1, 5]) {
      expect(senderCheckOutcome(forNow, attempts, 6, true)).toMatchObject({ kind: 'decide', retriesSpent: true, auth: { verified: 'none', provisional: true } });
    }
    const forged = verdictOfDmarc('fail', 'signed.example.test');
    expect(senderCheckOutcome(forged, 0, 6, true)).toEqual({ kind: 'decide', auth: forged, retriesSpent: false });
  });
});
