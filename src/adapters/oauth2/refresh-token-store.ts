// Keeps a rotated OAuth2 refresh token in PostgreSQL so a restart, and every other process, offers
// the newest one, not a spent one (a rotating provider refuses a spent token and may revoke the
// whole grant): refreshes take turns under an advisory lock, each reading the newest token and
// keeping the next before the lock is let go. Sealed with AES-256-GCM under a key derived from
// SECRET_KEY; the row is named by a hash of the configured token, the client and the endpoint.
// I/O: PostgreSQL. A failure to keep it is logged (without the token) and does not stop the login
// it came with.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { RetryableError } from '../../errors.ts';
import { safeError } from '../../log.ts';
import type { Db, Tx } from '../db/client.ts';
import { translateDbError } from '../db/errors.ts';
import { oauth2RefreshTokens } from '../db/schema.ts';
import type { OAuth2Settings, RefreshTokenStore } from './token-source.ts';

const VERSION = 'v1';

function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'deskmail', 'oauth2 refresh token v1', 32));
}

/** The row's name: which configured token, client and endpoint the kept token descends from. */
export function refreshTokenLineage(settings: Pick<OAuth2Settings, 'tokenUrl' | 'clientId' | 'refreshToken'>): string {
  return createHash('sha256').update(`${settings.tokenUrl}\n${settings.clientId}\n${settings.refreshToken}`).digest('hex');
}

export function sealRefreshToken(token: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The token, or null when the seal is not ours (another secret key) or damaged. */
export function openRefreshToken(sealed: string, secret: string): string | null {
  const [version, packed] = sealed.split('.');
  if (version !== VERSION || !packed) return null;
  const bytes = Buffer.from(packed, 'base64');
  if (bytes.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Longest wait for another process's refresh (each takes at most 15 s) before giving up for now. */
const TURN_WAIT_MS = 60_000;

export function pgRefreshTokenStore(db: Db, settings: OAuth2Settings, secret: string, log: Logger, now: () => Date = () => new Date()): RefreshTokenStore {
  const lineage = refreshTokenLineage(settings);
  let warnedUnreadable = false;
  const readKept = async (tx: Tx): Promise<string | null> => {
    const [row] = await tx.select({ sealed: oauth2RefreshTokens.sealed }).from(oauth2RefreshTokens).where(eq(oauth2RefreshTokens.lineage, lineage));
    if (!row) return null;
    const token = openRefreshToken(row.sealed, secret);
    if (token === null && !warnedUnreadable) {
      warnedUnreadable = true;
      log.warn({ outcome: 'oauth2:kept-token-unreadable' }, 'oauth2: the kept refresh token cannot be opened (secret key changed?); using the configured one');
    }
    return token;
  };
  return {
    async refreshing<T extends { rotatedTo: string | null }>(refresh: (kept: string | null) => Promise<T>) {
      const turn: { answer?: T; refused?: { err: unknown } } = {};
      try {
        await db.transaction(async (tx) => {
          // One refresh at a time per lineage, across processes: the lock lasts until this
          // transaction ends, after the rotated token is kept (or the refresh failed).
          await tx.execute(sql`select set_config('lock_timeout', ${String(TURN_WAIT_MS)}, true)`);
          await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`oauth2-refresh-token:${lineage}`}, 0))`);
          const kept = await readKept(tx);
          let answer: T;
          try {
            answer = turn.answer = await refresh(kept);
          } catch (err) {
            turn.refused = { err };
            throw err;
          }
          if (answer.rotatedTo) {
            const sealed = sealRefreshToken(answer.rotatedTo, secret);
            await tx.insert(oauth2RefreshTokens).values({ lineage, sealed, rotatedAt: now() })
              .onConflictDoUpdate({ target: oauth2RefreshTokens.lineage, set: { sealed, rotatedAt: sql`excluded.rotated_at` } });
          }
        });
      } catch (err) {
        if (turn.refused) throw turn.refused.err;
        if (!turn.answer) throw turnFailure(err);
        // The login it came with goes ahead; this process offers the new token next time.
        log.error({ outcome: 'oauth2:refresh-token-not-kept', err: safeError(translateDbError(err)) }, 'oauth2: the provider rotated the refresh token and it could not be kept; other processes, and this one after a restart, would offer the spent one');
        return { answer: turn.answer, kept: false };
      }
      if (turn.answer?.rotatedTo) log.info({ outcome: 'oauth2:refresh-token-rotated' }, 'oauth2: the provider rotated the refresh token; the new one is kept');
      return { answer: turn.answer!, kept: true };
    },
  };
}

/** No turn to refresh: another process held it too long (lock timeout, 55P03), or the database is away. */
function turnFailure(err: unknown): unknown {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth += 1, e = e.cause as typeof e) {
    if (e.code === '55P03') return new RetryableError('OAUTH_TOKEN_UNAVAILABLE', `oauth2: another process has been refreshing the token for ${TURN_WAIT_MS / 1000} s; trying again later`, { cause: err });
  }
  return translateDbError(err);
}
