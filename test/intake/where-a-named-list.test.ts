import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const asksWhere = (text: string): boolean => {
  const input: IntakeInput = { subject: 'CE setup', text, attachments: [] };
  const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'coordinated_entry_config', type: 'question', priority: 'normal', clientIds: [] };
  return findMissingInfo(input, decided, rules).includes('where_in_system');
};

describe('a named list in Clarity as where in the system', () => {
  it('takes the CE referral list as the place', () => {
    expect(asksWhere('Could you add Northstar Youth RRH as a referral destination in the Coordinated Entry referral list?')).toBe(false);
  });

  it('still asks when no place in Clarity is named', () => {
    expect(asksWhere('Could you add Northstar Youth RRH as a destination for Coordinated Entry?')).toBe(true);
  });
});
