#!/usr/bin/env bash
# Makes this machine ready to run deskmail and its tests: Node packages, Dovecot (the private
# test/demo mail server), Chromium (browser tests), PostgreSQL and Redis on their usual local
# ports. Safe to run again: each step does nothing when its part is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian installs the servers' commands (dovecot, pg_ctlcluster's helpers) in sbin, which is not on a
# regular user's PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

step() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

step "Node packages"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules is up to date"
fi

step "Dovecot (private IMAP + LMTP server for the demo and the tests)"
if ! command -v dovecot >/dev/null 2>&1 || [ ! -e /usr/lib/dovecot/lmtp ]; then
  apt_install dovecot-imapd dovecot-lmtpd
  # The package may start a system-wide Dovecot; deskmail runs its own private instance.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet dovecot 2>/dev/null; then
    as_root systemctl disable --now dovecot >/dev/null 2>&1 || true
  fi
fi
if [ "$(id -u)" = 0 ] && ! id vmail >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin vmail
fi
dovecot --version

step "Chromium (headless browser for the web page tests; Debian's package, nothing downloaded at test time)"
if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
fi
chromium --version 2>/dev/null || echo "chromium is installed"

step "PostgreSQL on 127.0.0.1:5432"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then apt_install postgresql; fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then as_root pg_createcluster "$version" main >/dev/null; fi
  conf="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$conf" 2>/dev/null; then
    # Local development defaults: trust on loopback, as DATABASE_URL's default expects.
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$conf"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main restart
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

step "Redis on 127.0.0.1:6379"
if ! (command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1); then
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server
    # On a machine with systemd the package starts Redis itself.
    for _ in $(seq 1 10); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    # Keeps nothing on disk; its directory and log are the caller's own, so no root is needed.
    dir=$(mktemp -d "${TMPDIR:-/tmp}/deskmail-redis.XXXXXX")
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir "$dir" --logfile "$dir/redis.log"
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
fi
redis-cli -h 127.0.0.1 -p 6379 ping
