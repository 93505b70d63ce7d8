// Setup runs `npm ci` (which empties node_modules first, so needs the network) only when the
// lockfile's content or a patch applied at install (patches/, patch-package) changed since the
// last install, or node_modules is missing: never for a lockfile merely written again.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runSetupShell } from '../support/setup-shell.ts';

const NPM_CI = 'npm ci --no-audit --no-fund';
// npm ci makes node_modules; the recorder does as much.
const INSTALL = 'npm() { record "npm $*"; mkdir -p node_modules; }; ensure_node_packages';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deskmail-packages-'));
  writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  mkdirSync(path.join(dir, 'patches'));
  writeFileSync(path.join(dir, 'patches', 'postgres+3.4.9.patch'), '--- a\n+++ b\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const install = () => runSetupShell(INSTALL, { cwd: dir });

it('installs when node_modules is missing, and keeps the hash of what it installed from', async () => {
  const run = await install();
  expect(run.code).toBe(0);
  expect(run.calls).toEqual([NPM_CI]);
  expect(readFileSync(path.join(dir, 'node_modules/.deskmail-install-hash'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
});

it('leaves node_modules alone when nothing changed', async () => {
  await install();
  const again = await install();
  expect(again.code).toBe(0);
  expect(again.calls).toEqual([]);
  expect(again.stdout).toContain('node_modules is up to date');
});

it('leaves node_modules alone when the lockfile was written again with the same content (a checkout, a newer mtime)', async () => {
  await install();
  const lock = path.join(dir, 'package-lock.json');
  writeFileSync(lock, readFileSync(lock));
  const later = new Date(Date.now() + 60_000);
  utimesSync(lock, later, later);
  expect((await install()).calls).toEqual([]);
});

it('installs again when the lockfile content changed', async () => {
  await install();
  writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
  expect((await install()).calls).toEqual([NPM_CI]);
});

it('installs again when a patch changed, was added or was removed', async () => {
  await install();
  writeFileSync(path.join(dir, 'patches', 'postgres+3.4.9.patch'), '--- a\n+++ b\n@@ changed @@\n');
  expect((await install()).calls).toEqual([NPM_CI]);
  writeFileSync(path.join(dir, 'patches', 'drizzle-orm+0.45.4.patch'), '--- c\n+++ d\n');
  expect((await install()).calls).toEqual([NPM_CI]);
  rmSync(path.join(dir, 'patches', 'drizzle-orm+0.45.4.patch'));
  expect((await install()).calls).toEqual([NPM_CI]);
  expect((await install()).calls).toEqual([]);
});

it('installs when node_modules is there but was never installed by setup (no hash yet)', async () => {
  mkdirSync(path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), '{}\n');
  expect((await install()).calls).toEqual([NPM_CI]);
});

it('keeps no hash after a failed install, so the next run installs again', async () => {
  const failed = await runSetupShell('npm() { record "npm $*"; mkdir -p node_modules; return 1; }; ensure_node_packages', { cwd: dir });
  expect(failed.code).not.toBe(0);
  expect((await install()).calls).toEqual([NPM_CI]);
});
