// What the built command (dist/, scripts/build.mjs) was built from: the number of TypeScript
// sources under src/ and the newest one's modification time. bin/deskmail.js runs dist/ only while
// the sources still carry the stamp it was built with; any edit, added or removed file sends it
// back to the sources. I/O: reads the directory tree.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `{ files, newestMs }` of the .ts files below `dir`. */
export function sourcesStamp(dir) {
  let files = 0;
  let newestMs = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    files++;
    newestMs = Math.max(newestMs, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return { files, newestMs };
}

/** Whether a build's recorded stamp is the sources' stamp now. */
export const sameStamp = (built, now) => !!built && built.files === now.files && built.newestMs === now.newestMs;
