# shellcheck shell=bash
# Reads where a service is from its URL (DATABASE_URL, REDIS_URL) and asks whether something
# answers there, without logging in: the URL's password is never read nor printed. I/O: one TCP
# connection per check (bash's /dev/tcp), or pg_isready when installed.

# url_host_port URL DEFAULT_PORT: prints "HOST PORT". The first host of a multi-host URL
# (postgres://a:5432,b:5433/db); an IPv6 host without its brackets; a percent-encoded socket
# directory (postgres://user@%2Frun%2Fpostgresql/db) decoded; no host means localhost.
# Fails on a URL it cannot read.
url_host_port() {
  local url=$1 default_port=$2 rest authority hostport host port
  rest=${url#*://}
  [ "$rest" != "$url" ] || return 1
  authority=${rest%%[/?#]*}
  hostport=${authority##*@}
  hostport=${hostport%%,*}
  if [[ $hostport == \[* ]]; then
    host=${hostport%%]*}
    host=${host#[}
    port=${hostport#*]}
  else
    host=${hostport%%:*}
    port=${hostport#"$host"}
  fi
  port=${port#:}
  host=${host:-localhost}
  port=${port:-$default_port}
  [[ $port =~ ^[0-9]+$ ]] || return 1
  [[ $host != *%* ]] || printf -v host '%b' "${host//%/\\x}"
  printf '%s %s\n' "$host" "$port"
}

# host:port as people write it ([::1]:5432 for IPv6).
address_label() {
  if [[ $1 == *:* ]]; then printf '[%s]:%s\n' "$1" "$2"; else printf '%s:%s\n' "$1" "$2"; fi
}

# Whether a PostgreSQL server answers at HOST PORT. Without pg_isready (no PostgreSQL client on
# this machine), sends the SSLRequest every server answers with one byte, S or N, before any login.
postgres_answers() {
  if has_command pg_isready; then
    pg_isready -q -t 5 -h "$1" -p "$2"
  else
    postgres_probe "$1" "$2"
  fi
}

postgres_probe() {
  [[ $1 != /* ]] || return 1 # a socket directory needs pg_isready
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "\x00\x00\x00\x08\x04\xd2\x16\x2f" >&3
    IFS= read -r -n 1 -d "" reply <&3 || exit 1
    [ "$reply" = S ] || [ "$reply" = N ]' _ "$1" "$2" 2>/dev/null
}

# Whether a Redis server answers PING at HOST PORT. An error answer (NOAUTH when it asks for a
# password) is Redis answering too. With TLS (rediss://) only the connection is checked.
redis_answers() {
  local host=$1 port=$2 tls=${3:-}
  if [ -n "$tls" ]; then
    timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
    return
  fi
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r line <&3 || exit 1
    case $line in "+PONG"* | "-"*) exit 0 ;; *) exit 1 ;; esac' _ "$host" "$port" 2>/dev/null
}
