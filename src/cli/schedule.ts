// `deskmail schedule run TASK [--now ISO]`: runs one scheduled task now (reminders and
// auto-close, the digest, recovery, mail retention) without waiting for its schedule. Builds only what the task
// needs (database, stores, the relay into the send queue) and starts no worker or fetcher: the
// running deskmail worker sends the mail the task queues.
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { buildScheduleDeps } from '../main.ts';
import type { CliValues } from './output.ts';
import { runScheduledTask, SCHEDULED_TASKS, type ScheduledTask } from '../workers/schedule.ts';
import { redisAnswers } from '../adapters/queue/queues.ts';

export async function scheduleCommand(args: string[], values: CliValues): Promise<number> {
  const [sub, task] = args;
  if (sub !== 'run' || !SCHEDULED_TASKS.includes(task as ScheduledTask)) {
    process.stderr.write(`usage: deskmail schedule run ${SCHEDULED_TASKS.join('|')} [--now ISO [--yes]]\n`);
    return 2;
  }
  const now = values.now ? readMoment(values.now) : new Date();
  if (now === null) { process.stderr.write('--now must be an ISO date: 2026-05-20, 2026-05-20T08:00Z or 2026-05-20T08:00:00+02:00\n'); return 2; }
  // Acting as at a time ahead reminds and closes real tickets early and mails real people: asked for twice.
  if (now.getTime() > Date.now() + 60_000 && !values.yes) {
    process.stderr.write(`--now ${now.toISOString()} is ahead of the clock: ${task} would act on real tickets and mail real people as at that time; add --yes to do so\n`);
    return 2;
  }
  const config = loadConfig();
  // The task queues mail and messages; a Redis that does not answer would be waited for for ever.
  if (!(await redisAnswers(config.REDIS_URL))) {
    process.stderr.write('Redis does not answer (REDIS_URL): the task could not queue what it does; nothing was run\n');
    return 1;
  }
  const wiring = buildScheduleDeps(config, createLogger(config.LOG_LEVEL));
  try {
    const said = await runScheduledTask(wiring.deps, task as ScheduledTask, now);
    process.stdout.write(`${said}\n`);
    return exitCodeOf(said);
  } finally {
    await wiring.close();
  }
}

const ISO_MOMENT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 date or date and time, as --now takes it; null for anything else. `new Date` alone
 * reads "1" as the year 2001 and rolls 2024-02-30 over into March: a task run as at such a time
 * would act, and key its digest, on a day nobody meant.
 */
export function readMoment(text: string): Date | null {
  const m = ISO_MOMENT.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour = '0', minute = '0', second = '0'] = m.slice(1).map((v) => v ?? undefined) as string[];
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const moment = new Date(text.trim());
  return Number.isNaN(moment.getTime()) ? null : moment;
}

/** 0 when the task did its work; 1 when it says some of it failed or that it put it off (a script running it should know). */
export function exitCodeOf(said: string): number {
  return said.endsWith(' failed') || said.startsWith('deferred') ? 1 : 0;
}
