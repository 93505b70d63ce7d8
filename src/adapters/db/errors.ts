// Translates database failures (postgres.js errors, drizzle's DrizzleQueryError wrapping them)
// into our two error kinds: a passing outage or conflict is RetryableError(DB_UNAVAILABLE), any
// other refusal PermanentError(DB_QUERY). Pure: inspects the error only. Anything that is not a
// database error is returned unchanged, so workers can run every caught error through it.
import { PermanentError, RetryableError } from '../../errors.ts';

/** Socket and postgres.js connection codes: the database was not there for a moment. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs worth retrying: class 08 connection exception, class 40 transaction rollback
 * (serialization failure, deadlock), class 53 insufficient resources, 55P03 lock not available,
 * 57014 query cancelled (statement timeout), 57P01-57P03 server shutting down or starting.
 */
export function isRetryableSqlState(code: string): boolean {
  return /^(08|40|53)/.test(code) || ['55P03', '57014', '57P01', '57P02', '57P03'].includes(code);
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

interface Coded { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown; address?: unknown; port?: unknown; hostname?: unknown }

/** The innermost database error in a cause chain (drizzle puts postgres.js's under `cause`); `where` the server a connection failed to, as far as the error says. */
function findDbCause(err: unknown): { kind: 'connection' | 'sql'; code: string; message: string; where?: string } | null {
  let e = err as Coded | null | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth += 1) {
    const code = typeof e.code === 'string' ? e.code : null;
    if (code && CONNECTION_CODES.has(code)) return { kind: 'connection', code, message: String(e.message ?? code), ...serverOf(e) };
    // Node reports a refused connection to several addresses as an AggregateError of them.
    if (Array.isArray(e.errors)) {
      const inner = e.errors.map((x) => findDbCause(x)).find((x) => x !== null);
      if (inner) return inner;
    }
    if (code && e.name === 'PostgresError' && SQLSTATE.test(code)) return { kind: 'sql', code, message: String(e.message ?? '') };
    e = e.cause as Coded | null | undefined;
  }
  return null;
}

/** The host (or socket) and port a socket or postgres.js connection error names. */
function serverOf(e: Coded): { where?: string } {
  const host = e.address ?? e.hostname;
  if (typeof host !== 'string' && !Array.isArray(host)) return {};
  const port = typeof e.port === 'number' || typeof e.port === 'string' ? `:${String(e.port)}` : '';
  return { where: `${[host].flat().join(',')}${port}` };
}

/**
 * When `err` is (or wraps) a failure to reach the database: its code (ECONNREFUSED, CONNECT_TIMEOUT...)
 * and the server it failed to reach, when the error names it. Null for anything else, a refusal
 * by a server that answered included.
 */
export function dbConnectionFailure(err: unknown): { code: string; where?: string } | null {
  const found = findDbCause(err);
  return found?.kind === 'connection' ? { code: found.code, ...(found.where ? { where: found.where } : {}) } : null;
}

/**
 * RetryableError(DB_UNAVAILABLE) for connection failures and retryable SQLSTATEs,
 * PermanentError(DB_QUERY) for any other database error, `err` itself for everything else
 * (including errors already translated). The message carries the SQLSTATE and the server's
 * first line only, never the query's parameters.
 */
export function translateDbError(err: unknown): unknown {
  if (err instanceof RetryableError || err instanceof PermanentError) return err;
  const found = findDbCause(err);
  if (!found) return err;
  const line = found.message.split('\n')[0]!.slice(0, 200);
  if (found.kind === 'connection' || isRetryableSqlState(found.code)) {
    return new RetryableError('DB_UNAVAILABLE', `database unavailable (${found.code}): ${line}`, { cause: err });
  }
  return new PermanentError('DB_QUERY', `database error ${found.code}: ${line}`, { cause: err });
}
