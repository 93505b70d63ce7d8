#!/usr/bin/env node
// Entry point for the `deskmail` command. Runs the built command (dist/, made by
// scripts/build.mjs, which setup runs) while it was built from the sources as they are now;
// otherwise the TypeScript sources through tsx, so a checkout works with no build step and an
// edit is never hidden by an old build. DESKMAIL_FROM_SOURCES=1 always runs the sources.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sameStamp, sourcesStamp } from '../scripts/sources-stamp.mjs';

const root = new URL('..', import.meta.url);
function builtIsCurrent() {
  if (process.env.DESKMAIL_FROM_SOURCES === '1') return false;
  try {
    return sameStamp(JSON.parse(readFileSync(new URL('dist/built-from.json', root), 'utf8')), sourcesStamp(fileURLToPath(new URL('src', root))));
  } catch {
    return false; // not built
  }
}

let runCli;
if (builtIsCurrent()) {
  ({ runCli } = await import('../dist/deskmail.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
// A command whose work is done ends, even when a library left a connection or a timer behind.
setTimeout(() => process.exit(), 1000).unref();
