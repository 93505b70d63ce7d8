// A worker asks for the fetch lease as it starts, on a Redis connection that fails fast (no queue of
// commands while Redis is away). The first question waits for that connection to open, so a lone
// worker fetches at once instead of standing by for a lease nobody holds; a Redis that is away is
// not waited for beyond a third of the lease's lifetime.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { FetchLease, readLease } from '../../../src/adapters/queue/fetch-lease.ts';
import { useScratchRedis } from '../../support/scratch-redis.ts';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** As the worker opens it (src/main.ts). */
const failingFast = (url: string) => {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 1000 });
  redis.on('error', () => {});
  return redis;
};

describe('the fetch lease on a connection just opened', () => {
  const scratch = useScratchRedis('leasestart');

  it('is taken on the first attempt, made before the connection is ready', async () => {
    const redis = failingFast(URL);
    try {
      expect(redis.status).not.toBe('ready');
      const lease = new FetchLease(redis, scratch.prefix, 'INBOX', 'worker-1');
      expect(await lease.acquire()).toBe(true);
      expect(lease.fence).toBeGreaterThan(0);
      expect(await readLease(scratch.redis, scratch.prefix, 'INBOX')).toEqual({ holder: 'worker-1', fence: lease.fence });
    } finally {
      redis.disconnect();
    }
  });

  it('fails within a third of its lifetime when Redis is not there', async () => {
    // A port nothing listens on: connecting fails, and the connection keeps trying every second.
    const redis = failingFast('redis://127.0.0.1:1');
    try {
      const lease = new FetchLease(redis, scratch.prefix, 'OTHER', 'worker-2', 900);
      const started = Date.now();
      await expect(lease.acquire()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(900);
      expect(lease.fence).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
