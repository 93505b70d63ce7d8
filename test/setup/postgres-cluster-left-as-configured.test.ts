// Without DATABASE_URL, setup makes a PostgreSQL answer on 127.0.0.1:5432. A cluster that was
// already on this machine keeps its authentication settings: a stopped one is only started, a
// running one is never restarted, and one on another port is left alone with a pointer to
// DATABASE_URL. Only a cluster this run created (itself or through the package) gets the
// loopback trust lines.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSetupShell } from '../support/setup-shell.ts';

const APT = 'sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300';
const lsLine = (port: number, status: string) => `15 main ${port} ${status} postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log`;

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'deskmail-postgres-'));
  mkdirSync(path.join(root, 'etc'));
  mkdirSync(path.join(root, 'lib/15/bin'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A cluster configured on this machine before setup ran. */
function existingCluster(): void {
  mkdirSync(path.join(root, 'etc/15/main'), { recursive: true });
  writeFileSync(path.join(root, 'etc/15/main/postgresql.conf'), "port = 5432\n");
}

// `answers`: a shell condition for "PostgreSQL answers on 127.0.0.1:5432" (after a start, say).
function machine(options: { clusters: string; answers: string; installed?: boolean }): string {
  return `
    pg_etc='${root}/etc'; pg_lib='${root}/lib'
    installed() { ${options.installed === false ? `grep -q 'apt-get.* install .*postgresql' "$SETUP_CALLS" 2>/dev/null` : 'true'}; }
    has_command() { [ "$1" = pg_ctlcluster ] && installed; }
    pg_lsclusters() { if installed; then ${options.clusters || ':'}; fi; }
    postgres_answers() { [ "$1:$2" = 127.0.0.1:5432 ] && { ${options.answers}; }; }
    ensure_postgres`;
}
const started = `grep -q 'pg_ctlcluster .* \\(start\\|reload\\)' "$SETUP_CALLS" 2>/dev/null`;

it('only checks a PostgreSQL that answers, changing nothing', async () => {
  existingCluster();
  const run = await runSetupShell(machine({ clusters: `echo "${lsLine(5432, 'online')}"`, answers: 'true' }));
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('PostgreSQL answers at 127.0.0.1:5432');
  expect(run.calls).toEqual([]);
});

it('leaves a cluster on another port alone and points at DATABASE_URL', async () => {
  existingCluster();
  const run = await runSetupShell(machine({ clusters: `echo "${lsLine(5433, 'online')}"`, answers: 'false' }));
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('15/main on 5433');
  expect(run.stderr).toContain('postgres://postgres@127.0.0.1:5433/deskmail');
  expect(run.calls).toEqual([]);
});

it('starts a stopped cluster without touching its pg_hba.conf', async () => {
  existingCluster();
  const run = await runSetupShell(machine({ clusters: `echo "${lsLine(5432, 'down')}"`, answers: started }));
  expect(run.code).toBe(0);
  expect(run.calls).toEqual(['sudo pg_ctlcluster --skip-systemctl-redirect 15 main start']);
});

it('never restarts a running cluster that does not answer on loopback', async () => {
  existingCluster();
  const run = await runSetupShell(machine({ clusters: `echo "${lsLine(5432, 'online')}"`, answers: 'false' }));
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('does not restart a running server');
  expect(run.calls).toEqual([]);
});

it('on a fresh machine installs PostgreSQL, trusts loopback on the cluster the package made, and reloads it', async () => {
  const run = await runSetupShell(machine({ installed: false, clusters: `echo "${lsLine(5432, 'online')}"`, answers: started }));
  expect(run.code).toBe(0);
  const hba = `${root}/etc/15/main/pg_hba.conf`;
  expect(run.calls).toEqual([
    `${APT} update -qq`,
    `${APT} install -y -qq postgresql`,
    `sudo grep -q ^host all all 127.0.0.1/32 trust ${hba}`,
    `sudo sed -i 1i host all all 127.0.0.1/32 trust\\nhost all all ::1/128 trust\\nlocal all all trust ${hba}`,
    'sudo pg_ctlcluster --skip-systemctl-redirect 15 main reload',
  ]);
});

it('creates a cluster on 5432 when PostgreSQL is installed with none, trusts loopback on it, and starts it', async () => {
  const run = await runSetupShell(machine({ clusters: '', answers: started }));
  expect(run.code).toBe(0);
  expect(run.calls).toEqual([
    'sudo pg_createcluster -p 5432 15 main',
    `sudo grep -q ^host all all 127.0.0.1/32 trust ${root}/etc/15/main/pg_hba.conf`,
    expect.stringMatching(/^sudo sed -i 1i host all all 127\.0\.0\.1\/32 trust/),
    'sudo pg_ctlcluster --skip-systemctl-redirect 15 main start',
  ]);
});
