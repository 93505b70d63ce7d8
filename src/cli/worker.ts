// `deskmail worker`: the main job. Migrates, starts the service (and the web pages when WEB_PORT
// is set), and stops it gracefully on
// SIGTERM or SIGINT. An unhandled rejection ends the process (the supervisor restarts it).
import { loadConfig } from '../config.ts';
import { createLogger, safeError } from '../log.ts';
import { migrateDatabase } from '../adapters/db/client.ts';
import { startService } from '../main.ts';
import { startOperationsServer } from '../operations/ops-server.ts';
import { failFastRedis, startFetchHeartbeat } from '../operations/fetch-heartbeat.ts';
import type { RunningWeb } from '../web/start.ts';

export async function workerCommand(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  await migrateDatabase(config.DATABASE_URL);
  process.on('unhandledRejection', (err) => {
    // An unexpected failure ends the process; the supervisor restarts it and recovery resumes.
    log.fatal({ component: 'main', err: safeError(err) }, 'unhandled rejection');
    process.exit(1);
  });
  const service = await startService(config, log);
  if (config.MAIL_PUSH_TOKEN && config.METRICS_PORT === 0) {
    log.warn({ component: 'main' }, 'MAIL_PUSH_TOKEN is set but METRICS_PORT is 0: no /mail-arrived for the mail server to call; new mail is seen through IDLE');
  }
  // Without the operations server the fetcher's heartbeat still goes to Redis, so `deskmail status`
  // and the other workers' /metrics can name the fetcher.
  const beatRedis = config.METRICS_PORT === 0 ? failFastRedis(config.REDIS_URL) : null;
  const beating = beatRedis ? startFetchHeartbeat(service, beatRedis, config.QUEUE_PREFIX, config.IMAP_MAILBOX) : null;
  const operations = config.METRICS_PORT === 0 ? null : await startOperationsServer({
    service, redisUrl: config.REDIS_URL, databaseUrl: config.DATABASE_URL, prefix: config.QUEUE_PREFIX, mailbox: config.IMAP_MAILBOX,
    pollMs: config.IMAP_POLL_SECONDS * 1000, port: config.METRICS_PORT, host: config.METRICS_HOST, log, pushToken: config.MAIL_PUSH_TOKEN,
  });
  // The web pages run in the same process when a port is set (and are only loaded then);
  // `deskmail web` runs them apart.
  const web: RunningWeb | null = config.WEB_PORT === null ? null
    : await (await import('../web/start.ts')).startWeb(config, log, { db: service.database.db, redis: service.queues.connection, relay: service.relay, loadStaff: service.loadStaff, sender: service.sender });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ component: 'main', signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // Within 10 s whatever is gone: PostgreSQL, Redis or the mail server may not answer a
  // graceful close. Jobs cut off here are taken up again by another worker (or at next start).
  const forced = setTimeout(() => {
    log.warn({ component: 'main' }, 'graceful stop took too long; exiting');
    process.exit(0);
  }, 8000);
  process.once('SIGTERM', () => process.exit(0)); // a second signal: now
  process.once('SIGINT', () => process.exit(0));
  beating?.stop();
  beatRedis?.disconnect();
  await operations?.close();
  await web?.close();
  await service.stop();
  clearTimeout(forced);
  return 0;
}
