// The mail-arrived hook's token check: Bearer, or Basic with the token as the password.
import { describe, expect, it } from 'vitest';
import { presentsPushToken } from '../../src/operations/push-auth.ts';

const TOKEN = '3f9c1b7e2a6d4c8b9e0f1a2b3c4d5e6f';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('presentsPushToken', () => {
  it('takes the token as a bearer token, whatever the scheme\'s case', () => {
    expect(presentsPushToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(presentsPushToken(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });
  it('takes it as the password of Basic, whatever the user', () => {
    expect(presentsPushToken(basic('dovecot', TOKEN), TOKEN)).toBe(true);
    expect(presentsPushToken(basic('', TOKEN), TOKEN)).toBe(true);
  });
  it('refuses anything else', () => {
    expect(presentsPushToken(undefined, TOKEN)).toBe(false);
    expect(presentsPushToken('', TOKEN)).toBe(false);
    expect(presentsPushToken(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(presentsPushToken(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
    expect(presentsPushToken(basic(TOKEN, 'x'), TOKEN)).toBe(false);
    expect(presentsPushToken(`Basic ${Buffer.from(TOKEN).toString('base64')}`, TOKEN)).toBe(false);
    expect(presentsPushToken(`Token ${TOKEN}`, TOKEN)).toBe(false);
    expect(presentsPushToken(`Bearer ${TOKEN}`, '')).toBe(false);
  });
});
