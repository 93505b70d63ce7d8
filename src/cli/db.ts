// Opens the configured database for one CLI command and closes it afterwards.
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../adapters/db/client.ts';

export async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config.DATABASE_URL, { max: 2 });
  try {
    return await fn(database, config);
  } finally {
    await database.close();
  }
}
