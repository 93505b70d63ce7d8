// `deskmail schedule run TASK --now ISO` acts, and keys a digest, as at the time given: a time read
// loosely (`1` as the year 2001, 2024-02-30 as 1 March) runs the task on a day nobody meant, so
// --now takes ISO 8601 dates and times only. And a run whose task says some of its work failed, or
// that it put it off, ends with status 1, so a script or a cron entry running it can tell.
import { describe, expect, it } from 'vitest';
import { exitCodeOf, readMoment } from '../../src/cli/schedule.ts';

describe('--now', () => {
  it('takes ISO dates and times, with or without a zone', () => {
    expect(readMoment('2026-05-20')?.toISOString()).toBe('2026-05-20T00:00:00.000Z');
    expect(readMoment('2026-05-20T08:00Z')?.toISOString()).toBe('2026-05-20T08:00:00.000Z');
    expect(readMoment('2026-05-20T08:00:30+02:00')?.toISOString()).toBe('2026-05-20T06:00:30.000Z');
    expect(readMoment('2024-02-29T23:59:59.5Z')?.toISOString()).toBe('2024-02-29T23:59:59.500Z');
  });

  it.each(['1', '2001', 'yesterday', '2024-02-30', '2025-02-29', '2026-13-01', '2026-05-20T24:00Z', '05/20/2026', '2026-05-20 08:00', ''])('refuses %j', (text) => {
    expect(readMoment(text)).toBeNull();
  });
});

describe('the status a run ends with', () => {
  it('is 1 when the task says some of its work failed or was put off, else 0', () => {
    expect(exitCodeOf('12 tickets acted on, 2 failed')).toBe(1);
    expect(exitCodeOf('deferred: 3 messages not read yet')).toBe(1);
    expect(exitCodeOf('12 tickets acted on')).toBe(0);
    expect(exitCodeOf('recovered 0 inbound, 0 outbound')).toBe(0);
    expect(exitCodeOf('digest of 4 open tickets')).toBe(0);
  });
});
