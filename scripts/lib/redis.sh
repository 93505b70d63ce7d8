# shellcheck shell=bash
# Redis for the demo and the tests. With REDIS_URL set, only checks that its server answers.
# Without it, makes one answer on 127.0.0.1:6379: installs the package, and when that leaves none
# running, starts a private redis-server that keeps nothing on disk. I/O: apt-get through
# system.sh, redis-server.

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then
    check_redis_url "$REDIS_URL"
  else
    ensure_local_redis
  fi
}

check_redis_url() {
  local address host port label tls=
  if [[ $1 == rediss://* ]]; then tls=1; fi
  address=$(url_host_port "$1" 6379) || fail "REDIS_URL is not a URL setup can read (redis://host:port)"
  read -r host port <<<"$address"
  label=$(address_label "$host" "$port")
  if ! redis_answers "$host" "$port" "$tls"; then
    fail "no Redis answers at $label (REDIS_URL). Start it there, or unset REDIS_URL to have setup install or start one on 127.0.0.1:6379; a server REDIS_URL names is only checked, never changed."
  fi
  echo "Redis answers at $label (REDIS_URL)"
}

ensure_local_redis() {
  if redis_answers 127.0.0.1 6379; then
    echo "Redis answers at 127.0.0.1:6379"
    return 0
  fi
  if ! has_command redis-server; then
    apt_install redis-server
    # On a machine with systemd the package starts Redis itself.
    wait_for 5 redis_answers 127.0.0.1 6379 || true
  fi
  if ! redis_answers 127.0.0.1 6379; then
    # Keeps nothing on disk; its directory and log are the caller's own, so no root is needed.
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/deskmail-redis.XXXXXX")
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir "$dir" --logfile "$dir/redis.log"
    wait_for 15 redis_answers 127.0.0.1 6379 || fail "Redis did not answer on 127.0.0.1:6379 (its log: $dir/redis.log)"
  fi
  echo "Redis answers at 127.0.0.1:6379"
}
