// A deadline said as a count of days ("due in 5 days", "within three business days", "vence en 4 dias")
// is near when the count is within the week, and not when it is further away.
import { describe, expect, it } from 'vitest';
import { hasNearDeadline } from '../../src/intake/deadline.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const cues = loadIntakeRules().deadline;

describe('a deadline counted in days', () => {
  it.each([
    'The PIT data is due in HDX in 5 days.',
    'Our funder\'s monitoring visit is in 3 days.',
    'The audit is within three business days.',
    'La fecha limite es en 4 dias.',
  ])('is near: %s', (text) => {
    expect(hasNearDeadline(text, cues)).toBe(true);
  });

  it.each([
    'The APR is due in 30 days.',
    'The audit is in twelve days.',
    'We have had this problem for 5 days.',
  ])('is not near: %s', (text) => {
    expect(hasNearDeadline(text, cues)).toBe(false);
  });
});
