// The edge step that decides whether a message's From is proven: either mailauth checks DKIM,
// SPF, DMARC and ARC against DNS (the resolver is injectable, so tests give it their own records),
// or, when AUTH_RESULTS_SERVER names our receiving server, its topmost Authentication-Results
// header is read instead. The answer is a plain SenderAuth for the pure decision, marked provisional
// when a DNS lookup it depends on failed for now (then it is not kept with the message, and
// process-mail checks again before it decides with it); a temporary error in the header is the
// server's word for good, read as not checked (inbound/sender-auth.ts readAuthenticationResults).
import { authenticate, type DNSResolver } from 'mailauth';
import { parseHeaderBlock } from './header-block.ts';
import { readAuthenticationResults, SENDER_AUTH_OFF, verdictOfDmarc, type SenderAuth } from '../../inbound/sender-auth.ts';

export type { DNSResolver };

export interface SenderAuthSettings {
  /** `verify` checks each message; `off` looks nothing up and proves nobody (local and test stacks). */
  mode: 'verify' | 'off';
  /** Our receiving server's authserv-id: when set, its Authentication-Results header is used instead of DNS. */
  authResultsServer: string | null;
  /** DNS lookups; the system resolver when not given. */
  resolver?: DNSResolver;
}

export type SenderVerifier = (raw: Buffer) => Promise<SenderAuth>;

export function senderVerifier(settings: SenderAuthSettings): SenderVerifier {
  if (settings.mode === 'off') return async () => SENDER_AUTH_OFF;
  const server = settings.authResultsServer;
  // Only this way reads the header block, so only it splits the headers out of the raw mail.
  if (server) return async (raw) => readAuthenticationResults(parseHeaderBlock(raw)['authentication-results'], server);
  return async (raw) => {
    // The client address and HELO come from the Received header our own server added on top.
    let result: Awaited<ReturnType<typeof authenticate>>;
    try {
      result = await authenticate(raw, { resolver: settings.resolver, trustReceived: true, disableBimi: true, mta: 'deskmail' });
    } catch (err) {
      // A message the checker cannot read proves nothing: it is filed, but may do nothing on its own.
      return { verified: 'fail', reason: `the sender check could not read the message (${(err as Error).name})` };
    }
    const dmarc = result.dmarc || null;
    // A DNS failure of DMARC's own lookup is not the sender's fault: a provisional failure (verdictOfDmarc),
    // which process-mail checks again a few times before it decides with it.
    const outcome = dmarc?.status.result === 'temperr' ? 'temperror' : dmarc?.status.result ?? 'none';
    const arc = result.arc ? result.arc.status.result : 'none';
    // DMARC fails when no aligned DKIM signature or SPF check passed, and one whose DNS lookup
    // failed for now (temperror, RFC 6376 6.1.2 and RFC 7208 2.6.6) did not pass either: such a
    // failure is said with its cause and marked provisional, so it is never kept as the message's.
    const failedForNow = outcome !== 'fail' ? [] : [
      ...(result.dkim.results.some((r) => r.status.result === 'temperror') ? ['dkim=temperror'] : []),
      ...(result.spf && result.spf.status.result === 'temperror' ? ['spf=temperror'] : []),
    ];
    // The domain DMARC judged is that of the one From address mailauth read (several: no DMARC at
    // all). Its `dmarc.domain` is the organisational domain, which a sender at another subdomain
    // shares, so it is not what a pass proves: the pure decision checks that this domain is the
    // sender address's own (inbound/sender-auth.ts senderVerdictFor).
    const judged = dmarc && result.dkim.headerFrom.length === 1 ? domainOf(result.dkim.headerFrom[0]!) : null;
    const verdict = verdictOfDmarc(outcome, judged, [dmarc?.p ? `p=${dmarc.p}` : '', `arc=${arc}`, ...failedForNow].filter(Boolean).join(', '));
    return failedForNow.length > 0 ? { ...verdict, provisional: true } : verdict;
  };
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase();
