// Whether a mail-arrived hook's Authorization header carries the configured token: `Bearer
// <token>`, or Basic with the token as the password (the user part is free, for hooks that can
// only put credentials in the URL). Compared in constant time. Pure.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function presentsPushToken(authorization: string | undefined, token: string): boolean {
  if (!token || !authorization) return false;
  const parts = /^(\S+) +(\S+)$/.exec(authorization.trim());
  if (!parts) return false;
  const [, scheme, credentials] = parts as unknown as [string, string, string];
  let presented: string | null = null;
  if (/^bearer$/i.test(scheme)) presented = credentials;
  else if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    presented = colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return presented !== null && timingSafeEqual(digest(presented), digest(token));
}
