// The per-recipient loop brake against the local Redis (REDIS_URL, else 127.0.0.1:6379), under
// a key prefix of its own that is deleted afterwards.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoMailLimiter, limitKeyAddress } from '../../../src/adapters/queue/rate-limit.ts';

const NOW = new Date('2025-03-04T10:15:00Z');

describe('AutoMailLimiter on real Redis', () => {
  let redis: Redis;
  const prefix = `t-ratelimit-${randomBytes(4).toString('hex')}`;
  let next = 1;
  const id = () => next++;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('allows the hour\'s allowance and refuses the mail after it', async () => {
    const limiter = new AutoMailLimiter(redis, prefix, 3);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await limiter.take('flood@example.test', NOW, id()));
    expect(answers).toEqual([true, true, true, false, false]);
    expect(await limiter.take('flood@example.test', new Date(NOW.getTime() + 3_600_000), id())).toBe(true);
  });

  it('counts a retried row once and gives it the same answer again', async () => {
    const limiter = new AutoMailLimiter(redis, prefix, 2);
    const first = id();
    for (let attempt = 0; attempt < 5; attempt++) expect(await limiter.take('retry@example.test', NOW, first)).toBe(true);
    expect(await limiter.take('retry@example.test', NOW, id())).toBe(true);
    const over = id();
    expect(await limiter.take('retry@example.test', NOW, over)).toBe(false);
    expect(await limiter.take('retry@example.test', NOW, over)).toBe(false);
    const counted = await redis.ttl(`${prefix}:automail-counted:${first}`);
    expect(counted).toBeGreaterThan(3600);
    expect(counted).toBeLessThanOrEqual(7200);
  });

  it('counts concurrent takes exactly, with the window key expiring', async () => {
    const limiter = new AutoMailLimiter(redis, prefix, 10);
    const answers = await Promise.all(Array.from({ length: 30 }, () => limiter.take('burst@example.test', NOW, id())));
    expect(answers.filter(Boolean)).toHaveLength(10);
    const windows = (await redis.keys(`${prefix}:automail:*`));
    for (const key of windows) expect(await redis.ttl(key)).toBeGreaterThan(0);
  });

  it('gives plus-addressed variants of one mailbox one allowance', async () => {
    expect(limitKeyAddress('Bob+1@Example.TEST')).toBe('bob@example.test');
    expect(limitKeyAddress('+odd@example.test')).toBe('+odd@example.test');
    const limiter = new AutoMailLimiter(redis, prefix, 2);
    expect(await limiter.take('bob+1@example.test', NOW, id())).toBe(true);
    expect(await limiter.take('bob+2@example.test', NOW, id())).toBe(true);
    expect(await limiter.take('Bob@example.test', NOW, id())).toBe(false);
  });

  it('never limits exempt staff and organisation addresses, but still limits everyone else', async () => {
    const exempt = ['summer@example.test', 'forward@macch.example.test'];
    const limiter = new AutoMailLimiter(redis, prefix, 1, async () => exempt);
    for (let i = 0; i < 5; i++) {
      expect(await limiter.take('Summer@example.test', NOW, id())).toBe(true);
      expect(await limiter.take('forward@macch.example.test', NOW, id())).toBe(true);
    }
    expect(await limiter.take('outsider@example.test', NOW, id())).toBe(true);
    expect(await limiter.take('outsider@example.test', NOW, id())).toBe(false);
  });
});
