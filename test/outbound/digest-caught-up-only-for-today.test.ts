// Which digest a starting worker may catch up: today's once DIGEST_HOUR (UTC) has passed, never
// an earlier day's, and none before the hour.
import { describe, expect, it } from 'vitest';
import { todaysDigestDueAt } from '../../src/outbound/digest.ts';

const at = (iso: string) => new Date(iso);

describe('the digest a starting worker catches up', () => {
  it.each([
    ['after the hour', '2031-05-12T08:05:00Z', 7, '2031-05-12T07:00:00.000Z'],
    ['at the hour to the millisecond', '2031-05-12T07:00:00Z', 7, '2031-05-12T07:00:00.000Z'],
    ['late in the evening', '2031-05-12T23:59:59Z', 7, '2031-05-12T07:00:00.000Z'],
    ['at midnight with the digest at midnight', '2031-05-12T00:00:00Z', 0, '2031-05-12T00:00:00.000Z'],
    ['on the first of a month', '2031-06-01T09:00:00Z', 7, '2031-06-01T07:00:00.000Z'],
  ])('is today\'s once its hour has passed (%s)', (_, now, hour, due) => {
    expect(todaysDigestDueAt(at(now), hour)?.toISOString()).toBe(due);
  });

  it.each([
    ['a minute before the hour', '2031-05-12T06:59:00Z', 7],
    ['a millisecond before the hour', '2031-05-12T06:59:59.999Z', 7],
    ['just after midnight, yesterday\'s digest not caught up', '2031-05-12T00:30:00Z', 7],
    ['before a digest at 23', '2031-06-01T22:00:00Z', 23],
  ])('is none before the hour (%s)', (_, now, hour) => {
    expect(todaysDigestDueAt(at(now), hour)).toBeNull();
  });
});
