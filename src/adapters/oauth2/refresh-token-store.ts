// Keeps a rotated OAuth2 refresh token in PostgreSQL so a restart offers the newest one, not the
// spent one from the configuration (a rotating provider refuses a spent token and may revoke the
// whole grant). Sealed with AES-256-GCM under a key derived from SECRET_KEY; the row is named by a
// hash of the configured token, the client and the endpoint. I/O: PostgreSQL. A failure to keep it
// is logged (without the token) and does not stop the login it came with.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
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

export function pgRefreshTokenStore(db: Db, settings: OAuth2Settings, secret: string, log: Logger, now: () => Date = () => new Date()): RefreshTokenStore {
  const lineage = refreshTokenLineage(settings);
  return {
    async load() {
      const [row] = await db.select({ sealed: oauth2RefreshTokens.sealed }).from(oauth2RefreshTokens).where(eq(oauth2RefreshTokens.lineage, lineage));
      if (!row) return null;
      const token = openRefreshToken(row.sealed, secret);
      if (token === null) log.warn({ outcome: 'oauth2:kept-token-unreadable' }, 'oauth2: the kept refresh token cannot be opened (secret key changed?); using the configured one');
      return token;
    },
    async save(token) {
      try {
        const sealed = sealRefreshToken(token, secret);
        await db.insert(oauth2RefreshTokens).values({ lineage, sealed, rotatedAt: now() })
          .onConflictDoUpdate({ target: oauth2RefreshTokens.lineage, set: { sealed, rotatedAt: sql`excluded.rotated_at` } });
        log.info({ outcome: 'oauth2:refresh-token-rotated' }, 'oauth2: the provider rotated the refresh token; the new one is kept');
      } catch (err) {
        log.error({ outcome: 'oauth2:refresh-token-not-kept', err: { message: (err as Error).message } }, 'oauth2: the provider rotated the refresh token and it could not be kept; a restart before the next rotation will offer the spent one');
      }
    },
  };
}
