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

  it('takes a bed, check-in or wait list as the place', () => {
    const asksRecordWhere = asksFor('where_in_system', 'Guest', { topic: 'client_record', type: 'issue' }, { rulesAlone: true });
    expect(asksRecordWhere('Client 55012 has shown twice on the Elm Court Bed List since Friday; undoing one gives an error.')).toBe(false);
    expect(asksRecordWhere('Client 55012 is missing from our check-in list since Friday; other guests come up.')).toBe(false);
    expect(asksRecordWhere('Client 55012 has shown twice since Friday; undoing one gives an error.')).toBe(true);
  });
});
