// `deskmail worker`: the main job. Migrates, starts the service (and the web pages when WEB_PORT
// is set), and stops it gracefully on
// SIGTERM or SIGINT. An unhandled rejection ends the process (the supervisor restarts it).
import { loadConfig } from '../config.ts';
import { createLogger, safeError } from '../log.ts';
import { migrateDatabase } from '../adapters/db/client.ts';
import { startService } from '../main.ts';
import { startWeb, type RunningWeb } from '../web/start.ts';

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
  // The web pages run in the same process when a port is set; `deskmail web` runs them apart.
  const web: RunningWeb | null = config.WEB_PORT === null ? null
    : await startWeb(config, log, { db: service.database.db, redis: service.queues.connection, relay: service.relay, loadStaff: service.loadStaff });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ component: 'main', signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await web?.close();
  await service.stop();
  return 0;
}
