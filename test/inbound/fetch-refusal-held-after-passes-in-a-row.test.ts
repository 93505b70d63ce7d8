// A message the mail server refuses is asked for again until it was refused REFUSALS_BEFORE_HOLD
// passes in a row, then held as FETCH_REFUSED with a reason that names the UID, the mailbox and the
// server's own answer (one line, bounded), and says what retry does.
import { describe, expect, it } from 'vitest';
import { decideRefusedFetch, FETCH_REFUSED, refetchFailedReason, REFUSALS_BEFORE_HOLD, serverAnswerText } from '../../src/inbound/fetch-refusal.ts';

const ANSWER = 'BYE FETCH failed: Internal error occurred. Refer to server log for more information.';

describe('decideRefusedFetch', () => {
  it.each(Array.from({ length: REFUSALS_BEFORE_HOLD - 1 }, (_, i) => i + 1))('asks again after %i refusal(s) in a row', (passes) => {
    expect(decideRefusedFetch({ mailbox: 'INBOX', uid: 7, passes, answer: ANSWER })).toEqual({ kind: 'ask-again' });
  });

  it('holds it at the last refusal allowed, naming the UID, the mailbox and the server\'s answer', () => {
    const decision = decideRefusedFetch({ mailbox: 'INBOX', uid: 7, passes: REFUSALS_BEFORE_HOLD, answer: ANSWER });
    expect(decision.kind).toBe('hold');
    if (decision.kind !== 'hold') return;
    expect(decision.held.code).toBe(FETCH_REFUSED);
    expect(decision.held.reason).toContain(`UID 7 of INBOX in ${REFUSALS_BEFORE_HOLD} passes in a row`);
    expect(decision.held.reason).toContain(ANSWER);
    expect(decision.held.reason).toContain('quarantine retry fetches it again');
  });
});

describe('serverAnswerText', () => {
  it('keeps one line without control characters', () => {
    expect(serverAnswerText('NO [SERVERBUG]\r\n  Internal\terror\u0000 ')).toBe('NO [SERVERBUG] Internal error');
  });

  it('bounds a long answer', () => {
    expect(serverAnswerText(`NO ${'x'.repeat(5000)}`).length).toBeLessThanOrEqual(303);
  });

  it('says so when the server gave no text', () => {
    expect(serverAnswerText('  ')).toBe('no answer text');
  });
});

describe('refetchFailedReason', () => {
  it('says the server refused it again, with its answer', () => {
    expect(refetchFailedReason({ kind: 'refused', mailbox: 'INBOX', uid: 7, answer: 'NO [SERVERBUG] broken' }).reason).toMatch(/refused UID 7 of INBOX again .*NO \[SERVERBUG\] broken/);
  });

  it('says there is nothing to fetch when the UID is gone, and to drop it', () => {
    expect(refetchFailedReason({ kind: 'gone', mailbox: 'INBOX', uid: 7 }).reason).toMatch(/no longer has UID 7 in INBOX.*drop it/);
  });
});
