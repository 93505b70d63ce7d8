// The per-address hourly allowance (the sign-in links the web form mails) against the local Redis,
// under a key prefix of its own that is deleted afterwards.
import { describe, expect, it } from 'vitest';
import { AddressHourlyAllowance, limitKeyAddress } from '../../../src/adapters/queue/rate-limit.ts';
import { useScratchRedis } from '../../support/scratch-redis.ts';

const NOW = new Date('2025-03-04T10:15:00Z');

describe('AddressHourlyAllowance on real Redis', () => {
  const scratch = useScratchRedis('ratelimit');
  const { prefix } = scratch;
  let next = 1;
  const id = () => next++;

  it('allows the hour\'s allowance and refuses the mail after it', async () => {
    const limiter = new AddressHourlyAllowance(scratch.redis, prefix, 3);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await limiter.take('flood@example.test', NOW, id()));
    expect(answers).toEqual([true, true, true, false, false]);
    expect(await limiter.take('flood@example.test', new Date(NOW.getTime() + 3_600_000), id())).toBe(true);
  });

  it('counts a retried row once and gives it the same answer again', async () => {
    const limiter = new AddressHourlyAllowance(scratch.redis, prefix, 2);
    const first = id();
    for (let attempt = 0; attempt < 5; attempt++) expect(await limiter.take('retry@example.test', NOW, first)).toBe(true);
    expect(await limiter.take('retry@example.test', NOW, id())).toBe(true);
    const over = id();
    expect(await limiter.take('retry@example.test', NOW, over)).toBe(false);
    expect(await limiter.take('retry@example.test', NOW, over)).toBe(false);
    const counted = await scratch.redis.ttl(`${prefix}:automail-counted:${first}`);
    expect(counted).toBeGreaterThan(3600);
    expect(counted).toBeLessThanOrEqual(7200);
  });

  it('counts concurrent takes exactly, with the window key expiring', async () => {
    const limiter = new AddressHourlyAllowance(scratch.redis, prefix, 10);
    const answers = await Promise.all(Array.from({ length: 30 }, () => limiter.take('burst@example.test', NOW, id())));
    expect(answers.filter(Boolean)).toHaveLength(10);
    const windows = (await scratch.redis.keys(`${prefix}:automail:*`));
    for (const key of windows) expect(await scratch.redis.ttl(key)).toBeGreaterThan(0);
  });

  it('gives plus-addressed variants of one mailbox one allowance', async () => {
    expect(limitKeyAddress('Bob+1@Example.TEST')).toBe('bob@example.test');
    expect(limitKeyAddress('+odd@example.test')).toBe('+odd@example.test');
    const limiter = new AddressHourlyAllowance(scratch.redis, prefix, 2);
    expect(await limiter.take('bob+1@example.test', NOW, id())).toBe(true);
    expect(await limiter.take('bob+2@example.test', NOW, id())).toBe(true);
    expect(await limiter.take('Bob@example.test', NOW, id())).toBe(false);
  });

  it('never limits exempt staff and organisation addresses, but still limits everyone else', async () => {
    const exempt = ['summer@example.test', 'forward@macch.example.test'];
    const limiter = new AddressHourlyAllowance(scratch.redis, prefix, 1, async () => exempt);
    for (let i = 0; i < 5; i++) {
      expect(await limiter.take('Summer@example.test', NOW, id())).toBe(true);
      expect(await limiter.take('forward@macch.example.test', NOW, id())).toBe(true);
    }
    expect(await limiter.take('outsider@example.test', NOW, id())).toBe(true);
    expect(await limiter.take('outsider@example.test', NOW, id())).toBe(false);
  });
});
