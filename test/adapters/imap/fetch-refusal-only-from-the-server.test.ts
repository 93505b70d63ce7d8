// Only the server's own refusal of a FETCH counts against a message: a tagged NO or BAD, or a BYE
// that ended the session in the middle of it. A connection lost without a word from the server,
// throttling, and the RFC 5530 codes that say the server cannot serve anything just now are
// passing failures.
import { describe, expect, it } from 'vitest';
import { serverRefusal } from '../../../src/adapters/imap/mailbox.ts';

describe('serverRefusal', () => {
  it.each([
    ['a tagged NO', { responseStatus: 'NO', responseText: 'Internal error occurred' }, 'NO Internal error occurred'],
    ['a tagged NO with a code', { responseStatus: 'NO', serverResponseCode: 'SERVERBUG', responseText: 'Internal error' }, 'NO [SERVERBUG] Internal error'],
    ['a tagged BAD', { responseStatus: 'BAD', responseText: 'Error in IMAP command' }, 'BAD Error in IMAP command'],
    ['a BYE in the middle of the FETCH', { code: 'NoConnection', reason: 'FETCH failed: Internal error occurred.' }, 'BYE FETCH failed: Internal error occurred.'],
  ])('counts %s', (_name, err, answer) => {
    expect(serverRefusal(Object.assign(new Error('x'), err))).toBe(answer);
  });

  it.each([
    ['a connection cut without a word', { code: 'NoConnection' }],
    ['a connection reset', { code: 'ECONNRESET' }],
    ['a closed socket', { code: 'EConnectionClosed' }],
    ['throttling', { code: 'ETHROTTLE', responseStatus: 'BAD' }],
    ['NO [UNAVAILABLE]', { responseStatus: 'NO', serverResponseCode: 'UNAVAILABLE', responseText: 'try later' }],
    ['NO [INUSE]', { responseStatus: 'NO', serverResponseCode: 'INUSE', responseText: 'mailbox locked' }],
    ['BYE [UNAVAILABLE]', { code: 'NoConnection', reason: '[UNAVAILABLE] Server shutting down' }],
    ['no error at all', undefined],
  ])('does not count %s', (_name, err) => {
    expect(serverRefusal(err === undefined ? undefined : Object.assign(new Error('x'), err))).toBeNull();
  });
});
