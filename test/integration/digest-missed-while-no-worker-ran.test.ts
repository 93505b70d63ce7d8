// Today's digest, missed because no worker ran over DIGEST_HOUR, is queued when a worker starts and
// sets up the schedule, on real servers: once, whichever worker starts first and however often they
// start; never before the hour, and never an earlier day's; and a catch-up that fails is said in one
// line without stopping the worker's start. The workers' clock is the service's `now`, set by the
// test, on days apart from today's so the real schedule cannot meet them.
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/main.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';
import { digestKeys, useDigestDesk } from '../support/digest-desk.ts';
import { mailWithSubject } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** `hour`:`minute` UTC, `days` after today. */
const atHour = (days: number, hour: number, minute = 0) => {
  const d = new Date(Date.now() + days * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, minute));
};
const digestSubject = '[ClientTrack Issues Tracking] Daily digest: 1 open issue';

describe('today\'s digest, caught up when no worker ran at DIGEST_HOUR', () => {
  const h = useDigestDesk(ALICE, SUMMER);
  let clock = new Date();
  const lines: { msg: string; outcome?: string; day?: string; component?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s) as (typeof lines)[number]); } });
  const caughtUp = () => lines.filter((l) => l.outcome === 'caught-up');
  const running: Service[] = [];
  /** A worker starting as `deskmail worker` does: it sets up the schedule; it leaves the mailbox to the harness's. */
  const startWorker = async () => {
    const service = await startService(h.stack.config, log, { schedule: true, fetch: false, now: () => clock });
    running.push(service);
    return service;
  };

  afterEach(async () => {
    for (const service of running.splice(0)) await service.stop();
    // The schedule they set up stays in Redis; the harness's own worker runs no scheduled task meanwhile.
    for (const s of await h.service.queues.schedule.getJobSchedulers()) if (s.key) await h.service.queues.schedule.removeJobScheduler(s.key);
    lines.length = 0;
  });

  it('queues today\'s digest once when a worker starts after DIGEST_HOUR with none queued today, and says so', async () => {
    clock = atHour(2, 8, 5);
    await startWorker();
    expect(await digestKeys(h)).toEqual([`digest:${day(clock.getTime())}`]);
    expect(caughtUp()).toEqual([expect.objectContaining({ day: day(clock.getTime()) })]);
    await h.settle();
    expect(await mailWithSubject(h, SUMMER, digestSubject)).toHaveLength(1);
  });

  it('queues nothing more when a worker starts again later that day', async () => {
    clock = atHour(2, 9, 30);
    await startWorker();
    expect(await digestKeys(h)).toEqual([`digest:${day(clock.getTime())}`]);
    expect(caughtUp()).toEqual([]);
  });

  it('queues one digest when two workers start at the same moment', async () => {
    clock = atHour(3, 7, 1);
    await Promise.all([startWorker(), startWorker()]);
    expect((await digestKeys(h)).filter((k) => k === `digest:${day(clock.getTime())}`)).toHaveLength(1);
    expect(caughtUp().length).toBeGreaterThanOrEqual(1);
  });

  it('leaves today\'s digest to its hour when a worker starts before it, and never catches up the day before\'s', async () => {
    const before = await digestKeys(h);
    clock = atHour(5, 6, 55);
    await startWorker();
    // Day 4 had no digest at all: a start on day 5 before the hour leaves it so.
    expect(await digestKeys(h)).toEqual(before);
    expect(caughtUp()).toEqual([]);
    // Past the hour with still no digest for the day, the next start queues it.
    clock = atHour(5, 7, 10);
    await startWorker();
    expect(await digestKeys(h)).toEqual([...before, `digest:${day(clock.getTime())}`]);
  });

  it('queues nothing when a worker starts just after the scheduled digest went out', async () => {
    // The schedule's own run at DIGEST_HOUR, as the schedule worker carries it out.
    await runScheduledTask(h.service.scheduleDeps, 'digest', atHour(6, 7, 0), { scheduledAt: atHour(6, 7, 0) });
    const after = await digestKeys(h);
    clock = atHour(6, 7, 2);
    await startWorker();
    expect(await digestKeys(h)).toEqual(after);
    expect(caughtUp()).toEqual([]);
  });

  it('starts the worker all the same when today\'s digest cannot be caught up, and says so in one line without the digest', async () => {
    const before = await digestKeys(h);
    // The database refuses the digest's outbox row, and nothing else.
    await h.service.database.sql.unsafe(`create function refuse_digest() returns trigger language plpgsql as $$
      begin if new.event = 'digest' then raise exception 'digest refused by the test'; end if; return new; end $$`);
    await h.service.database.sql.unsafe('create trigger refuse_digest before insert on outbox for each row execute function refuse_digest()');
    try {
      clock = atHour(7, 8, 5);
      await startWorker();
      expect(lines.filter((l) => l.msg === 'deskmail worker started')).toHaveLength(1);
      expect(await digestKeys(h)).toEqual(before);
      const failed = lines.filter((l) => l.component === 'schedule' && l.outcome === 'failed');
      expect(failed).toEqual([expect.objectContaining({ day: day(clock.getTime()) })]);
      expect(JSON.stringify(failed)).not.toContain('Exit date will not save');
    } finally {
      await h.service.database.sql.unsafe('drop trigger refuse_digest on outbox; drop function refuse_digest()');
    }
  });
});
