// Per-recipient limit on automatic mail, in Redis: a fixed one-hour window per address. The
// last brake on any mail loop we failed to foresee. I/O: Redis.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class AutoMailLimiter {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly perHour: number) {}

  /** Counts one mail to `address`; false when the hour's allowance is used up. */
  async take(address: string, now: Date): Promise<boolean> {
    const hour = Math.floor(now.getTime() / 3_600_000);
    // Hash the address: keys may be listed by operators; addresses are personal data.
    const who = createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 24);
    const key = `${this.prefix}:automail:${who}:${hour}`;
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.expire(key, 7200);
    return count <= this.perHour;
  }
}
