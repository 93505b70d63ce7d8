#!/usr/bin/env node
// Builds the `deskmail` command into plain JavaScript (dist/): the command and its pipeline thread
// then start without compiling TypeScript on every start (the loader, its own thread per thread of
// ours, and the compiling cost about a second of start-up and 3-4 s of CPU per worker process).
// Packages stay in node_modules; the subcommands stay in their own chunks, read when used.
// bin/deskmail.js runs the sources instead whenever they changed after the build.
// Usage: node scripts/build.mjs [--outdir DIR] (DIR inside the project; dist by default).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { sourcesStamp } from './sources-stamp.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = resolve(root, values.outdir ?? 'dist');
const stamp = sourcesStamp(join(root, 'src'));
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: { deskmail: 'src/cli/main.ts', 'pipeline-thread': 'src/workers/pipeline-thread.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
// Written last: a build cut short leaves no stamp, so the sources are run.
writeFileSync(join(outdir, 'built-from.json'), JSON.stringify(stamp));
console.log(`built ${outdir} from ${stamp.files} sources`);
