// A per-address allowance per hour, in Redis: a fixed one-hour window per address, each request
// counted once. Used for the sign-in links the web form mails; status mail has its own limits
// (outbound/loop-brake.ts, adapters/queue/mail-counters.ts). I/O: Redis.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** How long a counted outbound row and an hour's counter live (the hour plus slack). */
const TTL_SECONDS = 7200;

// One round trip, atomic: a row already counted answers with its first verdict, so a retry
// after an SMTP 4xx (or a crash after counting) does not burn another slot; otherwise count the
// mail and remember the verdict for the row. KEYS[1] counted-row key, KEYS[2] the hour's
// counter; ARGV[1] the allowance, ARGV[2] the TTL. (Both keys live on one Redis, not a cluster.)
const TAKE_SCRIPT = `
local prior = redis.call('GET', KEYS[1])
if prior then return tonumber(prior) end
local count = redis.call('INCR', KEYS[2])
if count == 1 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
local allowed = 0
if count <= tonumber(ARGV[1]) then allowed = 1 end
redis.call('SET', KEYS[1], allowed, 'EX', ARGV[2])
return allowed
`;

/** `local+tag@domain` -> `local@domain`, lower-cased: plus-addressed variants reach one mailbox. */
export function limitKeyAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return plus > 0 ? `${local.slice(0, plus)}${lower.slice(at)}` : lower;
}

export class AddressHourlyAllowance {
  /**
   * `exempt` gives the addresses with no limit (admins, the support team, forward addresses),
   * read on each call because admins marked in the database change while we run.
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly perHour: number,
    private readonly exempt: () => Promise<Iterable<string>> | Iterable<string> = () => [],
  ) {}

  /**
   * Counts outbound row `outboundId` to `address` once; false when the hour's allowance is used
   * up. Asking again for the same row gives the same answer without counting it again.
   */
  async take(address: string, now: Date, outboundId: number): Promise<boolean> {
    const lower = address.trim().toLowerCase();
    for (const e of await this.exempt()) if (e && e.trim().toLowerCase() === lower) return true;
    const hour = Math.floor(now.getTime() / 3_600_000);
    // Hash the address: keys may be listed by operators; addresses are personal data.
    const who = createHash('sha256').update(limitKeyAddress(address)).digest('hex').slice(0, 24);
    const allowed = await this.redis.eval(
      TAKE_SCRIPT, 2, `${this.prefix}:automail-counted:${outboundId}`, `${this.prefix}:automail:${who}:${hour}`, this.perHour, TTL_SECONDS,
    );
    return Number(allowed) === 1;
  }
}
