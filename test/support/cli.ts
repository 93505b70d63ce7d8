// Runs the `deskmail` command as an operator would (node bin/deskmail.js ...), against the
// harness's database, Redis prefix and mailboxes: the harness's typed settings go back into
// environment variables; `runDeskmailOnTerminal` gives it a terminal (a pty from util-linux
// `script`) as its standard output. I/O: spawns a process.
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

/** `timeoutMs` (30 s unless given) ends a command that runs longer, as a failure. */
export function runDeskmail(config: Config, args: string[], { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...configEnv(config), LOG_LEVEL: 'silent' }, timeout: timeoutMs }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** As `runDeskmail`, with a terminal as standard output and error: `output` is what the terminal showed, as bytes. */
export function runDeskmailOnTerminal(config: Config, args: string[]): Promise<{ code: number; output: Buffer }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise((done) => {
    execFile('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...configEnv(config), LOG_LEVEL: 'silent' }, timeout: 30_000, encoding: 'buffer' }, (err, stdout) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: stdout });
    });
  });
}
