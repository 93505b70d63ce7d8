// The health verdict: which probe results make a worker unhealthy, and the reason it gives.
import { describe, expect, it } from 'vitest';
import { judgeHealth, type HealthProbes } from '../../src/operations/health.ts';

const now = new Date('2026-01-10T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const ok = { ok: true } as const;
const probes = (over: Partial<HealthProbes> = {}): HealthProbes => ({
  postgres: ok, redis: ok,
  fetcher: { state: 'connected', lastSuccessAt: ago(5), startedAt: ago(600) },
  ...over,
});

describe('health verdict', () => {
  it('is healthy when both stores answer and the fetcher fetched recently', () => {
    const v = judgeHealth(probes(), now, 60_000);
    expect(v).toMatchObject({ healthy: true, reasons: [], checks: { postgres: 'ok', redis: 'ok', imap: 'connected', lastFetchAgeSeconds: 5 } });
  });

  it('names each server the worker found away, once, and leaves IMAP to the fetcher\'s grace period', () => {
    const v = judgeHealth(probes({
      postgres: { ok: false, error: 'connect ECONNREFUSED' },
      outages: ['smtp: unavailable for 12 s (ECONNREFUSED: smtp send failed)', 'postgresql: unavailable for 3 s (CONNECTION_CLOSED: x)', 'imap: unavailable for 1 s (ECONNRESET: y)'],
    }), now, 60_000);
    expect(v.healthy).toBe(false);
    expect(v.reasons).toEqual(['postgresql: connect ECONNREFUSED', 'smtp: unavailable for 12 s (ECONNREFUSED: smtp send failed)']);
    expect(judgeHealth(probes({ outages: ['imap: unavailable for 1 s (ECONNRESET: y)'] }), now, 60_000).healthy).toBe(true);
  });

  it('names each store that does not answer', () => {
    const v = judgeHealth(probes({ postgres: { ok: false, error: 'connect ECONNREFUSED' }, redis: { ok: false, error: 'probe did not answer within 2000 ms' } }), now, 60_000);
    expect(v.healthy).toBe(false);
    expect(v.reasons).toEqual(['postgresql: connect ECONNREFUSED', 'redis: probe did not answer within 2000 ms']);
  });

  it('is unhealthy when the fetcher has not fetched successfully for too long', () => {
    const v = judgeHealth(probes({ fetcher: { state: 'disconnected', lastSuccessAt: ago(90), startedAt: ago(600) } }), now, 60_000);
    expect(v.healthy).toBe(false);
    expect(v.reasons[0]).toMatch(/^imap: last successful fetch 90 s ago \(limit 60 s\), connection disconnected$/);
  });

  it('gives a starting fetcher the same grace before its first pass', () => {
    expect(judgeHealth(probes({ fetcher: { state: 'disconnected', lastSuccessAt: null, startedAt: ago(10) } }), now, 60_000).healthy).toBe(true);
    const late = judgeHealth(probes({ fetcher: { state: 'disconnected', lastSuccessAt: null, startedAt: ago(61) } }), now, 60_000);
    expect(late.reasons).toEqual(['imap: no successful fetch in 61 s since start, connection disconnected']);
  });

  it('does not need IMAP on a worker that does not fetch', () => {
    for (const state of ['standby', 'off'] as const) {
      expect(judgeHealth(probes({ fetcher: { state, lastSuccessAt: null, startedAt: ago(3600) } }), now, 60_000).healthy).toBe(true);
    }
  });
});
