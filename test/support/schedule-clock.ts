// The scheduled tasks on a clock a test moves: days counted from a start the test sets once its
// tickets are made, and the lifecycle sweep run on such a day with its status mail sent before it
// returns. I/O: the service's scheduled tasks and database, through the harness.
import { runScheduledTask } from '../../src/workers/schedule.ts';
import type { Harness } from './harness.ts';
import { waitForOutboxDrained } from './status-mail.ts';

const DAY = 86_400_000;

export interface ScheduleClock {
  /** Counts days from now on, or from `originMs` (a moment the test read back, such as a fix moved into the past). */
  start(originMs?: number): void;
  /** The moment `days` (fractions too) after the start. */
  at(days: number): Date;
  /** Runs the lifecycle sweep `days` after the start, and waits until the status mail it made is sent. */
  sweep(days: number): Promise<void>;
}

export function scheduleClock(h: Harness): ScheduleClock {
  let start = Number.NaN;
  const at = (days: number) => new Date(start + days * DAY);
  return {
    start(originMs = Date.now()) {
      start = originMs;
    },
    at,
    async sweep(days) {
      await runScheduledTask(h.service.scheduleDeps, 'lifecycle-sweep', at(days));
      await waitForOutboxDrained(h);
    },
  };
}
