# shellcheck shell=bash
# How setup changes this machine: every command run as root and every package installed goes
# through these few functions, so what setup may change is read in one place (and the tests put
# recorders in their stead). I/O: sudo, apt-get, systemctl.

has_command() { command -v "$1" >/dev/null 2>&1; }

# Whether a system service (dovecot, postgresql, ...) runs under systemd now.
service_is_active() { has_command systemctl && systemctl is-active --quiet "$1" 2>/dev/null; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# sudo resets the environment (env_reset), so DEBIAN_FRONTEND is set inside the command it runs;
# apt waits up to 5 minutes for another apt or unattended-upgrades to finish instead of failing.
apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@"; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then apt_get update -qq; apt_updated=1; fi
  apt_get install -y -qq "$@" >/dev/null
}

# wait_for SECONDS COMMAND...: runs COMMAND every half second until it succeeds or time is up.
wait_for() {
  local tries=$(($1 * 2))
  shift
  for _ in $(seq 1 "$tries"); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  return 1
}
