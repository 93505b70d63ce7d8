// `deskmail jobs failed|retry [JOB_ID...]`: the jobs set aside after failing on every attempt,
// and running them again (all of them, or the ids named). I/O: Redis queues, PostgreSQL.
import { loadConfig } from '../config.ts';
import { openDatabase } from '../adapters/db/client.ts';
import { queuesForCommand } from '../adapters/queue/queues.ts';
import { listFailedJobs, retryFailedJobs, type FailedJob } from '../operations/dead-letter.ts';
import { print, type CliValues } from './output.ts';

export async function jobsCommand(positionals: string[], values: CliValues): Promise<number> {
  const [action, ...ids] = positionals;
  if (action !== 'failed' && action !== 'retry') {
    process.stderr.write('usage: deskmail jobs failed [--json] | deskmail jobs retry [JOB_ID...]\n');
    return 2;
  }
  const config = loadConfig();
  const queues = await queuesForCommand(config.REDIS_URL, config.QUEUE_PREFIX, { attempts: config.JOB_ATTEMPTS });
  if (!queues) {
    process.stderr.write(`Redis does not answer at REDIS_URL; the failed jobs are kept there\n`);
    return 1;
  }
  const database = openDatabase(config.DATABASE_URL, { max: 1 });
  try {
    if (action === 'failed') {
      const jobs = await listFailedJobs(queues);
      print(values.json, jobs, () => (jobs.length ? jobs.map(describeJob).join('\n') : 'no failed jobs'));
      return 0;
    }
    const { retried, notFound } = await retryFailedJobs(queues, database.sql, ids);
    print(values.json, { retried, notFound }, () => [
      retried.length ? `retried ${retried.length}: ${retried.map((j) => j.jobId).join(', ')}` : 'nothing to retry',
      ...notFound.map((id) => `not a failed job: ${id}`),
    ].join('\n'));
    return notFound.length ? 1 : 0;
  } finally {
    await queues.close();
    await database.close();
  }
}

function describeJob(j: FailedJob): string {
  return `${j.queue} ${j.jobId} (${j.target}): ${j.attempts} attempts, failed ${j.failedAt ?? '?'}: ${j.reason}`;
}
