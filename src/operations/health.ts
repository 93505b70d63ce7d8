// Judges whether a worker is healthy from what its probes saw: PostgreSQL and Redis answer, and
// the mailbox fetcher (when this process holds the fetch) is connected and fetched recently.
// Pure: probe results and the time in, a verdict with one reason per failed check out.

export type FetcherState = 'connected' | 'disconnected' | 'standby' | 'off';

export interface HealthProbes {
  postgres: { ok: true } | { ok: false; error: string };
  redis: { ok: true } | { ok: false; error: string };
  fetcher: {
    state: FetcherState;
    /** When the last fetch pass finished without error (null: none yet). */
    lastSuccessAt: Date | null;
    /** When this process started fetching (the grace period before the first pass counts from it). */
    startedAt: Date;
    /** Why fetching fails right now, if it does. */
    lastError?: { code?: string; message: string } | null;
  };
  /** Servers the worker found away (SMTP, the token endpoint, ...), one reason each, "name: why". */
  outages?: string[];
}

export interface HealthVerdict {
  healthy: boolean;
  reasons: string[];
  checks: {
    postgres: string;
    redis: string;
    imap: FetcherState;
    lastFetchAgeSeconds: number | null;
  };
}

/**
 * Unhealthy when a store does not answer, or when this process fetches and its last successful
 * pass is older than `maxFetchAgeMs` (a pass runs at least once per poll interval, so a generous
 * multiple of it). A standby worker (another one holds the fetch) is healthy without IMAP.
 */
export function judgeHealth(probes: HealthProbes, now: Date, maxFetchAgeMs: number): HealthVerdict {
  const reasons: string[] = [];
  if (!probes.postgres.ok) reasons.push(`postgresql: ${probes.postgres.error}`);
  if (!probes.redis.ok) reasons.push(`redis: ${probes.redis.error}`);
  const { fetcher } = probes;
  const since = fetcher.lastSuccessAt ?? fetcher.startedAt;
  const ageMs = Math.max(0, now.getTime() - since.getTime());
  if (fetcher.state === 'connected' || fetcher.state === 'disconnected') {
    if (ageMs > maxFetchAgeMs) {
      const cause = fetcher.lastError ? `; last error: ${fetcher.lastError.code ? `${fetcher.lastError.code}: ` : ''}${fetcher.lastError.message}` : '';
      reasons.push(fetcher.lastSuccessAt
        ? `imap: last successful fetch ${Math.round(ageMs / 1000)} s ago (limit ${Math.round(maxFetchAgeMs / 1000)} s), connection ${fetcher.state}${cause}`
        : `imap: no successful fetch in ${Math.round(ageMs / 1000)} s since start, connection ${fetcher.state}${cause}`);
    }
  }
  // A server the probes above already named is not named twice. IMAP keeps the fetcher's own
  // rule, with its grace period, so a reconnect after a dropped connection does not flap.
  for (const outage of probes.outages ?? []) {
    const name = outage.slice(0, outage.indexOf(':') + 1);
    if (name !== 'imap:' && !reasons.some((r) => r.startsWith(name))) reasons.push(outage);
  }
  return {
    healthy: reasons.length === 0,
    reasons,
    checks: {
      postgres: probes.postgres.ok ? 'ok' : probes.postgres.error,
      redis: probes.redis.ok ? 'ok' : probes.redis.error,
      imap: fetcher.state,
      lastFetchAgeSeconds: fetcher.lastSuccessAt ? Math.round((now.getTime() - fetcher.lastSuccessAt.getTime()) / 100) / 10 : null,
    },
  };
}
