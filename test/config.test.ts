// Settings are read once and every problem is reported together.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, loadSettings, SETTINGS } from '../src/config.ts';
import { WEB_MAILBOX } from '../src/inbound/web-mailbox.ts';

const valid = { IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'pw', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: randomBytes(32).toString('hex') };

/** Every SECRET_KEY value written in the shipped example files. */
function shippedSecretExamples(): string[] {
  const found: string[] = [];
  for (const file of ['.env.example', 'docker-compose.yml']) {
    const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    for (const m of text.matchAll(/^\s*SECRET_KEY\s*[:=]\s*["']?([^"'\s#]+)/gm)) found.push(m[1]!);
  }
  return found;
}

describe('SECRET_KEY', () => {
  it('accepts 32 random bytes in hex or base64', () => {
    expect(loadConfig({ ...valid, SECRET_KEY: randomBytes(32).toString('hex') }).SECRET_KEY).toHaveLength(64);
    expect(() => loadConfig({ ...valid, SECRET_KEY: randomBytes(32).toString('base64') })).not.toThrow();
  });

  it('rejects the values written in .env.example and docker-compose.yml, and padded copies of them', () => {
    for (const example of [...shippedSecretExamples(), 'replace-with-output-of-openssl-rand-hex-32', 'compose-trial-secret-change-me', 'compose-trial-secret-change-me-0123456789']) {
      expect(() => loadConfig({ ...valid, SECRET_KEY: example }), example).toThrow(/SECRET_KEY/);
    }
  });

  it('rejects keys shorter than 32 characters or without variety', () => {
    for (const weak of ['a-long-enough-secret-key', randomBytes(15).toString('hex'), 'a'.repeat(64), '0123012301230123012301230123012301230123']) {
      expect(() => loadConfig({ ...valid, SECRET_KEY: weak }), weak).toThrow(/SECRET_KEY/);
    }
  });

  it('never echoes the rejected key', () => {
    const key = 'compose-trial-secret-change-me';
    expect(() => loadConfig({ ...valid, SECRET_KEY: key })).toThrow(ConfigError);
    try { loadConfig({ ...valid, SECRET_KEY: key }); } catch (err) { expect((err as Error).message).not.toContain(key); }
  });
});

describe('plain-text opt-outs', () => {
  it('default to requiring TLS and read true/false', () => {
    const config = loadConfig(valid);
    expect(config.IMAP_ALLOW_PLAINTEXT).toBe(false);
    expect(config.SMTP_ALLOW_PLAINTEXT).toBe(false);
    expect(loadConfig({ ...valid, IMAP_ALLOW_PLAINTEXT: 'true', SMTP_ALLOW_PLAINTEXT: 'yes' })).toMatchObject({ IMAP_ALLOW_PLAINTEXT: true, SMTP_ALLOW_PLAINTEXT: true });
    expect(() => loadConfig({ ...valid, SMTP_ALLOW_PLAINTEXT: 'maybe' })).toThrow(/SMTP_ALLOW_PLAINTEXT/);
  });

  it('send the OAuth2 client secret and refresh token over http only to a server on this machine', () => {
    for (const value of ['http://login.example.test/token', 'http://10.0.0.5:8080/token', 'http://[2001:db8::1]/token', 'http://127.0.0.1.example.test/token']) {
      expect(() => loadConfig({ ...valid, OAUTH2_TOKEN_URL: value }), value).toThrow(/OAUTH2_TOKEN_URL must start with https:/);
    }
    for (const value of ['https://login.example.test/token', 'http://127.0.0.1:8080/token', 'http://localhost:8080/token', 'http://[::1]:8080/token', '']) {
      expect(loadConfig({ ...valid, OAUTH2_TOKEN_URL: value }).OAUTH2_TOKEN_URL, value).toBe(value);
    }
  });
});

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
    const config = loadConfig({ ...withoutPassword, IMAP_AUTH: 'oauth2', OAUTH2_TOKEN_URL: 'https://login.example.test/token', OAUTH2_CLIENT_ID: 'app', OAUTH2_CLIENT_SECRET: 'app-secret' });
    expect(config).toMatchObject({ IMAP_AUTH: 'oauth2', IMAP_PASSWORD: '', SMTP_AUTH: 'password' });
    expect(() => loadConfig({ ...valid, SMTP_AUTH: 'oauth2', OAUTH2_TOKEN_URL: 'https://login.example.test/token', OAUTH2_CLIENT_ID: 'app', SMTP_URL: 'smtp://smtp.example.test:587' }))
      .toThrow(/SMTP_URL must name the login user/);
    let error: unknown;
    try { loadConfig({ ...valid, OAUTH2_TOKEN_URL: 'not a url', OAUTH2_REFRESH_TOKEN: '1//secret-refresh' }); } catch (err) { error = err; }
    expect((error as Error).message).toContain('OAUTH2_TOKEN_URL');
    expect((error as Error).message).not.toContain('not a url');
  });

  it('needs the client secret for the client credentials grant, and none beside a refresh token (a public client)', () => {
    const { IMAP_PASSWORD: _, ...withoutPassword } = valid;
    const oauth = { ...withoutPassword, IMAP_AUTH: 'oauth2', OAUTH2_TOKEN_URL: 'https://login.example.test/token', OAUTH2_CLIENT_ID: 'app' };
    // Without a refresh token the token request is the client credentials grant, which the provider
    // refuses without the secret: said at start, not retried for ever once running.
    expect(() => loadConfig(oauth)).toThrow(/OAUTH2_CLIENT_SECRET is missing/);
    expect(() => loadConfig({ ...valid, SMTP_AUTH: 'oauth2', SMTP_URL: 'smtp://helpdesk%40example.test@smtp.example.test:587', OAUTH2_TOKEN_URL: 'https://login.example.test/token', OAUTH2_CLIENT_ID: 'app' }))
      .toThrow(/OAUTH2_CLIENT_SECRET is missing/);
    expect(loadConfig({ ...oauth, OAUTH2_CLIENT_SECRET: 'app-secret' }).OAUTH2_CLIENT_SECRET).toBe('app-secret');
    // A refresh token with or without a secret: a confidential client (Google) or a public one.
    expect(loadConfig({ ...oauth, OAUTH2_CLIENT_SECRET: 'app-secret', OAUTH2_REFRESH_TOKEN: '1//refresh' }).OAUTH2_REFRESH_TOKEN).toBe('1//refresh');
    expect(loadConfig({ ...oauth, OAUTH2_REFRESH_TOKEN: '1//refresh' }).OAUTH2_CLIENT_SECRET).toBe('');
    // Password logins need none of it.
    expect(loadConfig(valid).OAUTH2_CLIENT_SECRET).toBe('');
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

describe('.env.example', () => {
  it('names every setting, as it says it does', () => {
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const missing = Object.keys(SETTINGS).filter((key) => !new RegExp(`^${key}=`, 'm').test(text));
    expect(missing).toEqual([]);
  });
});

describe('values that would fail later, refused at start', () => {
  it('refuses an empty or non-decimal number instead of reading it as 0', () => {
    for (const [name, value] of [['METRICS_PORT', ''], ['REOPEN_DAYS', ' '], ['REPLY_ADDRESS_DAYS', '0x10'], ['LOOP_QUICK_REPLY_SECONDS', '1e3']]) {
      expect(() => loadConfig({ ...valid, [name!]: value }), `${name}=${value}`).toThrow(new RegExp(`${name} must be a whole number`));
    }
    expect(loadConfig({ ...valid, METRICS_PORT: ' 9465 ' }).METRICS_PORT).toBe(9465);
    expect(loadConfig({ ...valid, METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
  });

  it('refuses a server URL that names no host', () => {
    for (const value of ['smtp://', 'smtp:foo']) expect(() => loadConfig({ ...valid, SMTP_URL: value }), value).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...valid, REDIS_URL: 'redis://' })).toThrow(/REDIS_URL/);
  });

  it('refuses a poll interval longer than a timer can wait (it would fire at once, over and over)', () => {
    expect(() => loadConfig({ ...valid, IMAP_POLL_SECONDS: '3000000' })).toThrow(/IMAP_POLL_SECONDS/);
    expect(loadConfig({ ...valid, IMAP_POLL_SECONDS: '86400' }).IMAP_POLL_SECONDS).toBe(86400);
  });
});

describe('IMAP_MAILBOX', () => {
  // Fetched mail is stored under this name: it may not be the web pages' own, whose messages are
  // taken as written for a signed-in person and not checked against DNS (SENDER_AUTH).
  it('refuses the name the web pages store their messages under, in any case, and says why', () => {
    for (const name of [WEB_MAILBOX, 'Web', 'WEB', ' web ']) {
      expect(() => loadConfig({ ...valid, IMAP_MAILBOX: name }), name).toThrow(/IMAP_MAILBOX must not be `web` in any case: that name is reserved for the messages the web pages store/);
    }
  });

  it('takes any other folder, including ones that only start or end with the name', () => {
    for (const name of ['INBOX', 'Helpdesk', 'web-requests', 'INBOX/web', 'webmail']) expect(loadConfig({ ...valid, IMAP_MAILBOX: name }).IMAP_MAILBOX, name).toBe(name);
  });
});
