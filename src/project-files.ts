// Where the project's own files are (config/, templates/, drizzle/, node_modules/): found from the
// running module by looking up for package.json, so the paths hold both for the TypeScript sources
// (src/...) and for the built command (dist/, scripts/build.mjs), whose modules sit at other depths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `from` that holds a package.json. */
export function findProjectRoot(from: string, exists: (path: string) => boolean = existsSync): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (exists(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json at or above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. projectPath('config', 'intake-rules.yaml'). */
export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);
