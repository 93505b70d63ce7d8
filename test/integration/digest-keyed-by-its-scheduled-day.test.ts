// The admins' daily digest is one per scheduled run, kept by the day that run was due, on real
// servers: a run the schedule fired but a worker carried out a day late (down at the time, catching
// up after midnight) is still that day's digest and leaves the next day's to the next run; a run
// by the command stands for the latest scheduled time at or before it.
import { describe, expect, it } from 'vitest';
import { digestKeys, useDigestDesk } from '../support/digest-desk.ts';
import { restartService } from '../support/harness.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** `hour`:`minute` UTC on the day of `ms`. */
const atHour = (ms: number, hour: number, minute = 0) => new Date(Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), new Date(ms).getUTCDate(), hour, minute));

describe('the daily digest, one per scheduled day', () => {
  const h = useDigestDesk(ALICE, SUMMER);

  it('keeps a digest the schedule fired by the day it was due when the worker carries it out a day later', async () => {
    // The schedule worker's clock is a day on from the time the schedule fires the job.
    await restartService(h, { now: () => new Date(Date.now() + DAY) });
    const firedFrom = Date.now();
    await h.service.queues.schedule.upsertJobScheduler('digest', { pattern: '* * * * * *', tz: 'UTC' }, { name: 'digest', data: { task: 'digest' } });
    try {
      for (const deadline = Date.now() + 15_000; (await digestKeys(h)).length === 0;) {
        if (Date.now() > deadline) throw new Error('the scheduled digest did not run');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await h.service.queues.schedule.removeJobScheduler('digest');
    }
    const firedUntil = Date.now();
    const [key] = await digestKeys(h);
    expect([`digest:${day(firedFrom)}`, `digest:${day(firedUntil)}`]).toContain(key);

    // The next day's own scheduled digest still goes out.
    const nextDay = firedUntil + DAY;
    await runScheduledTask(h.service.scheduleDeps, 'digest', atHour(nextDay, 7, 5), { scheduledAt: atHour(nextDay, 7) });
    expect((await digestKeys(h)).slice(-1)).toEqual([`digest:${day(nextDay)}`]);
  });

  it('takes a run by the command for the latest scheduled digest, never for one still to come', async () => {
    const later = Date.now() + 3 * DAY;
    // Before DIGEST_HOUR: the day before's digest, sent by this run as the schedule missed it.
    await runScheduledTask(h.service.scheduleDeps, 'digest', atHour(later, 3));
    expect((await digestKeys(h)).slice(-1)).toEqual([`digest:${day(later - DAY)}`]);
    // The same day's scheduled digest is still to come, and goes out.
    await runScheduledTask(h.service.scheduleDeps, 'digest', atHour(later, 7, 30));
    expect((await digestKeys(h)).slice(-1)).toEqual([`digest:${day(later)}`]);
    // A second run that day is the same digest: nothing new.
    const before = (await digestKeys(h)).length;
    await runScheduledTask(h.service.scheduleDeps, 'digest', atHour(later, 23));
    expect(await digestKeys(h)).toHaveLength(before);
  });
});
