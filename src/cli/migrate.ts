// `deskmail migrate`: creates the database when missing and applies the committed migrations.
import { loadSettings } from '../config.ts';
import { migrateDatabase } from '../adapters/db/client.ts';

export async function migrateCommand(): Promise<number> {
  const config = loadSettings(['DATABASE_URL']);
  await migrateDatabase(config.DATABASE_URL);
  process.stdout.write('database is up to date\n');
  return 0;
}
