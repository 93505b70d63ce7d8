// Runs pieces of scripts/setup.sh (its steps in scripts/lib/) in a bash of their own, where every
// command that would change this machine (sudo, apt-get, systemctl, pg_ctlcluster, npm,
// redis-server, ...) is a recorder: a test reads what setup would have run, and nothing is run.
// The shell is not root, so privileged commands show as `sudo ...`. I/O: spawns bash, writes a
// scratch file of the recorded calls.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LIB = path.resolve(import.meta.dirname, '../../scripts/lib');

// Functions win over commands on PATH, so these stand in for the real ones. `sudo grep` fails as
// a grep that found nothing would.
const PRELUDE = String.raw`
set -euo pipefail
for lib in system node-packages dovecot service-url postgres redis; do source "$SETUP_LIB/$lib.sh"; done
record() { printf '%s\n' "$*" >>"$SETUP_CALLS"; }
id() { echo 1000; }
sudo() { record "sudo $*"; [ "$1" != grep ]; }
for cmd in env apt-get systemctl pg_ctlcluster pg_createcluster useradd npm redis-server; do
  eval "$cmd() { record \"$cmd \$*\"; }"
done
sleep() { :; }
has_command() { return 1; }
service_is_active() { return 1; }
pg_lsclusters() { :; }
`;

export interface SetupShellRun { code: number; stdout: string; stderr: string; calls: string[] }

/** Runs `script` after the setup steps are sourced and the recorders are in place. */
export async function runSetupShell(script: string, options: { cwd?: string; env?: Record<string, string> } = {}): Promise<SetupShellRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'deskmail-setup-'));
  const callsFile = path.join(scratch, 'calls');
  try {
    // Only the variables a test names: a DATABASE_URL or REDIS_URL of the machine running the tests stays out.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', SETUP_LIB: LIB, SETUP_CALLS: callsFile, ...options.env };
    const run = await new Promise<Omit<SetupShellRun, 'calls'>>((done) => {
      // --norc: bash reads ~/.bashrc when its input is a socket, as Node's pipes are.
      execFile('bash', ['--norc', '--noprofile', '-c', `${PRELUDE}\n${script}`], { cwd: options.cwd ?? scratch, env, timeout: 30_000 }, (err, stdout, stderr) => {
        done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });
    let calls: string[] = [];
    try { calls = readFileSync(callsFile, 'utf8').split('\n').filter(Boolean); } catch { /* nothing was run */ }
    return { ...run, calls };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
