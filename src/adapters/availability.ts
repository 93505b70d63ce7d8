// Which of the servers the worker depends on (SMTP, Redis, PostgreSQL, IMAP, the OAuth2 token
// endpoint) are away right now. Whoever sees a failure or a success reports it here; the board
// logs ONE line when a dependency goes away and ONE when it is back (never one per retry), tells
// health checks why it is unhealthy, and runs the listeners that resume work once it is back.
// While a dependency is away and has a probe, the board asks it again with back-off (1 s,
// doubling, at most `maxProbeMs`), so recovery is noticed even when no work is waiting.
// I/O: only through the probes it is given.
import { PermanentError } from '../errors.ts';
import { type Logger, safeError } from '../log.ts';

/** How long a probe may take before it counts as a failure. */
const PROBE_TIMEOUT_MS = 5000;

export type Dependency = 'smtp' | 'redis' | 'postgresql' | 'imap' | 'oauth2';

export interface Outage {
  since: number;
  /** Error code (ECONNREFUSED, DB_UNAVAILABLE, ...) or the error's name. */
  code: string;
  /** First line of the error; never a secret or a mail body (safeError). */
  message: string;
  /** The server answered and refused us (a revoked grant, say): an operator must act. */
  refused: boolean;
}

/** What a failure or success means for a dependency's state: the line to log, or nothing. */
export type Transition =
  | { kind: 'down'; line: string }
  | { kind: 'up'; line: string; downForMs: number }
  | null;

/** Pure: the state change a report makes, and its one log line. */
export function transition(dep: Dependency, current: Outage | null, report: { ok: true; at: number } | { ok: false; at: number; code: string; refused?: boolean }): Transition {
  if (report.ok) {
    if (!current) return null;
    const downForMs = Math.max(0, report.at - current.since);
    return { kind: 'up', downForMs, line: `${dep}: available again after ${Math.round(downForMs / 1000)} s` };
  }
  if (current) return null;
  return { kind: 'down', line: `${dep}: ${report.refused ? 'refused' : 'unavailable'} (${report.code}), retrying with back-off` };
}

export interface AvailabilityOptions {
  log: Logger;
  now?: () => number;
  /** Longest pause between two probes of an absent dependency. */
  maxProbeMs?: number;
}

export class Availability {
  private readonly outages = new Map<Dependency, Outage>();
  private readonly probes = new Map<Dependency, () => Promise<unknown>>();
  private readonly timers = new Map<Dependency, NodeJS.Timeout>();
  /** Failures being checked with the probe before they are called an outage. */
  private readonly suspected = new Set<Dependency>();
  /** When each dependency was last seen back after an outage. */
  private readonly recoveredAt = new Map<Dependency, number>();
  private readonly upListeners: { dep: Dependency; fn: (downForMs: number) => void }[] = [];
  private readonly downListeners: { dep: Dependency; fn: () => void }[] = [];
  private readonly log: Logger;
  private readonly now: () => number;
  private stopped = false;

  constructor(private readonly options: AvailabilityOptions) {
    this.log = options.log.child({ component: 'availability' });
    this.now = options.now ?? Date.now;
  }

  /** A cheap check that answers when `dep` is back; asked with back-off while it is away. */
  setProbe(dep: Dependency, probe: () => Promise<unknown>): void {
    this.probes.set(dep, probe);
  }

  onUp(dep: Dependency, fn: (downForMs: number) => void): void {
    this.upListeners.push({ dep, fn });
  }

  onDown(dep: Dependency, fn: () => void): void {
    this.downListeners.push({ dep, fn });
  }

  isDown(dep: Dependency): boolean {
    return this.outages.has(dep);
  }

  /**
   * Reports a failure that may mean `dep` is away. With a probe, the probe is asked first: a
   * failure it does not confirm (a connection the server closed while restarting, a connect that
   * timed out just before the server came back) is no outage. True when the board has taken the
   * failure (said it, or is checking it), so the caller need not log it too. `startedAt` is when
   * the work that failed began, as for `up`.
   */
  down(dep: Dependency, err: unknown, startedAt?: number): boolean {
    if (this.stopped) return false;
    if (this.outages.has(dep) || this.suspected.has(dep)) return true;
    // Work that began before the server was last seen back failed in the outage that has ended
    // (a job cut off by a restart reports its failure once its attempt is recorded, seconds
    // later): it says nothing of now, and asking the probe again would risk a second outage line
    // for one restart if the probe, too, meets the restart's leftovers or a busy server.
    const back = this.recoveredAt.get(dep);
    if (startedAt !== undefined && back !== undefined && startedAt < back) return true;
    const probe = this.probes.get(dep);
    if (!probe) return this.declare(dep, err);
    this.suspected.add(dep);
    const check = Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS).unref())]);
    check.then(() => { this.suspected.delete(dep); }, () => {
      this.suspected.delete(dep);
      this.declare(dep, err);
    });
    return true;
  }

  private declare(dep: Dependency, err: unknown): boolean {
    if (this.stopped) return false;
    const e = describe(err);
    const { code } = e;
    const refused = err instanceof PermanentError;
    const change = transition(dep, this.outages.get(dep) ?? null, { ok: false, at: this.now(), code, refused });
    if (!change) return false;
    this.outages.set(dep, { since: this.now(), code, message: e.message, refused });
    this.log.warn({ dependency: dep, code, err: e }, change.line);
    for (const l of this.downListeners) if (l.dep === dep) l.fn();
    this.scheduleProbe(dep, 1000);
    return true;
  }

  /**
   * Reports that `dep` answered. `startedAt` is when the work that succeeded began: a success that
   * began before the outage was declared (a fetch pass whose last query ran just before the server
   * stopped, finishing after the failure was said) proves nothing about now and ends no outage.
   * True when this report is the change of state.
   */
  up(dep: Dependency, startedAt: number = this.now()): boolean {
    const outage = this.outages.get(dep);
    if (outage && startedAt < outage.since) return false;
    const change = transition(dep, outage ?? null, { ok: true, at: this.now() });
    if (!change || change.kind !== 'up') return false;
    this.outages.delete(dep);
    this.recoveredAt.set(dep, this.now());
    const timer = this.timers.get(dep);
    if (timer) clearTimeout(timer);
    this.timers.delete(dep);
    this.log.info({ dependency: dep, downForMs: change.downForMs }, change.line);
    for (const l of this.upListeners) if (l.dep === dep) l.fn(change.downForMs);
    return true;
  }

  /** One reason per dependency that is away, for /healthz. */
  reasons(): string[] {
    const now = this.now();
    return [...this.outages].map(([dep, o]) => `${dep}: ${o.refused ? 'refused' : 'unavailable'} for ${Math.round((now - o.since) / 1000)} s (${o.code}: ${o.message})`);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private scheduleProbe(dep: Dependency, delayMs: number): void {
    const probe = this.probes.get(dep);
    if (!probe || this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(dep);
      if (!this.outages.has(dep) || this.stopped) return;
      const startedAt = this.now();
      Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS).unref())]).then(() => { this.up(dep, startedAt); }, () => {
        if (this.outages.has(dep)) this.scheduleProbe(dep, Math.min(delayMs * 2, this.options.maxProbeMs ?? 10_000));
      });
    }, delayMs);
    timer.unref();
    this.timers.set(dep, timer);
  }
}

/**
 * The error's code and first line, from the innermost cause that has them: "ECONNREFUSED" and
 * "smtp send failed: connect ECONNREFUSED 127.0.0.1:2525" rather than our wrapper's code alone.
 */
export function describe(err: unknown): { code: string; message: string } {
  const top = safeError(err);
  let code = top.code ?? top.name;
  let inner = '';
  let e = (err as { cause?: unknown } | null)?.cause;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth += 1) {
    const s = safeError(e);
    if (s.code) code = s.code;
    inner = s.message;
    e = (e as { cause?: unknown }).cause;
  }
  // nodemailer says ESOCKET and names the socket's own code in its message.
  const named = /\b(E[A-Z]{4,})\b/.exec(inner)?.[1];
  if (named && (code === 'ESOCKET' || code === 'ECONNECTION' || !/^E[A-Z]+$/.test(code))) code = named;
  const message = inner && inner !== top.message ? `${top.message}: ${inner}` : top.message;
  return { code, message: message.slice(0, 300) };
}

/** Which dependency an error says is away (null: the error is about the work, not a server). */
export function dependencyOf(err: unknown): Dependency | null {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'SMTP_CONNECT': return 'smtp';
    case 'DB_UNAVAILABLE': return 'postgresql';
    case 'IMAP_CONNECT': case 'IMAP_COMMAND': return 'imap';
    case 'OAUTH_TOKEN_UNAVAILABLE': case 'OAUTH_CLIENT_REJECTED': return 'oauth2';
    default: return null;
  }
}
