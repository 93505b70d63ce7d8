import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

const asksChange = asksFor('change_requested', 'Program setup', { topic: 'provider_configuration', type: 'question' });

describe('a configuration change to build or create something', () => {
  it('takes building or creating a specific assessment as the change', () => {
    expect(asksChange('Could you build a custom intake assessment for our Prairie Respite program with fields for oxygen use and wound care?')).toBe(false);
    expect(asksChange('Please create a service type for bus passes in the Harbor House Shelter program.')).toBe(false);
  });

  it('still asks when only vague changes are mentioned', () => {
    expect(asksChange('We need some changes to the Harbor House Shelter program.')).toBe(true);
  });
});
