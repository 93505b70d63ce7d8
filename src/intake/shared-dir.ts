// Where the shared reference material lives: DESKMAIL_SHARED_DIR, else ../shared next to the
// project root. Pure apart from reading the environment variable it is given (process.env by default).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function resolveSharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DESKMAIL_SHARED_DIR ? resolve(env.DESKMAIL_SHARED_DIR) : resolve(PROJECT_ROOT, '../shared');
}
