// Whether a message's From is proven, as the pure decision sees it. The check itself (DNS for DKIM,
// SPF, DMARC and ARC, or our receiving server's Authentication-Results header) runs at the edge
// (src/adapters/mail-auth/); this file holds the plain verdict and reads the header. Pure.
//
// What each result does:
// - pass: the From domain's DMARC check passed (aligned DKIM or SPF): the mail is treated as its sender's,
//   but only when the domain DMARC judged is the sender address's own (senderVerdictFor).
// - none: the From domain publishes no DMARC record (many small domains), or checking is off:
//   ordinary mail is handled as before; commands and roles still need a signed reply address.
// - fail: DMARC failed (an unaligned or forged From of a domain that publishes DMARC): nothing is
//   sent automatically, no command is obeyed, no ticket field changes, nobody joins, and admins
//   see the ticket as "unverified sender". A From that names more than one author is read so too,
//   whatever DMARC said (senderVerdictFor).
//
// A verdict for good is kept with the message the first time it is made (keptVerdictOf) and used
// on every later processing of it: what the mail proved on arrival, it proves when released. A
// failure a DNS lookup failing for now caused (isFailingForNow) is checked again a few times first,
// never past its job's last attempt; a temporary error our receiving server wrote in its
// Authentication-Results header reads the same every time, so it is decided at once as not checked.

import { domainToASCII } from 'node:url';
import type { FromAmbiguity, ParsedMessage } from './types.ts';

export type SenderVerdict = 'pass' | 'fail' | 'none';

export interface SenderAuth {
  verified: SenderVerdict;
  /** Why, in a few words for admins, e.g. `dmarc=fail (p=reject) for example.org`. */
  reason: string;
  /**
   * Not the message's verdict for good: checking is off, or a DNS lookup the result depends on
   * failed for now (RFC 7489 temperror, of DMARC itself or of the DKIM key or SPF record it reads),
   * so a check made later may find otherwise. It decides this processing only and is never kept.
   */
  provisional?: true;
  /**
   * For a pass: the domain DMARC judged and passed, the domain of the From address the check read
   * (or the `header.from` of our server's Authentication-Results). It proves a sender at exactly
   * this domain and no other (senderVerdictFor).
   */
  domain?: string;
}

/** The verdict when checking is off (SENDER_AUTH=off, local and test stacks): no check was made, so none is kept. */
export const SENDER_AUTH_OFF: SenderAuth = { verified: 'none', reason: 'sender verification is off', provisional: true };

/** Mail whose From is shown to be forged: it may do nothing on its own. */
export const isUnverified = (auth: SenderAuth | undefined | null): boolean => auth?.verified === 'fail';

/**
 * A failure that a DNS lookup failing for now caused (DMARC's own, or the DKIM key's or SPF record's
 * it reads): checked again later, the same mail may pass. Checking off is provisional too, but no
 * later check changes it, and a provisional pass or none has nothing to gain from one.
 */
export const isFailingForNow = (auth: SenderAuth): boolean => auth.provisional === true && auth.verified === 'fail';

/**
 * What a check's verdict means for this processing, `attempts` failed tries in: a failure a DNS
 * lookup failing for now caused retries the message while fewer than `retries` tries have failed
 * and its job has another attempt after this one (`lastAttempt` false). Past either it is decided
 * as mail that could not be checked (as from a domain with no DMARC record: the person's own signed
 * reply address still proves them), not as forged, which would refuse their commands and their
 * answer for an outage of someone's DNS. The job's last attempt decides whatever the bound, so a
 * job given fewer attempts (JOB_ATTEMPTS) than the bound is never set aside as failed for someone's
 * DNS. Any other verdict stands.
 */
export function senderCheckOutcome(auth: SenderAuth, attempts: number, retries: number, lastAttempt = false): { kind: 'retry' } | { kind: 'decide'; auth: SenderAuth; retriesSpent: boolean } {
  if (!isFailingForNow(auth)) return { kind: 'decide', auth, retriesSpent: false };
  if (attempts < retries && !lastAttempt) return { kind: 'retry' };
  return { kind: 'decide', auth: { ...notChecked(auth.reason), provisional: true }, retriesSpent: true };
}

/** A check that could not be made, as its verdict: like a domain with no DMARC record, never forged. */
function notChecked(reason: string): SenderAuth {
  return { verified: 'none', reason: `could not be checked (${reason})` };
}

/** DMARC's result word as our verdict; errors count as a failure only when the domain's record says so. */
export function verdictOfDmarc(result: string | undefined | null, domain: string | null, detail = ''): SenderAuth {
  const r = (result ?? 'none').toLowerCase();
  const where = domain ? ` for ${domain}` : '';
  const why = `dmarc=${r}${detail ? ` (${detail})` : ''}${where}`;
  if (r === 'pass') return { verified: 'pass', reason: why, ...(domain ? { domain: domain.toLowerCase() } : {}) };
  // A temporary error fails for now (the worker checks again, then decides with it); a broken record is no policy.
  if (r === 'temperror') return { verified: 'fail', reason: why, provisional: true };
  if (r === 'fail') return { verified: 'fail', reason: why };
  return { verified: 'none', reason: why };
}

const MAX_KEPT_REASON_CHARS = 500;
const VERDICTS: readonly string[] = ['pass', 'fail', 'none'] satisfies SenderVerdict[];

/**
 * What is kept of a verdict with its message: the result and its few words, nothing else of the
 * check (no header, key or body); null for a provisional one, which is made again next time.
 */
export function keptVerdictOf(auth: SenderAuth): SenderAuth | null {
  if (auth.provisional) return null;
  return { verified: auth.verified, reason: auth.reason.slice(0, MAX_KEPT_REASON_CHARS), ...(auth.domain ? { domain: auth.domain } : {}) };
}

/** A kept verdict as read back from the message's row; null when there is none or it is not one (then the sender is checked again). */
export function readKeptVerdict(value: unknown): SenderAuth | null {
  if (typeof value !== 'object' || value === null) return null;
  const { verified, reason, domain } = value as Record<string, unknown>;
  if (typeof verified !== 'string' || !VERDICTS.includes(verified) || typeof reason !== 'string') return null;
  // A pass kept before the domain was kept with it names none, and so proves no sender (senderVerdictFor).
  return { verified: verified as SenderVerdict, reason, ...(typeof domain === 'string' && domain !== '' ? { domain } : {}) };
}

const AMBIGUITY: Record<FromAmbiguity, string> = {
  'several-from-headers': 'the mail has more than one From header',
  'several-mailboxes': 'its From names more than one mailbox',
  group: 'its From is a group of addresses',
  'address-in-encoded-name': 'its From hides another address in an encoded display name',
};

/**
 * What a check's verdict says about this message's sender, the From address parse took.
 * - A From that names more than one author (several From headers, several mailboxes, a group, an
 *   address hidden in an encoded name) is read as forged, `fail`, whatever the check said: DMARC
 *   judges one author's domain, and anyone whose own domain passes could name an admin beside it
 *   (RFC 5322 3.6.2 allows several authors only with a Sender; RFC 7489 6.6.1 lets a receiver
 *   treat such mail as failing). Read as `fail` rather than held: it is still filed for the admins,
 *   marked "unverified sender" with this reason, and nothing is sent or obeyed in anyone's name;
 *   a hold would need an admin before anyone saw it, and would prove nobody after release either.
 * - A pass proves the sender only when the domain DMARC judged is the sender address's own: a
 *   check that read another address than ours has said nothing about this sender (`none`).
 * Any other verdict stands.
 */
export function senderVerdictFor(auth: SenderAuth, msg: Pick<ParsedMessage, 'from' | 'fromAmbiguity'>): SenderAuth {
  if (msg.fromAmbiguity) return { verified: 'fail', reason: `${AMBIGUITY[msg.fromAmbiguity]}, so it proves no sender (${auth.reason})` };
  if (auth.verified !== 'pass') return auth;
  const address = msg.from?.address ?? '';
  const senderDomain = asciiDomain(address.slice(address.lastIndexOf('@') + 1));
  if (auth.domain !== undefined && senderDomain !== '' && asciiDomain(auth.domain) === senderDomain) return auth;
  const judged = auth.domain ? `${auth.domain} is not` : 'no domain judged is known to be';
  return { verified: 'none', reason: `${auth.reason}; ${judged} the sender's domain ${senderDomain || '(none)'}, so it proves nothing about the sender` };
}

/** A domain as DNS names it (IDNA, lower case), so `bücher.example` and `xn--bcher-kva.example` are one. */
function asciiDomain(domain: string): string {
  const lower = domain.trim().toLowerCase().replace(/\.$/, '');
  return domainToASCII(lower) || lower;
}

const MAX_HEADER_CHARS = 8_000;

/**
 * Reads the DMARC result of the topmost Authentication-Results header (RFC 8601) whose authserv-id
 * is `server`. Headers are in message order, so the topmost is the one our receiving server added
 * last; any lower one with that name was written by the sender and is ignored. No such header:
 * 'none' with the reason. A `temperror` there (RFC 7489 11.2: the server's own lookup failed for
 * now) is the server's word on this message for good: reading the header again finds the same, so
 * it is decided at once as not checked, kept as any verdict read from the header is, and never
 * retried.
 */
export function readAuthenticationResults(values: string[] | undefined, server: string): SenderAuth {
  const wanted = server.trim().toLowerCase();
  for (const raw of values ?? []) {
    const read = withoutComments(raw.slice(0, MAX_HEADER_CHARS));
    const parts = read.text.split(';').map((p) => p.trim().toLowerCase());
    if ((parts[0] ?? '').split(' ')[0] !== wanted) continue;
    // The DMARC result is the one whose result statement starts with `dmarc=`; a word elsewhere
    // (inside another method's property, say) is never it.
    const statements = parts.slice(1).map((p) => p.split(' ').filter(Boolean)).filter((words) => words[0]?.startsWith('dmarc='));
    // Text of the sender's that the server copied in can unbalance a quote or a comment, or add a
    // statement of its own: a header that cannot be read one way only is no proof, and fails.
    if (!read.balanced || statements.length > 1) {
      return { verified: 'fail', reason: `Authentication-Results of ${wanted} cannot be read one way only (${statements.length > 1 ? 'more than one dmarc result' : 'an unclosed quote or comment'})` };
    }
    const valueOf = (key: string) => statements[0]?.find((w) => w.startsWith(`${key}=`))?.slice(key.length + 1) ?? null;
    const verdict = verdictOfDmarc(valueOf('dmarc') ?? 'none', valueOf('header.from'), `Authentication-Results of ${wanted}`);
    return isFailingForNow(verdict) ? notChecked(verdict.reason) : verdict;
  }
  return { verified: 'none', reason: `no Authentication-Results header from ${wanted}` };
}

/**
 * The header value without RFC 5322 comments, whitespace folded to single spaces (one pass). A
 * quoted string is one word: parentheses, semicolons and blanks inside it are dropped, so a sender's
 * address such as `"x) dmarc=pass ("@evil.example` can neither end a comment nor start a statement;
 * a backslash quotes the character after it in either.
 */
function withoutComments(value: string): { text: string; balanced: boolean } {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && (quoted || depth > 0)) { i++; if (quoted && depth === 0 && i < value.length && !/[\s;()]/.test(value[i]!)) out += value[i]; continue; }
    if (quoted) {
      if (ch === '"') { quoted = false; out += ch; } else if (!/[\s;()]/.test(ch)) out += ch;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) {
      if (ch === '"') quoted = true;
      out += ch === '\t' || ch === '\r' || ch === '\n' ? ' ' : ch;
    }
  }
  return { text: out.split(' ').filter(Boolean).join(' ').replaceAll(' =', '=').replaceAll('= ', '='), balanced: depth === 0 && !quoted };
}
