// Settings are read once and every problem is reported together.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadSettings } from '../src/config.ts';

const valid = { IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'pw', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: 'a-long-enough-secret-key' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.SYSTEM_NAME).toBe('ClientTrack');
    expect(config.TICKET_PREFIX).toBe('Utah_RW');
    expect(config.REOPEN_DAYS).toBe(14);
    expect(config.IMAP_TLS).toBe(false);
    expect(config.ADMIN_EMAILS).toEqual([]);
  });

  it('lists every missing or malformed setting in one error, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({ IMAP_PORT: 'abc', ADMIN_EMAILS: 'summer@example.test, not-an-address', SECRET_KEY: 'short', DATABASE_URL: 'mysql://u:hunter2@x/db' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['IMAP_USER', 'IMAP_PASSWORD', 'HELPDESK_ADDRESS', 'IMAP_PORT', 'ADMIN_EMAILS', 'SECRET_KEY', 'DATABASE_URL']) expect(message).toContain(name);
    expect(message).not.toContain('hunter2');
    expect((error as ConfigError).problems).toHaveLength(7);
  });

  it('needs a token endpoint and client instead of a password for OAuth2 logins', () => {
    const { IMAP_PASSWORD: _, ...withoutPassword } = valid;
    expect(() => loadConfig({ ...withoutPassword, IMAP_AUTH: 'oauth2' })).toThrow(/OAUTH2_TOKEN_URL is missing[\s\S]*OAUTH2_CLIENT_ID is missing/);
    const config = loadConfig({ ...withoutPassword, IMAP_AUTH: 'oauth2', OAUTH2_TOKEN_URL: 'https://login.example.test/token', OAUTH2_CLIENT_ID: 'app' });
    expect(config).toMatchObject({ IMAP_AUTH: 'oauth2', IMAP_PASSWORD: '', SMTP_AUTH: 'password' });
    expect(() => loadConfig({ ...valid, SMTP_AUTH: 'oauth2', OAUTH2_TOKEN_URL: 'https://login.example.test/token', OAUTH2_CLIENT_ID: 'app', SMTP_URL: 'smtp://smtp.example.test:587' }))
      .toThrow(/SMTP_URL must name the login user/);
    let error: unknown;
    try { loadConfig({ ...valid, OAUTH2_TOKEN_URL: 'not a url', OAUTH2_REFRESH_TOKEN: '1//secret-refresh' }); } catch (err) { error = err; }
    expect((error as Error).message).toContain('OAUTH2_TOKEN_URL');
    expect((error as Error).message).not.toContain('not a url');
  });

  it('reads the admin list case-insensitively and splits on commas or spaces', () => {
    expect(loadConfig({ ...valid, ADMIN_EMAILS: 'Summer@Example.test; becky@example.test' }).ADMIN_EMAILS).toEqual(['summer@example.test', 'becky@example.test']);
  });
});

describe('loadSettings', () => {
  it('checks only the settings a command needs', () => {
    expect(loadSettings(['DATABASE_URL'], {})).toEqual({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deskmail' });
    expect(() => loadSettings(['DATABASE_URL'], { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
});

describe('safeError', () => {
  it('keeps the first line of a database error and drops the query parameters that follow', async () => {
    const { safeError } = await import('../src/log.ts');
    const err = Object.assign(new Error('Failed query: insert into "notes" ("body") values ($1)\nparams: My client AAAA111111 has HIV'), { cause: { code: '23505' } });
    const safe = safeError(err);
    expect(safe).toEqual({ name: 'Error', code: '23505', message: 'Failed query: insert into "notes" ("body") values ($1)' });
    expect(JSON.stringify(safe)).not.toContain('AAAA111111');
  });
});
