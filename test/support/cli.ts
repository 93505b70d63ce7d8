// Runs the `deskmail` command as an operator would (node bin/deskmail.js ...), against the
// harness's database, Redis prefix and mailboxes: the harness's typed settings go back into
// environment variables. I/O: spawns a process.
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config.ts';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/deskmail.js');

/** The settings as the environment variables `loadConfig` reads. */
export function configEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(config)) {
    env[name] = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);
  }
  return env;
}

export interface CliResult { code: number; stdout: string; stderr: string }

export function runDeskmail(config: Config, args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...configEnv(config), LOG_LEVEL: 'silent' }, timeout: 30_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
