#!/usr/bin/env bash
# Makes this machine ready to run deskmail and its tests: Node packages, Dovecot (the private
# test/demo mail server), Chromium (browser tests), PostgreSQL and Redis (on their usual local
# ports, or only checked where DATABASE_URL and REDIS_URL point). Safe to run again: each step does
# nothing when its part is already there. The steps live in scripts/lib/.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian installs the servers' commands (dovecot, pg_ctlcluster's helpers) in sbin, which is not on a
# regular user's PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

for lib in system node-packages dovecot service-url postgres redis; do
  # shellcheck source=/dev/null
  source "scripts/lib/$lib.sh"
done

step() { printf '\n==> %s\n' "$*"; }

step "Node packages"
ensure_node_packages

step "The deskmail command, built into dist/ (bin/deskmail.js runs the sources when they change after this)"
node scripts/build.mjs

step "Dovecot (private IMAP + LMTP server for the demo and the tests)"
ensure_dovecot
if [ "$(id -u)" = 0 ] && ! id vmail >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin vmail
fi
dovecot --version

step "Chromium (headless browser for the web page tests; Debian's package, nothing downloaded at test time)"
if ! has_command chromium; then
  apt_install chromium
fi
chromium --version 2>/dev/null || echo "chromium is installed"

# Never the URLs themselves (they may hold a password): the checks print the host and port.
if [ -n "${DATABASE_URL:-}" ]; then step "PostgreSQL where DATABASE_URL points"; else step "PostgreSQL on 127.0.0.1:5432"; fi
ensure_postgres

if [ -n "${REDIS_URL:-}" ]; then step "Redis where REDIS_URL points"; else step "Redis on 127.0.0.1:6379"; fi
ensure_redis
