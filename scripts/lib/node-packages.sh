# shellcheck shell=bash
# Whether node_modules matches the lockfile and the patches applied at install (patch-package, in
# postinstall): a hash of package-lock.json and patches/*, kept in node_modules after `npm ci`.
# A lockfile rewritten with the same content, or a new mtime, changes nothing. I/O: reads those
# files in the current directory; ensure_node_packages runs npm ci.

node_packages_stamp_file=node_modules/.deskmail-install-hash

# Prints the hash of package-lock.json and every file in patches/ (names and contents).
node_packages_hash() {
  (
    export LC_ALL=C # the same file order on every machine
    {
      sha256sum package-lock.json
      for file in patches/*; do
        if [ -f "$file" ]; then sha256sum "$file"; fi
      done
    } | sha256sum | cut -d ' ' -f 1
  )
}

# True when node_modules was installed from the lockfile and patches there now.
node_packages_are_current() {
  [ -d node_modules ] && [ "$(cat "$node_packages_stamp_file" 2>/dev/null)" = "$(node_packages_hash)" ]
}

ensure_node_packages() {
  if node_packages_are_current; then
    echo "node_modules is up to date"
    return 0
  fi
  local hash
  hash=$(node_packages_hash)
  # npm ci empties node_modules first; the hash is written only once it has installed everything.
  npm ci --no-audit --no-fund
  printf '%s\n' "$hash" >"$node_packages_stamp_file"
}
