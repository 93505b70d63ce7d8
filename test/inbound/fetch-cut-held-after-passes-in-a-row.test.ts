// A message during whose sending the mail server cuts the connection is asked for again until that
// happened REFUSALS_BEFORE_HOLD passes in a row, then held under the same code as a refusal, with a
// reason in an admin's words: the connection was cut that many times while this message was being
// sent, and its file on the server may be damaged. Asked for again by an admin and cut again, it is
// held again with that reason.
import { describe, expect, it } from 'vitest';
import { decideCutFetch, FETCH_REFUSED, refetchFailedReason, REFUSALS_BEFORE_HOLD } from '../../src/inbound/fetch-refusal.ts';

describe('decideCutFetch', () => {
  it.each(Array.from({ length: REFUSALS_BEFORE_HOLD - 1 }, (_, i) => i + 1))('asks again after %i cut(s) in a row', (passes) => {
    expect(decideCutFetch({ mailbox: 'INBOX', uid: 7, passes })).toEqual({ kind: 'ask-again' });
  });

  it('holds it at the last cut allowed, saying what happened, which message, and what retry does', () => {
    const decision = decideCutFetch({ mailbox: 'INBOX', uid: 7, passes: REFUSALS_BEFORE_HOLD });
    expect(decision.kind).toBe('hold');
    if (decision.kind !== 'hold') return;
    expect(decision.held.code).toBe(FETCH_REFUSED);
    expect(decision.held.reason).toContain(`the mail server cut the connection ${REFUSALS_BEFORE_HOLD} times in a row while sending this message (UID 7 of INBOX)`);
    expect(decision.held.reason).toMatch(/its file on the server may be damaged/);
    expect(decision.held.reason).toContain('quarantine retry fetches it again');
  });
});

describe('refetchFailedReason after a cut', () => {
  it('says the connection was cut again while the message was being sent', () => {
    const held = refetchFailedReason({ kind: 'cut', mailbox: 'INBOX', uid: 7 });
    expect(held.code).toBe(FETCH_REFUSED);
    expect(held.reason).toMatch(/cut the connection again while sending this message \(UID 7 of INBOX\).*may be damaged.*quarantine retry fetches it again/);
  });
});
