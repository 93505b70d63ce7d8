// A backlog run's share of the ceiling measured on either side of it: the ceiling drifts with the
// machine's hour, so a run is set against the passes just before and just after it.
import { describe, expect, it } from 'vitest';
import { ceilingAroundOf } from '../../bench/backlog.ts';

describe('the share of the ceilings around a run', () => {
  it('sets the run against the mean of the passes before and after it', () => {
    const around = ceilingAroundOf(30_000, 40_000, 70_000);
    expect(around).toEqual({ beforeMs: 30_000, afterMs: 40_000, share: 0.5 });
  });

  it('equals the plain share when the ceiling held still', () => {
    expect(ceilingAroundOf(25_000, 25_000, 50_000).share).toBe(0.5);
  });

  it('is higher when the machine slowed down during the run than the first ceiling alone says', () => {
    const run = 80_000;
    expect(ceilingAroundOf(26_000, 38_000, run).share).toBeGreaterThan(26_000 / run);
  });
});
