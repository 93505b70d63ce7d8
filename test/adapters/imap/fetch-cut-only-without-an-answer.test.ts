// A failed FETCH is a cut (which may count against the message being sent) only when the
// connection ended without a word from the server: closed, reset or timed out. Any answer from the
// server (a refusal, a BYE, even one that says it is shutting down), throttling, and a passing
// NO [UNAVAILABLE] are not cuts. Whether the connection is really gone, the adapter checks itself.
import { describe, expect, it } from 'vitest';
import { isCutWithoutAnswer } from '../../../src/adapters/imap/mailbox.ts';

describe('isCutWithoutAnswer', () => {
  it.each([
    ['a connection closed without a word', { code: 'NoConnection' }],
    ['a connection reset', { code: 'ECONNRESET' }],
    ['a closed socket', { code: 'EConnectionClosed' }],
    ['a socket timeout', { code: 'ETIMEOUT' }],
  ])('counts %s', (_name, err) => {
    expect(isCutWithoutAnswer(Object.assign(new Error('x'), err))).toBe(true);
  });

  it.each([
    ['a tagged NO', { responseStatus: 'NO', responseText: 'Internal error occurred' }],
    ['a tagged BAD', { responseStatus: 'BAD', responseText: 'Error in IMAP command' }],
    ['a BYE in the middle of the FETCH', { code: 'NoConnection', reason: 'FETCH failed: Internal error occurred.' }],
    ['BYE [UNAVAILABLE] (the server shutting down)', { code: 'NoConnection', reason: '[UNAVAILABLE] Server shutting down' }],
    ['NO [UNAVAILABLE]', { responseStatus: 'NO', serverResponseCode: 'UNAVAILABLE', responseText: 'try later' }],
    ['throttling', { code: 'ETHROTTLE' }],
  ])('does not count %s', (_name, err) => {
    expect(isCutWithoutAnswer(Object.assign(new Error('x'), err))).toBe(false);
  });

  it('does not count no error at all', () => {
    expect(isCutWithoutAnswer(undefined)).toBe(false);
    expect(isCutWithoutAnswer(null)).toBe(false);
  });
});
