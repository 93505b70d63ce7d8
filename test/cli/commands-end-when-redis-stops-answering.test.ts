// Commands that read or queue through Redis end by themselves when Redis takes the connection but
// never answers (a private redis-server stopped with SIGSTOP: the kernel still accepts, nothing
// replies): within a few seconds, exit 1, with a line naming Redis; nothing is changed meanwhile.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { inboundMessages } from '../../src/adapters/db/schema.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createTestDatabase } from '../support/harness.ts';
import { runDeskmail } from '../support/cli.ts';
import { startPrivateRedis, type PrivateRedis } from '../support/private-servers.ts';

/**
 * Redis is given 3 s; the rest is node and the sources starting, up to several seconds on a busy
 * machine. A command that waits for Redis is still running when runDeskmail ends it at 30 s.
 */
const ENDS_WITHIN_MS = 20_000;

describe('with a Redis that accepts connections but does not answer', () => {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  let redis: PrivateRedis;
  let config: Config;
  let held = 0;
  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = openDatabase(scratch.url);
    redis = await startPrivateRedis();
    config = loadConfig({
      DATABASE_URL: scratch.url, REDIS_URL: redis.url, QUEUE_PREFIX: `tf${randomBytes(4).toString('hex')}`,
      IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: randomBytes(32).toString('hex'),
    });
    const store = new InboundStore(database.db);
    ({ id: held } = await store.store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw: Buffer.from('From: a@example.test\r\nSubject: s\r\n\r\nbody\r\n') }));
    await store.quarantine(held, 'PROCESSING_FAILED', 'a test');
    redis.freeze();
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
    await database?.close();
    await scratch?.drop();
  });

  const timed = async (args: string[]) => {
    const started = Date.now();
    const result = await runDeskmail(config, args);
    return { ...result, ms: Date.now() - started };
  };

  it('deskmail status ends with exit 1 and a line naming Redis', async () => {
    const result = await timed(['status']);
    expect(result.ms).toBeLessThan(ENDS_WITHIN_MS);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^problem: redis: does not answer at REDIS_URL within 3 s$/m);
    // PostgreSQL answered: what it holds is still shown.
    expect(result.stdout).toMatch(/^quarantine: 1$/m);
  }, 40_000);

  it('deskmail status --json says the same in its errors', async () => {
    const result = await timed(['status', '--json']);
    expect(result.ms).toBeLessThan(ENDS_WITHIN_MS);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).errors).toEqual(['redis: does not answer at REDIS_URL within 3 s']);
  }, 40_000);

  it('deskmail jobs failed ends with exit 1 and a line naming Redis', async () => {
    const result = await timed(['jobs', 'failed']);
    expect(result.ms).toBeLessThan(ENDS_WITHIN_MS);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Redis does not answer at REDIS_URL/m);
  }, 40_000);

  it('deskmail quarantine retry ends with exit 1 and leaves the message held', async () => {
    const result = await timed(['quarantine', 'retry', String(held)]);
    expect(result.ms).toBeLessThan(ENDS_WITHIN_MS);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Redis does not answer at REDIS_URL; message \d+ stays in quarantine$/m);
    const [row] = await database.db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, held));
    expect(row!.status).toBe('quarantined');
  }, 40_000);

  it('deskmail schedule run recover ends with exit 1 and runs nothing', async () => {
    const result = await timed(['schedule', 'run', 'recover']);
    expect(result.ms).toBeLessThan(ENDS_WITHIN_MS);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Redis does not answer \(REDIS_URL\): the task could not queue what it does; nothing was run$/m);
  }, 40_000);
});
