// The hourly counters the mail limits are judged on, in Redis: new requests per folded sender and
// overall, released ones among them (src/outbound/loop-brake.ts decides what they mean), and the
// global cap on outbound mail. Each message or mail is counted once, however often its job is retried. I/O: Redis.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** How long a count and an hour's counter live (the hour plus slack). */
const TTL_SECONDS = 7200;

// KEYS[1] the message's memo, KEYS[2] the sender's hour, KEYS[3] the overall hour; ARGV[1] TTL.
// A message counted before answers with its first places, so a retry does not count it again.
const COUNT_REQUEST_SCRIPT = `
local prior = redis.call('GET', KEYS[1])
if prior then return prior end
local sender = redis.call('INCR', KEYS[2])
if sender == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
local overall = redis.call('INCR', KEYS[3])
if overall == 1 then redis.call('EXPIRE', KEYS[3], ARGV[1]) end
local places = sender .. ',' .. overall
redis.call('SET', KEYS[1], places, 'EX', ARGV[1])
return places
`;

// KEYS[1] the released message's memo, KEYS[2] the overall hour; ARGV[1] TTL. Its own memo, not
// the one of its first count: released, a message is counted again, in the hour it is released in.
const COUNT_RELEASED_SCRIPT = `
local prior = redis.call('GET', KEYS[1])
if prior then return prior end
local overall = redis.call('INCR', KEYS[2])
if overall == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
redis.call('SET', KEYS[1], overall, 'EX', ARGV[1])
return overall
`;

// KEYS[1] the row's memo, KEYS[2] the hour's counter; ARGV[1] the cap, ARGV[2] the TTL. A row is
// counted only when it may go: one that waits is asked again later and not counted meanwhile.
const TAKE_OUTBOUND_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
local count = tonumber(redis.call('GET', KEYS[2]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
count = redis.call('INCR', KEYS[2])
if count == 1 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
redis.call('SET', KEYS[1], 1, 'EX', ARGV[2])
return 1
`;

const hourOf = (now: Date) => Math.floor(now.getTime() / 3_600_000);

export class MailCounters {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  /**
   * Counts new request `inboundId` from `senderKey` (a folded address) in `now`'s hour; returns its
   * place among the sender's and among everyone's new requests of that hour.
   */
  async countNewRequest(senderKey: string, inboundId: number, now: Date): Promise<{ fromSender: number; overall: number }> {
    const hour = hourOf(now);
    // Hash the address: keys may be listed by operators; addresses are personal data.
    const who = createHash('sha256').update(senderKey).digest('hex').slice(0, 24);
    const places = String(await this.redis.eval(
      COUNT_REQUEST_SCRIPT, 3, `${this.prefix}:newreq-counted:${inboundId}`, `${this.prefix}:newreq:${who}:${hour}`, `${this.prefix}:newreq-all:${hour}`, TTL_SECONDS,
    ));
    const [fromSender, overall] = places.split(',').map(Number);
    return { fromSender: fromSender ?? 0, overall: overall ?? 0 };
  }

  /**
   * Counts new request `inboundId`, released from quarantine by an admin, among everyone's new
   * requests of `now`'s hour (not its sender's: the admin decided past that cap); returns its place.
   */
  async countReleasedRequest(inboundId: number, now: Date): Promise<{ overall: number }> {
    const overall = await this.redis.eval(
      COUNT_RELEASED_SCRIPT, 2, `${this.prefix}:newreq-released-counted:${inboundId}`, `${this.prefix}:newreq-all:${hourOf(now)}`, TTL_SECONDS,
    );
    return { overall: Number(overall) };
  }

  /** True when outbound row `outboundId` may go out within the hour's cap (asked again, the same row is not counted twice). */
  async takeOutbound(outboundId: number, now: Date, perHour: number): Promise<boolean> {
    const allowed = await this.redis.eval(
      TAKE_OUTBOUND_SCRIPT, 2, `${this.prefix}:outbound-counted:${outboundId}`, `${this.prefix}:outbound:${hourOf(now)}`, perHour, TTL_SECONDS,
    );
    return Number(allowed) === 1;
  }
}
