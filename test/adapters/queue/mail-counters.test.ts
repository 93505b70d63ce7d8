// The mail limits' hourly counters against the local Redis (REDIS_URL, else 127.0.0.1:6379), under
// a key prefix of their own that is deleted afterwards.
import { describe, expect, it } from 'vitest';
import { MailCounters } from '../../../src/adapters/queue/mail-counters.ts';
import { useScratchRedis } from '../../support/scratch-redis.ts';

const NOW = new Date('2025-03-04T10:15:00Z');
const NEXT_HOUR = new Date('2025-03-04T11:00:01Z');

describe('MailCounters on real Redis', () => {
  const scratch = useScratchRedis('mailcounters');
  const { prefix } = scratch;
  let next = 1;
  const id = () => next++;

  it('places each new request among its sender\'s and everyone\'s of the hour, once however often it is asked', async () => {
    const counters = new MailCounters(scratch.redis, `${prefix}:a`);
    const first = id();
    expect(await counters.countNewRequest('abc@gmail.com', first, NOW)).toEqual({ fromSender: 1, overall: 1 });
    expect(await counters.countNewRequest('abc@gmail.com', first, NOW)).toEqual({ fromSender: 1, overall: 1 });
    expect(await counters.countNewRequest('someone@example.org', id(), NOW)).toEqual({ fromSender: 1, overall: 2 });
    expect(await counters.countNewRequest('abc@gmail.com', id(), NOW)).toEqual({ fromSender: 2, overall: 3 });
    expect(await counters.countNewRequest('abc@gmail.com', id(), NEXT_HOUR)).toEqual({ fromSender: 1, overall: 1 });
  });

  it('counts a released request again among everyone\'s of the hour it is released in, once, and not for its sender', async () => {
    const counters = new MailCounters(scratch.redis, `${prefix}:r`);
    const held = id();
    expect(await counters.countNewRequest('abc@gmail.com', held, NOW)).toEqual({ fromSender: 1, overall: 1 });
    expect(await counters.countReleasedRequest(held, NOW)).toEqual({ overall: 2 });
    expect(await counters.countReleasedRequest(held, NOW)).toEqual({ overall: 2 });
    expect(await counters.countNewRequest('abc@gmail.com', id(), NOW)).toEqual({ fromSender: 2, overall: 3 });
    expect(await counters.countReleasedRequest(id(), NEXT_HOUR)).toEqual({ overall: 1 });
  });

  it('counts concurrent new requests exactly', async () => {
    const counters = new MailCounters(scratch.redis, `${prefix}:b`);
    const places = await Promise.all(Array.from({ length: 40 }, () => counters.countNewRequest('burst@example.org', id(), NOW)));
    expect(places.map((p) => p.fromSender).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('lets outbound mail go up to the hour\'s cap, counts a row once, and does not count a row that waits', async () => {
    const counters = new MailCounters(scratch.redis, `${prefix}:c`);
    const rows = [id(), id(), id(), id()];
    const answers = [];
    for (const row of rows) answers.push(await counters.takeOutbound(row, NOW, 3));
    expect(answers).toEqual([true, true, true, false]);
    // Asked again: an allowed row stays allowed, the waiting one still waits and was not counted.
    expect(await counters.takeOutbound(rows[0]!, NOW, 3)).toBe(true);
    expect(await counters.takeOutbound(rows[3]!, NOW, 3)).toBe(false);
    expect(await scratch.redis.get(`${prefix}:c:outbound:${Math.floor(NOW.getTime() / 3_600_000)}`)).toBe('3');
    // The next hour lets it go.
    expect(await counters.takeOutbound(rows[3]!, NEXT_HOUR, 3)).toBe(true);
  });
});
