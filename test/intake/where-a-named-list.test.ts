import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

const asksWhere = asksFor('where_in_system', 'CE setup', { topic: 'coordinated_entry_config', type: 'question' });

describe('a named list in Clarity as where in the system', () => {
  it('takes the CE referral list as the place', () => {
    expect(asksWhere('Could you add Northstar Youth RRH as a referral destination in the Coordinated Entry referral list?')).toBe(false);
  });

  it('still asks when no place in Clarity is named', () => {
    expect(asksWhere('Could you add Northstar Youth RRH as a destination for Coordinated Entry?')).toBe(true);
  });
});
