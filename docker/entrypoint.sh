#!/bin/sh
# Starts deskmail in the container. When SECRET_KEY is not set, uses the key kept in the
# deskmail-secret volume, making one (32 random bytes, hex) on first start: reply addresses stay
# valid across restarts and no example value is ever used to sign them.
set -eu
KEY_FILE="${SECRET_KEY_FILE:-/var/lib/deskmail/secret-key}"
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s "$KEY_FILE" ]; then
    umask 077
    node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))" > "$KEY_FILE.tmp"
    mv "$KEY_FILE.tmp" "$KEY_FILE"
    echo "deskmail: generated a new SECRET_KEY in $KEY_FILE" >&2
  fi
  SECRET_KEY="$(cat "$KEY_FILE")"
  export SECRET_KEY
fi
exec "$@"
