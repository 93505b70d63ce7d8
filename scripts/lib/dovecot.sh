# shellcheck shell=bash
# Dovecot's IMAP and LMTP programs for the private server the demo and the tests start. A
# system-wide Dovecot that was here before is left as it was: only one this run installed is
# switched off again. I/O: apt-get and systemctl, through system.sh.

dovecot_lmtp=/usr/lib/dovecot/lmtp

ensure_dovecot() {
  local was_here=
  if has_command dovecot || service_is_active dovecot; then was_here=1; fi
  if has_command dovecot && [ -e "$dovecot_lmtp" ]; then return 0; fi
  apt_install dovecot-imapd dovecot-lmtpd
  # The package starts a system-wide Dovecot; deskmail runs its own private instance.
  if [ -z "$was_here" ] && service_is_active dovecot; then
    as_root systemctl disable --now dovecot >/dev/null 2>&1 || true
  fi
}
