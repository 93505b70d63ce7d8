// What a failed fetch pass does about a cut counted before it (the connection cut while the server
// was sending a message): the cut itself backs off without a word; a failure to reach the server,
// log in, open the mailbox or get an answer to a command before the message was asked for again
// starts the count again (the cuts may have been the network's); once the message was asked for
// again and answered for, no failure after it (a STORE refused while marking mail done, say)
// touches the count; and a refusal, like a hold, settles a counted cut. Every error code is in the
// table, so a new one has to be decided here.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/errors.ts';
import { decideAfterFetchFailure, decideCutFetch, decideRefusedFetch, keepsCutCounted, REFUSALS_BEFORE_HOLD } from '../../src/inbound/fetch-refusal.ts';

/** Does this failure, while fetching up to the message a cut was counted against, start the count again? */
const FORGETS_WHILE_FETCHING: Record<ErrorCode, boolean> = {
  IMAP_CONNECT: true,
  IMAP_AUTH: true,
  IMAP_MAILBOX: true,
  IMAP_COMMAND: true,
  DB_UNAVAILABLE: false,
  DB_QUERY: false,
  THREAD_CHANGED: false,
  TICKET_CHANGED: false,
  THREAD_UNFILED: false,
  FETCH_LEASE_LOST: false,
  SMTP_TEMPORARY: false,
  SMTP_REJECTED: false,
  SMTP_CONNECT: false,
  TEMPLATE: false,
  SENDER_AUTH_DNS: false,
  PIPELINE_THREAD_LOST: false,
  PROCESSING_BUDGET: false,
  OAUTH_TOKEN_UNAVAILABLE: false,
  OAUTH_CLIENT_REJECTED: false,
};
// Failures without one of our codes: a driver's own (a PostgreSQL SQLSTATE, a socket's errno), or none.
const UNCODED = ['57P01', 'ECONNRESET', undefined];
const CODES = [...Object.keys(FORGETS_WHILE_FETCHING) as ErrorCode[], ...UNCODED];

describe('decideAfterFetchFailure', () => {
  it('has every error code in its table', () => {
    expect(Object.keys(FORGETS_WHILE_FETCHING).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it.each(CODES)('backs off quietly when %s is the cut just counted, wherever it came', (code) => {
    for (const step of ['fetching', 'after-fetching'] as const) {
      expect(decideAfterFetchFailure({ cut: 'this-failure', code, step })).toEqual({ kind: 'back-off-quietly' });
    }
  });

  it.each(CODES)('says %s as it is and forgets nothing when no cut was counted', (code) => {
    for (const step of ['fetching', 'after-fetching'] as const) {
      expect(decideAfterFetchFailure({ cut: 'none', code, step })).toEqual({ kind: 'report', forgetCut: false });
    }
  });

  it.each(CODES.map((code) => [code, code !== undefined && FORGETS_WHILE_FETCHING[code as ErrorCode] === true] as const))(
    'after a counted cut, %s before the message was asked for again forgets the count: %s',
    (code, forgets) => {
      expect(decideAfterFetchFailure({ cut: 'earlier', code, step: 'fetching' })).toEqual({ kind: 'report', forgetCut: forgets });
    },
  );

  it.each(CODES)('after a counted cut, %s once the message was answered for forgets nothing', (code) => {
    expect(decideAfterFetchFailure({ cut: 'earlier', code, step: 'after-fetching' })).toEqual({ kind: 'report', forgetCut: false });
  });
});

describe('keepsCutCounted', () => {
  const cutAskedAgain = decideCutFetch({ mailbox: 'INBOX', uid: 7, passes: 1 });
  const cutHeld = decideCutFetch({ mailbox: 'INBOX', uid: 7, passes: REFUSALS_BEFORE_HOLD });
  const refusedAskedAgain = decideRefusedFetch({ mailbox: 'INBOX', uid: 7, passes: 1, answer: 'NO [SERVERBUG] Internal error' });
  const refusedHeld = decideRefusedFetch({ mailbox: 'INBOX', uid: 7, passes: REFUSALS_BEFORE_HOLD, answer: 'NO [SERVERBUG] Internal error' });

  it('keeps a cut asked for again awaited', () => {
    expect(keepsCutCounted('cut', cutAskedAgain)).toBe(true);
  });

  it.each([
    ['a cut held', 'cut', cutHeld],
    ['a refusal asked for again', 'refused', refusedAskedAgain],
    ['a refusal held', 'refused', refusedHeld],
  ] as const)('settles it with %s', (_what, kind, decision) => {
    expect(keepsCutCounted(kind, decision)).toBe(false);
  });
});
