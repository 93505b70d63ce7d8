// What send-mail records when SMTP accepts a status mail, against the local Redis (REDIS_URL, else
// 127.0.0.1:6379), under a key prefix of its own that is deleted afterwards.
import { describe, expect, it } from 'vitest';
import { AcceptedMail } from '../../../src/adapters/queue/accepted-mail.ts';
import { useScratchRedis } from '../../support/scratch-redis.ts';

describe('AcceptedMail on real Redis', () => {
  const scratch = useScratchRedis('accepted');

  it('gives back when SMTP accepted a row\'s mail and its subject, under the queue prefix, for a week', async () => {
    const accepted = new AcceptedMail(scratch.redis, scratch.prefix);
    const at = new Date('2025-03-04T10:15:00.123Z');
    expect(await accepted.find(41)).toBeNull();
    await accepted.record(41, { at, subject: '[ClientTrack Issues Tracking] Issue Utah_RW-180 has been submitted' });
    expect(await accepted.find(41)).toEqual({ at, subject: '[ClientTrack Issues Tracking] Issue Utah_RW-180 has been submitted' });
    expect(await accepted.find(42)).toBeNull();
    const ttl = await scratch.redis.ttl(`${scratch.prefix}:outbound-accepted:41`);
    expect(ttl).toBeGreaterThan(7 * 86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400);
  });
});
