// Setup installs Dovecot's IMAP and LMTP programs for the private server; a system-wide Dovecot
// the package starts is switched off only when this run installed it. One that was already on the
// machine (running, or installed without LMTP) keeps running as it was.
import { expect, it } from 'vitest';
import { runSetupShell } from '../support/setup-shell.ts';

const INSTALL = 'sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq dovecot-imapd dovecot-lmtpd';
const DISABLE = 'sudo systemctl disable --now dovecot';

// HAD_DOVECOT: the dovecot command was there before; ACTIVE_BEFORE: its service ran before; the
// package leaves it running once installed. LMTP: the lmtp program is there.
function machine(state: { hadDovecot: boolean; activeBefore: boolean; lmtp: boolean }): string {
  return `
    dovecot_lmtp="$PWD/lmtp" # the shell's scratch directory
    ${state.lmtp ? 'touch "$dovecot_lmtp"' : ''}
    installed() { grep -q 'apt-get.* install .*dovecot' "$SETUP_CALLS" 2>/dev/null; }
    has_command() { [ "$1" = dovecot ] && { ${state.hadDovecot ? 'true' : 'false'} || installed; }; }
    service_is_active() { [ "$1" = dovecot ] && { ${state.activeBefore ? 'true' : 'false'} || installed; }; }
    ensure_dovecot`;
}

it('leaves a running system Dovecot running when it only adds the LMTP program', async () => {
  const run = await runSetupShell(machine({ hadDovecot: true, activeBefore: true, lmtp: false }));
  expect(run.code).toBe(0);
  expect(run.calls).toContain(INSTALL);
  expect(run.calls).not.toContain(DISABLE);
});

it('leaves an installed but stopped Dovecot to its owner when the package starts it again', async () => {
  const run = await runSetupShell(machine({ hadDovecot: true, activeBefore: false, lmtp: false }));
  expect(run.code).toBe(0);
  expect(run.calls).toContain(INSTALL);
  expect(run.calls).not.toContain(DISABLE);
});

it('switches off the system Dovecot that its own install started', async () => {
  const run = await runSetupShell(machine({ hadDovecot: false, activeBefore: false, lmtp: false }));
  expect(run.code).toBe(0);
  expect(run.calls).toEqual([expect.stringContaining('update -qq'), INSTALL, DISABLE]);
});

it('does nothing when Dovecot and its LMTP program are there', async () => {
  const run = await runSetupShell(machine({ hadDovecot: true, activeBefore: true, lmtp: true }));
  expect(run.code).toBe(0);
  expect(run.calls).toEqual([]);
});
