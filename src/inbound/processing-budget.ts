// The time one message may take in the pure stages. The pipeline checks it between stages; a message
// over it is held in quarantine with the stage it had reached, so one hostile message cannot keep the
// worker from other mail. Pure apart from reading a monotonic clock (injectable for tests).
import { PermanentError } from '../errors.ts';

/** Linear stages take well under a second on the largest text they read; this leaves a wide margin. */
export const DEFAULT_BUDGET_MS = 15_000;

/** Extra time per started megabyte of raw mail: decoding a large attachment takes real time, more so on a busy worker. */
export const BUDGET_MS_PER_MB = 5_000;

/**
 * The budget for a message of `bytes` raw bytes. The budget is wall-clock time and a worker runs
 * several messages at once, so a large but harmless message on a busy worker needs more than a
 * small one; hostile text is bounded before any pattern (text-limits.ts), so this does not let a
 * pathological message run longer than its size warrants.
 */
export function budgetForSize(bytes: number, baseMs: number = DEFAULT_BUDGET_MS): number {
  return baseMs + Math.ceil(Math.max(0, bytes) / (1024 * 1024)) * BUDGET_MS_PER_MB;
}

export interface ProcessingBudget {
  /** Throws PROCESSING_BUDGET (permanent: the message is quarantined) once the budget is spent. */
  check(stage: string): void;
  /** What is left of the budget, in ms (0 once spent): the budget another thread starts with. */
  remainingMs(): number;
}

export function startBudget(ms: number = DEFAULT_BUDGET_MS, clock: () => number = () => performance.now()): ProcessingBudget {
  const started = clock();
  return {
    check(stage) {
      const spent = clock() - started;
      if (spent > ms) {
        throw new PermanentError('PROCESSING_BUDGET', `processing took ${Math.round(spent)} ms, over the budget of ${ms} ms (at ${stage})`);
      }
    },
    remainingMs: () => Math.max(0, ms - (clock() - started)),
  };
}
