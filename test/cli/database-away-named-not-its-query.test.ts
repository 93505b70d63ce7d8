// A command whose database does not answer says so, naming the server and the socket's code, and
// exits 1: never the query drizzle quotes in its own message (cut off mid-statement, saying nothing
// of why, and able to carry stored data in its text and parameters). A server that answers but
// refuses is told by its SQLSTATE and first line, and anything else drizzle wraps by its cause.
import { randomBytes } from 'node:crypto';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { failureLine } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import { runDeskmail } from '../support/cli.ts';
import { dropPrefix } from '../support/scratch-redis.ts';

const PREFIX = `t-db-away-${randomBytes(4).toString('hex')}`;
const config = loadConfig({
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/deskmail', QUEUE_PREFIX: PREFIX,
  IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: randomBytes(32).toString('hex'),
});

afterAll(async () => {
  await dropPrefix(new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 }), PREFIX);
});

describe('a command whose database does not answer', () => {
  it.each([
    [['tickets', 'list']],
    [['tickets', 'show', 'Utah_RW-1']],
    [['people', 'list']],
    [['people', 'admin', 'alice@example.test']],
    [['quarantine', 'list']],
    [['classify', 'report']],
    [['inspect', 'test/fixtures/mail/auto-reply-rfc3834.eml']],
    [['schedule', 'run', 'digest']],
  ])('deskmail %j names the server that does not answer, not the query', async (args) => {
    const result = await runDeskmail(config, args);
    expect(result.stderr).toBe(`deskmail ${args[0]}: PostgreSQL at 127.0.0.1:1 does not answer (ECONNREFUSED)\n`);
    expect(result.code).toBe(1);
  }, 40_000);
});

describe('the line a failed command ends with', () => {
  const query = 'select "people"."email" from "people" where "people"."email" = $1';
  const params = ['alice@example.test'];

  it('tells a refusal by its SQLSTATE and the server\'s first line', () => {
    const refused = Object.assign(new Error('relation "people" does not exist'), { name: 'PostgresError', code: '42P01' });
    expect(failureLine(new DrizzleQueryError(query, params, refused))).toBe('database error 42P01: relation "people" does not exist');
  });

  it('tells anything else drizzle wraps by its cause, without the query', () => {
    const line = failureLine(new DrizzleQueryError(query, params, new TypeError('cannot encode the value')));
    expect(line).toBe('a database query failed: cannot encode the value');
    expect(failureLine(new DrizzleQueryError(query, params))).toBe('a database query failed');
  });

  it('leaves other failures as they were', () => {
    expect(failureLine(new Error('no such file'))).toBe('no such file');
  });
});
