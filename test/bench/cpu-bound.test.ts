// The backlog benchmark's CPU bound: the least wall time a run's CPU allows on the machine's cores,
// and the share of the ceiling that is the most such a run can reach.
import { describe, expect, it } from 'vitest';
import { cpuBoundOf } from '../../bench/backlog.ts';

const cpu = (over: Partial<Parameters<typeof cpuBoundOf>[0]> = {}): Parameters<typeof cpuBoundOf>[0] => ({
  workers: [20], workerMainThreads: [9], workerThreads: [], postgresBackends: 6, postgresOther: 0.5, mailServer: 2.5, redis: 0.8, harness: 1.2, ...over,
});

describe('the CPU bound of a backlog run', () => {
  it('counts every process that took part, over the cores', () => {
    const bound = cpuBoundOf(cpu(), 1000, 5000, 2);
    expect(bound.totalSeconds).toBeCloseTo(31, 6);
    expect(bound.perMessageMs).toBeCloseTo(31, 6);
    expect(bound.minWallMs).toBeCloseTo(15_500, 6);
    expect(bound.bestShare).toBeCloseTo(5000 / 15_500, 6);
  });

  it('adds the workers of a run with several', () => {
    expect(cpuBoundOf(cpu({ workers: [10, 12], workerMainThreads: [4, 5] }), 1000, 5000, 2).totalSeconds).toBeCloseTo(33, 6);
  });

  it('is held to the busiest main thread when one thread alone needs longer than the cores do', () => {
    const bound = cpuBoundOf(cpu({ workerMainThreads: [25] }), 1000, 5000, 4);
    expect(bound.minWallMs).toBe(25_000);
    expect(bound.bestShare).toBeCloseTo(0.2, 6);
  });
});
