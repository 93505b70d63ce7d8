// Database errors translated at the adapter edge: a passing outage or conflict is retried, any
// other refusal is permanent with a code, and errors from elsewhere pass through unchanged.
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { translateDbError } from '../../../src/adapters/db/errors.ts';
import { PermanentError, RetryableError } from '../../../src/errors.ts';

/** What postgres.js rejects with for a server error: a PostgresError carrying the SQLSTATE. */
function postgresError(code: string, message = 'server says no'): Error {
  return Object.assign(new Error(message), { name: 'PostgresError', code, severity: 'ERROR' });
}
/** What postgres.js rejects with when the connection fails. */
function connectionError(code: string): Error {
  return Object.assign(new Error(`write ${code} 127.0.0.1:5432`), { code, errno: code });
}
/** drizzle wraps the driver's error, query and parameters included, with the original as `cause`. */
const wrapped = (cause: Error) => new DrizzleQueryError('update notes set body = $1', ['a private note body'], cause);

describe('translateDbError', () => {
  it.each([
    ['ECONNREFUSED'], ['ECONNRESET'], ['ETIMEDOUT'], ['CONNECTION_CLOSED'], ['CONNECTION_ENDED'], ['CONNECTION_DESTROYED'], ['CONNECT_TIMEOUT'],
  ])('retries when the connection fails with %s', (code) => {
    const err = translateDbError(wrapped(connectionError(code)));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err).toMatchObject({ code: 'DB_UNAVAILABLE' });
  });

  it.each([
    ['08006', 'connection failure'], ['40001', 'serialization failure'], ['40P01', 'deadlock'], ['53300', 'too many connections'],
    ['55P03', 'lock not available'], ['57P01', 'admin shutdown'], ['57P02', 'crash shutdown'], ['57P03', 'cannot connect now'],
  ])('retries SQLSTATE %s (%s)', (code) => {
    const err = translateDbError(wrapped(postgresError(code)));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err).toMatchObject({ code: 'DB_UNAVAILABLE' });
    expect((err as Error).cause).toBeInstanceOf(DrizzleQueryError);
  });

  it.each([['23505', 'unique violation'], ['42601', 'syntax error'], ['22P02', 'invalid text representation'], ['42P01', 'undefined table']])(
    'gives up on SQLSTATE %s (%s) with a code',
    (code) => {
      const err = translateDbError(wrapped(postgresError(code, `${code} happened\nDETAIL: Key (email)=(a@b.test)`)));
      expect(err).toBeInstanceOf(PermanentError);
      expect(err).toMatchObject({ code: 'DB_QUERY' });
      // The server's first line only: never the query's parameters or a DETAIL with values.
      expect((err as Error).message).toBe(`database error ${code}: ${code} happened`);
    },
  );

  it('finds an unwrapped driver error too, and a refused connection reported as an AggregateError', () => {
    expect(translateDbError(postgresError('40P01'))).toBeInstanceOf(RetryableError);
    const aggregate = Object.assign(new AggregateError([connectionError('ECONNREFUSED'), connectionError('ECONNREFUSED')], ''), {});
    expect(translateDbError(aggregate)).toBeInstanceOf(RetryableError);
  });

  it('leaves errors that are not from the database, and errors already translated, as they are', () => {
    const plain = new TypeError('cannot read properties of undefined');
    expect(translateDbError(plain)).toBe(plain);
    const imapLike = Object.assign(new Error('mailbox gone'), { code: 'NONEXISTENT' });
    expect(translateDbError(imapLike)).toBe(imapLike);
    const already = new RetryableError('THREAD_CHANGED');
    expect(translateDbError(already)).toBe(already);
    const permanent = new PermanentError('TEMPLATE');
    expect(translateDbError(permanent)).toBe(permanent);
  });
});
