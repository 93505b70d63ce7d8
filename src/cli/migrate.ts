// `deskmail migrate`: creates the database when missing and applies the committed migrations.
import { loadConfig } from '../config.ts';
import { migrateDatabase } from '../adapters/db/client.ts';

export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  await migrateDatabase(config.DATABASE_URL);
  process.stdout.write('database is up to date\n');
  return 0;
}
