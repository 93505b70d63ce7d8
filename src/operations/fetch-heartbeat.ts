// The fetcher's heartbeat in Redis every few seconds while this process fetches the mailbox: who
// fetches, in what state, and when it last fetched, so `deskmail status` and every worker's
// /metrics can name the fetcher. Every worker beats, whether or not it serves /metrics
// (METRICS_PORT=0). I/O: Redis, on a connection that fails fast instead of queueing while Redis
// is away.
import { Redis } from 'ioredis';
import type { Service } from '../service.ts';
import { heartbeatKey, type FetchHeartbeat } from './snapshot.ts';

/** A Redis connection for reads and beats that must not queue while Redis is away. */
export function failFastRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => 1000 });
  redis.on('error', () => {}); // whoever reads through it reports Redis being away
  redis.connect().catch(() => {});
  return redis;
}

export interface FetchHeartbeatBeat {
  /** Beats now (as /metrics does before it reads the heartbeat back). */
  beat(): Promise<void>;
  stop(): void;
}

export function startFetchHeartbeat(service: Pick<Service, 'id' | 'fetcher'>, redis: Redis, prefix: string, mailbox: string, everyMs = 2000): FetchHeartbeatBeat {
  const beat = async () => {
    const fetcher = service.fetcher;
    if (!fetcher || fetcher.state === 'standby') return;
    const heartbeat: FetchHeartbeat = { holder: service.id, state: fetcher.state, lastSuccessAt: fetcher.lastSuccessAt?.toISOString() ?? null, at: new Date().toISOString() };
    await redis.set(heartbeatKey(prefix, mailbox), JSON.stringify(heartbeat), 'PX', Math.max(15_000, 3 * everyMs));
  };
  const timer = setInterval(() => { beat().catch(() => {}); }, everyMs);
  timer.unref();
  beat().catch(() => {});
  return { beat, stop: () => clearInterval(timer) };
}
