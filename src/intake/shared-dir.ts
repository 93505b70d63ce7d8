// Where the shared reference material lives: DESKMAIL_SHARED_DIR, else ../shared next to the
// project root. Pure apart from reading the environment variable it is given (process.env by default).
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../project-files.ts';


export function resolveSharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DESKMAIL_SHARED_DIR ? resolve(env.DESKMAIL_SHARED_DIR) : resolve(PROJECT_ROOT, '../shared');
}
