import { describe, expect, it } from 'vitest';
import { openRefreshToken, refreshTokenLineage, sealRefreshToken } from '../../src/adapters/oauth2/refresh-token-store.ts';

const TOKEN = '1//0gLr3fReShToKeN-example-value_with.dots';

describe('a kept refresh token is sealed', () => {
  it('opens with the same secret key and holds no plain token', () => {
    const sealed = sealRefreshToken(TOKEN, 'secret-one');
    expect(sealed).not.toContain(TOKEN);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(openRefreshToken(sealed, 'secret-one')).toBe(TOKEN);
  });

  it('gives null, not garbage, under another key or when damaged', () => {
    const sealed = sealRefreshToken(TOKEN, 'secret-one');
    expect(openRefreshToken(sealed, 'secret-two')).toBeNull();
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(openRefreshToken(`v1.${bytes.toString('base64')}`, 'secret-one')).toBeNull();
    expect(openRefreshToken('v0.abc', 'secret-one')).toBeNull();
    expect(openRefreshToken('', 'secret-one')).toBeNull();
  });

  it('seals the same token differently each time', () => {
    expect(sealRefreshToken(TOKEN, 'k')).not.toBe(sealRefreshToken(TOKEN, 'k'));
  });

  it('names a new lineage when the configured token, client or endpoint changes, and never shows the token', () => {
    const base = { tokenUrl: 'https://login.example.test/token', clientId: 'app', refreshToken: TOKEN };
    const lineage = refreshTokenLineage(base);
    expect(lineage).not.toContain(TOKEN);
    expect(refreshTokenLineage({ ...base, refreshToken: `${TOKEN}x` })).not.toBe(lineage);
    expect(refreshTokenLineage({ ...base, clientId: 'other' })).not.toBe(lineage);
    expect(refreshTokenLineage({ ...base, tokenUrl: 'https://login.example.test/v2/token' })).not.toBe(lineage);
    expect(refreshTokenLineage({ ...base })).toBe(lineage);
  });
});
