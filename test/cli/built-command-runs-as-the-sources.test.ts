// The built command (scripts/build.mjs, dist/) does what the TypeScript sources do: a command's
// output, and a pipeline thread started from the build prepares every top-level fixture as the
// sources do. bin/deskmail.js runs a build only while the sources carry the stamp it was built
// from: an edit, an added or a removed file sends it back to the sources.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRY_RUN_LOOKUP, runPipeline, type PipelineSettings } from '../../src/inbound/pipeline.ts';
import { startBudget } from '../../src/inbound/processing-budget.ts';
import { PROJECT_ROOT } from '../../src/project-files.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { startPipelinePool, type PipelinePool } from '../../src/workers/pipeline-threads.ts';
// @ts-expect-error a plain JavaScript module of the build, without types
import { sameStamp, sourcesStamp } from '../../scripts/sources-stamp.mjs';

const run = promisify(execFile);
const OUT = join('test-artifacts', `build-${process.pid}-${Date.now()}`);
const OUT_DIR = join(PROJECT_ROOT, OUT);
const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'mail');
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['admin@example.test'], supportAddress: null, reopenDays: 14, staff: [],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789abcdef',
};
const FORWARD = { MACCH_ADDRESS: 'macch@example.test', NMIS_ADDRESS: null };

/** Runs a command of the build in OUT_DIR (as bin/deskmail.js would run dist/). */
async function runBuilt(args: string[]): Promise<{ stdout: string; code: number }> {
  const entry = pathToFileURL(join(OUT_DIR, 'deskmail.mjs')).href;
  const script = `const { runCli } = await import(${JSON.stringify(entry)}); process.exitCode = await runCli(${JSON.stringify(args)}); setTimeout(() => process.exit(), 500).unref();`;
  const r = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT_ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } }).catch((e: { stdout: string; code: number }) => e);
  return { stdout: r.stdout, code: 'code' in r && typeof r.code === 'number' ? r.code : 0 };
}

let pool: PipelinePool | undefined;
beforeAll(async () => {
  await run(process.execPath, ['scripts/build.mjs', '--outdir', OUT], { cwd: PROJECT_ROOT });
}, 120_000);
afterAll(async () => {
  await pool?.close();
  rmSync(OUT_DIR, { recursive: true, force: true });
});

describe('the built command', () => {
  it('records the stamp of the sources it was built from', () => {
    const stamp = JSON.parse(readFileSync(join(OUT_DIR, 'built-from.json'), 'utf8'));
    expect(stamp.files).toBeGreaterThan(100);
    expect(sameStamp(stamp, sourcesStamp(join(PROJECT_ROOT, 'src')))).toBe(true);
  });

  it('prints what the sources print for a command that reads the project files', async () => {
    const built = await runBuilt(['rules', 'check']);
    const sources = await run(process.execPath, ['bin/deskmail.js', 'rules', 'check'], { cwd: PROJECT_ROOT, env: { ...process.env, DESKMAIL_FROM_SOURCES: '1', LOG_LEVEL: 'silent' } });
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('rules are valid');
    expect(built.stdout).toBe(sources.stdout);
  }, 60_000);

  it('starts a pipeline thread that prepares every top-level fixture as the sources do', async () => {
    pool = startPipelinePool(1, { intake: FORWARD }, { entry: pathToFileURL(join(OUT_DIR, 'pipeline-thread.mjs')).href });
    const assess = loadIntakeAssessor(FORWARD);
    const now = new Date('2025-03-04T17:15:00Z');
    const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort();
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
    for (const name of fixtures) {
      const raw = readFileSync(join(FIXTURES, name));
      const here = await runPipeline(raw, SETTINGS, DRY_RUN_LOOKUP, assess, now, { keepAttachmentContent: false });
      const built = await runPipeline(raw, SETTINGS, DRY_RUN_LOOKUP, assess, now, { keepAttachmentContent: false }, startBudget(), undefined, pool.stages);
      expect(built, name).toEqual(here);
    }
  }, 180_000);
});

describe('the stamp that keeps an old build from running', () => {
  it('changes when a source is edited, added or removed', () => {
    mkdirSync(join(PROJECT_ROOT, 'test-artifacts'), { recursive: true });
    const dir = mkdtempSync(join(PROJECT_ROOT, 'test-artifacts', 'stamp-'));
    try {
      mkdirSync(join(dir, 'inner'));
      writeFileSync(join(dir, 'a.ts'), 'export {};');
      writeFileSync(join(dir, 'inner', 'b.ts'), 'export {};');
      writeFileSync(join(dir, 'notes.md'), 'not a source');
      const past = new Date('2025-01-01T00:00:00Z');
      for (const f of ['a.ts', 'inner/b.ts']) utimesSync(join(dir, f), past, past);
      const built = sourcesStamp(dir);
      expect(built).toEqual({ files: 2, newestMs: past.getTime() });
      expect(sameStamp(built, sourcesStamp(dir))).toBe(true);
      writeFileSync(join(dir, 'notes.md'), 'still not a source');
      expect(sameStamp(built, sourcesStamp(dir))).toBe(true);
      utimesSync(join(dir, 'inner', 'b.ts'), new Date(), new Date());
      expect(sameStamp(built, sourcesStamp(dir))).toBe(false);
      utimesSync(join(dir, 'inner', 'b.ts'), past, past);
      writeFileSync(join(dir, 'c.ts'), 'export {};');
      utimesSync(join(dir, 'c.ts'), past, past);
      expect(sameStamp(built, sourcesStamp(dir))).toBe(false);
      rmSync(join(dir, 'c.ts'));
      rmSync(join(dir, 'a.ts'));
      expect(sameStamp(built, sourcesStamp(dir))).toBe(false);
      expect(sameStamp(null, sourcesStamp(dir))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
