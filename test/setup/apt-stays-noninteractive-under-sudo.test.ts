// Packages are installed through sudo, which resets the environment: DEBIAN_FRONTEND goes inside
// the command sudo runs, and apt waits for a lock another apt holds instead of failing at once.
import { expect, it } from 'vitest';
import { runSetupShell } from '../support/setup-shell.ts';

const APT = 'sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300';

it('runs apt-get under sudo as noninteractive with a lock timeout, updating the lists once', async () => {
  const run = await runSetupShell('apt_install dovecot-imapd dovecot-lmtpd; apt_install chromium');
  expect(run.code).toBe(0);
  expect(run.calls).toEqual([
    `${APT} update -qq`,
    `${APT} install -y -qq dovecot-imapd dovecot-lmtpd`,
    `${APT} install -y -qq chromium`,
  ]);
});
