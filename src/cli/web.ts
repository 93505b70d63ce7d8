// `deskmail web`: the web pages on their own (ticket page, sign-in), for running apart from the
// worker. Actions write to the database and relay their status mail into the send queue; a
// running `deskmail worker` sends it. Stops gracefully on SIGTERM or SIGINT.
import { loadConfig } from '../config.ts';
import { createLogger, safeError } from '../log.ts';
import { migrateDatabase } from '../adapters/db/client.ts';
import { buildScheduleDeps, mailLogins } from '../main.ts';
import { startWeb } from '../web/start.ts';

export async function webCommand(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  await migrateDatabase(config.DATABASE_URL);
  process.on('unhandledRejection', (err) => {
    log.fatal({ component: 'web', err: safeError(err) }, 'unhandled rejection');
    process.exit(1);
  });
  const wiring = buildScheduleDeps(config, log);
  // Sign-in mail logs in as the worker's status mail does (SMTP_AUTH, SMTP_ALLOW_PLAINTEXT).
  const { sender } = mailLogins(config, wiring.database.db, log);
  const web = await startWeb(config, log, { db: wiring.database.db, redis: wiring.queues.connection, relay: wiring.relay, loadStaff: wiring.loadStaff, sender });
  process.stdout.write(`deskmail web listening on ${web.url} (people see ${config.PUBLIC_URL})\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await web.close();
  sender.close();
  await wiring.close();
  return 0;
}
