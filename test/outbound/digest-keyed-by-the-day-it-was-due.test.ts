// One digest per scheduled day: its outbox key is the day the run was due (UTC), not the day it ran,
// so a run carried out after midnight, or by the command, is still the day before's.
import { describe, expect, it } from 'vitest';
import { digestDueAt, digestKey } from '../../src/outbound/digest.ts';

/** When a run with DIGEST_HOUR 7 happened, and the key of the digest it stands for. */
const RUNS: Record<string, string> = {
  '2031-05-12T07:00:00Z': 'digest:2031-05-12', // at its hour
  '2031-05-12T23:59:59Z': 'digest:2031-05-12', // late the same evening
  '2031-05-13T00:30:00Z': 'digest:2031-05-12', // after midnight, before the new day's hour
  '2031-06-01T06:00:00Z': 'digest:2031-05-31', // on the first of a month, before its hour
};

describe('the key of a digest', () => {
  it('is the day the run was due, not the day it ran', () => {
    const keys = Object.keys(RUNS).map((now) => digestKey(digestDueAt(new Date(now), 7)));
    expect(keys).toEqual(Object.values(RUNS));
  });
});
