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
    const mail = { id: 41, messageId: 'deskmail.Utah_RW-180.1a2b3c@deskmail.example.test' };
    expect(await accepted.find(mail)).toBeNull();
    await accepted.record(mail, { at, subject: '[ClientTrack Issues Tracking] Issue Utah_RW-180 has been submitted' });
    expect(await accepted.find(mail)).toEqual({ at, subject: '[ClientTrack Issues Tracking] Issue Utah_RW-180 has been submitted' });
    expect(await accepted.find({ ...mail, id: 42 })).toBeNull();
    const ttl = await scratch.redis.ttl(`${scratch.prefix}:outbound-accepted:41`);
    expect(ttl).toBeGreaterThan(7 * 86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400);
  });

  it('does not pass another mail for sent that got the same row number (a database restored from a backup numbers rows again)', async () => {
    const accepted = new AcceptedMail(scratch.redis, scratch.prefix);
    await accepted.record({ id: 7, messageId: 'old.mail@deskmail.example.test' }, { at: new Date(), subject: 'Old mail' });
    expect(await accepted.find({ id: 7, messageId: 'new.mail@deskmail.example.test' })).toBeNull();
    expect(await accepted.find({ id: 7, messageId: 'old.mail@deskmail.example.test' })).not.toBeNull();
  });
});
