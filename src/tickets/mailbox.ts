// Which addresses reach the same inbox: `bob+x@` is delivered to `bob@` by Gmail, Microsoft 365,
// Postfix and most others (subaddressing, RFC 5233), and Gmail ignores the dots in its local parts.
// Used where one person must count once however they are written: a sender's cap on new requests,
// and a person staff took off a ticket, or who stopped its mail, staying off it. Pure; no I/O.

const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

/**
 * One mailbox, one key: lower case, `+tag` dropped for every domain (subaddressing, RFC 5233),
 * and for Gmail the dots too, with googlemail.com read as gmail.com (Google delivers them all to one inbox).
 */
export function foldAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/** Whether mail to `a` and to `b` lands in the same inbox (foldAddress). */
export function sameMailbox(a: string, b: string): boolean {
  return foldAddress(a) === foldAddress(b);
}
