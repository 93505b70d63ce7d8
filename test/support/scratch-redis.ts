// Redis for a test file: the local server (REDIS_URL, else 127.0.0.1:6379) under a key prefix of the
// file's own, whose keys are deleted afterwards. I/O: Redis.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/** Deletes every key under `prefix` and closes the connection. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

/** Call at the top of a describe block; read `.redis` inside the tests. */
export function useScratchRedis(name: string): { readonly redis: Redis; readonly prefix: string } {
  const prefix = `t-${name}-${randomBytes(4).toString('hex')}`;
  let redis: Redis | undefined;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    if (redis) await dropPrefix(redis, prefix);
  });
  return {
    get redis() {
      if (!redis) throw new Error('useScratchRedis: Redis is opened in beforeAll');
      return redis;
    },
    prefix,
  };
}

