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
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) { process.stderr.write('--now must be an ISO date\n'); return 2; }
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
    process.stdout.write(`${await runScheduledTask(wiring.deps, task as ScheduledTask, now)}\n`);
  } finally {
    await wiring.close();
  }
  return 0;
}
