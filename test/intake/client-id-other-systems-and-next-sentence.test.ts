// The old system's numbers (ServicePoint, "the legacy system") are not Clarity client IDs; and a
// look-alike label written after a value names it only within its sentence ("..., which is
// MBGH100237. His VA file number is ..." leaves the ID a client ID).
import { describe, expect, it } from 'vitest';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;
const ids = (text: string) => extractClientIds({ subject: '', text }, rules);

describe('client IDs: other systems and the next sentence', () => {
  it.each([
    ['his ServicePoint ID', 'For client ID 64109, notes did not come over. In ServicePoint his ID was 112233 if that helps.', ['64109']],
    ['the legacy system\'s number', 'Client ID 64109 lost notes. In the legacy system her ID was 112233.', ['64109']],
    ['a label in the next sentence', 'Keep the record with his DD-214, which is MBGH100237. His VA file number is C-29 883 014.', ['MBGH100237']],
    ['a label after a value in its own sentence', 'Please check MBGH100237 grant for the lease.', []],
    ['a label after a value in brackets', 'Please check MBGH100237 (grant) for the lease.', []],
  ])('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});
