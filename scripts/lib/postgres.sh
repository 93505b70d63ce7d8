# shellcheck shell=bash
# PostgreSQL for the demo and the tests. With DATABASE_URL set, only checks that its server
# answers. Without it, makes one answer on 127.0.0.1:5432: installs the package, creates a cluster
# or starts a stopped one. Only a cluster this run created gets the loopback trust lines in its
# pg_hba.conf; a running cluster is never restarted, a stopped one is started with its
# authentication as it was. I/O: pg_lsclusters, and apt-get, pg_createcluster, pg_ctlcluster and
# the pg_hba.conf edit through as_root.

pg_etc=/etc/postgresql
pg_lib=/usr/lib/postgresql

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    check_postgres_url "$DATABASE_URL"
  else
    ensure_local_postgres
  fi
}

check_postgres_url() {
  local address host port label
  address=$(url_host_port "$1" 5432) || fail "DATABASE_URL is not a URL setup can read (postgres://user@host:port/database)"
  read -r host port <<<"$address"
  label=$(address_label "$host" "$port")
  if ! postgres_answers "$host" "$port"; then
    fail "no PostgreSQL answers at $label (DATABASE_URL). Start it there, or unset DATABASE_URL to have setup install or start one on 127.0.0.1:5432; a server DATABASE_URL names is only checked, never changed."
  fi
  echo "PostgreSQL answers at $label (DATABASE_URL)"
}

ensure_local_postgres() {
  if postgres_answers 127.0.0.1 5432; then
    echo "PostgreSQL answers at 127.0.0.1:5432"
    return 0
  fi
  local before clusters cluster version name status others port
  before=$(postgres_cluster_configs)
  if ! has_command pg_ctlcluster; then apt_install postgresql; fi
  clusters=$(pg_lsclusters -h 2>/dev/null || true)
  cluster=$(postgres_cluster_on_port 5432 <<<"$clusters")
  if [ -z "$cluster" ]; then
    others=$(postgres_cluster_ports <<<"$clusters")
    if [ -n "$others" ]; then
      port=${others#* on }
      fail "no PostgreSQL cluster here is set to port 5432 (this machine has $others); setup leaves them as they are. Set DATABASE_URL to the one deskmail should use, e.g. postgres://postgres@127.0.0.1:${port%%,*}/deskmail."
    fi
    version=$(postgres_newest_version)
    [ -n "$version" ] || fail "PostgreSQL is installed but $pg_lib holds no server version"
    as_root pg_createcluster -p 5432 "$version" main >/dev/null
    cluster="$version main down"
  fi
  read -r version name status <<<"$cluster"
  if ! grep -qxF "$version/$name" <<<"$before"; then
    # A cluster this run created (here or by the package): local development defaults.
    postgres_trust_loopback "$version" "$name"
    if [[ $status == online* ]]; then
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload
    else
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
    fi
  elif [[ $status != online* ]]; then
    echo "starting PostgreSQL $version/$name (its authentication settings are left as they are)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
  fi
  if ! wait_for 30 postgres_answers 127.0.0.1 5432; then
    if [[ $status == online* ]]; then
      fail "PostgreSQL $version/$name runs on port 5432 but does not answer on 127.0.0.1:5432 (listen_addresses?); setup does not restart a running server. Fix it, or set DATABASE_URL to where it answers."
    fi
    fail "PostgreSQL $version/$name did not answer on 127.0.0.1:5432 within 30 s (see /var/log/postgresql/)"
  fi
  echo "PostgreSQL answers at 127.0.0.1:5432"
}

# Lines of `pg_lsclusters -h` (VERSION NAME PORT STATUS OWNER DATA LOG) in; "VERSION NAME STATUS"
# of the cluster set to PORT out (nothing when none is).
postgres_cluster_on_port() {
  local version name port status _rest
  while read -r version name port status _rest; do
    if [ "$port" = "$1" ]; then
      printf '%s %s %s\n' "$version" "$name" "$status"
      return 0
    fi
  done
}

# Lines of `pg_lsclusters -h` in; "15/main on 5433, 16/other on 5434" out.
postgres_cluster_ports() {
  local version name port _rest list=
  while read -r version name port _rest; do
    if [ -n "$port" ]; then list+="${list:+, }$version/$name on $port"; fi
  done
  if [ -n "$list" ]; then printf '%s\n' "$list"; fi
}

# VERSION/NAME of every cluster configured on this machine, one a line.
postgres_cluster_configs() {
  local conf
  for conf in "$pg_etc"/*/*/postgresql.conf; do
    if [ -f "$conf" ]; then
      conf=${conf%/postgresql.conf}
      printf '%s\n' "${conf#"$pg_etc"/}"
    fi
  done
}

postgres_newest_version() {
  local dir newest=
  for dir in "$pg_lib"/*/bin; do
    if [ -d "$dir" ]; then
      dir=${dir%/bin}
      newest=$(printf '%s\n%s\n' "$newest" "${dir##*/}" | sort -V | tail -n 1)
    fi
  done
  printf '%s\n' "$newest"
}

# Trust on loopback, as DATABASE_URL's default (postgres@127.0.0.1, no password) expects; the
# lines go first so they win over the package's defaults.
postgres_trust_loopback() {
  local conf="$pg_etc/$1/$2/pg_hba.conf"
  if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$conf"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$conf"
  fi
}
