import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const asksChange = (text: string): boolean => {
  const input: IntakeInput = { subject: 'Program setup', text, attachments: [] };
  const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'provider_configuration', type: 'question', priority: 'normal', clientIds: [] };
  return findMissingInfo(input, decided, rules).includes('change_requested');
};

describe('a configuration change to build or create something', () => {
  it('takes building or creating a specific assessment as the change', () => {
    expect(asksChange('Could you build a custom intake assessment for our Prairie Respite program with fields for oxygen use and wound care?')).toBe(false);
    expect(asksChange('Please create a service type for bus passes in the Harbor House Shelter program.')).toBe(false);
  });

  it('still asks when only vague changes are mentioned', () => {
    expect(asksChange('We need some changes to the Harbor House Shelter program.')).toBe(true);
  });
});
