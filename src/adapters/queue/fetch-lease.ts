// The fetch lease: at most one worker fetches a mailbox at a time. A Redis key names the holder
// and its fencing token, and expires unless the holder renews it, so a dead holder's lease ends
// by itself. Each new holder gets a higher token (a counter that never goes back); the cursor
// in PostgreSQL only accepts a token at least as high as the last one that moved it, so a
// holder that stalled and lost its lease cannot move the cursor back. I/O: Redis.
import type { Redis } from 'ioredis';

export const leaseKey = (prefix: string, mailbox: string) => `${prefix}:fetch-lease:${mailbox}`;
const fenceKey = (prefix: string, mailbox: string) => `${prefix}:fetch-fence:${mailbox}`;

// KEYS[1] lease, KEYS[2] fence counter; ARGV[1] holder, ARGV[2] ttl ms, ARGV[3] lowest token
// allowed (the one that last moved the cursor). Someone else's: 0. Ours: extend it, unless its
// token is below the floor. Free (or ours below the floor): take it with a new token above the
// floor. The floor matters after Redis lost its data: the counter starts again at 1, while the
// cursor in PostgreSQL remembers a higher token and would refuse every lower one for ever.
const ACQUIRE = `
local floor = tonumber(ARGV[3]) or 0
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  if not (sep and string.sub(v, 1, sep - 1) == ARGV[1]) then return 0 end
  local held = tonumber(string.sub(v, sep + 1))
  if held >= floor then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return held
  end
end
local fence = redis.call('INCR', KEYS[2])
if fence <= floor then
  fence = floor + 1
  redis.call('SET', KEYS[2], fence)
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. fence, 'PX', ARGV[2])
return fence`;

// KEYS[1] lease; ARGV[1] holder|fence, ARGV[2] ttl ms. Extends only the very lease we hold.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export interface LeaseHolder { holder: string; fence: number }

export class FetchLease {
  /** Our fencing token while we hold the lease; 0 when we do not. */
  fence = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly mailbox: string,
    readonly holder: string,
    readonly ttlMs = 6000,
  ) {}

  /**
   * Takes the lease if it is free (or extends ours); true when we hold it. `floor`: the token
   * that last moved the cursor; ours is never below it.
   */
  async acquire(floor = 0): Promise<boolean> {
    await this.opened();
    const fence = Number(await this.redis.eval(ACQUIRE, 2, leaseKey(this.prefix, this.mailbox), fenceKey(this.prefix, this.mailbox), this.holder, this.ttlMs, floor));
    this.fence = fence;
    return fence > 0;
  }

  /**
   * Waits, for at most a third of the lease's lifetime, for a connection that is still being opened:
   * the connection fails fast rather than queueing commands, so a worker's first attempt, made as it
   * starts, would otherwise fail and stand by for a lease nobody holds. One that is away (reconnecting
   * or closed) is not waited for.
   */
  private async opened(): Promise<void> {
    if (this.redis.status !== 'connecting' && this.redis.status !== 'connect') return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        this.redis.off('end', done);
        resolve();
      };
      const timer = setTimeout(done, Math.floor(this.ttlMs / 3));
      this.redis.once('ready', done);
      this.redis.once('end', done);
    });
  }

  /** Extends the lease we hold; false (and we no longer hold it) when it expired or passed on. */
  async renew(): Promise<boolean> {
    if (this.fence === 0) return false;
    const ok = Number(await this.redis.eval(RENEW, 1, leaseKey(this.prefix, this.mailbox), `${this.holder}|${this.fence}`, this.ttlMs)) === 1;
    if (!ok) this.fence = 0;
    return ok;
  }

  /** Gives the lease up at once (graceful stop), so another worker need not wait for it to expire. */
  async release(): Promise<void> {
    if (this.fence === 0) return;
    const mine = `${this.holder}|${this.fence}`;
    this.fence = 0;
    await this.redis.eval(RELEASE, 1, leaseKey(this.prefix, this.mailbox), mine);
  }

  /** Who holds the lease now, if anyone. */
  async current(): Promise<LeaseHolder | null> {
    return readLease(this.redis, this.prefix, this.mailbox);
  }
}

export async function readLease(redis: Redis, prefix: string, mailbox: string): Promise<LeaseHolder | null> {
  const v = await redis.get(leaseKey(prefix, mailbox));
  if (!v) return null;
  const sep = v.lastIndexOf('|');
  return { holder: v.slice(0, sep), fence: Number(v.slice(sep + 1)) };
}
