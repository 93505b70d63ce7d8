import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksWhat = asksFor('issue_description', 'data help', { topic: 'data_quality', type: 'question' }, { rulesAlone: true });

describe('issue_description: naming the program is not saying what is wrong', () => {
  it('does not count the words of a program\'s name as a description', () => {
    expect(asksWhat('our data for Cedar Hollow Family Drop-In is a mess and the county saw. can someone help?')).toBe(true);
  });

  it('still counts a concrete problem in a sentence that names the program', () => {
    expect(asksWhat('Cedar Hollow Family Drop-In has 40 adults exited without a destination since July.')).toBe(false);
  });

  it('still counts a request written all in capitals', () => {
    expect(asksWhat('THE EXIT DESTINATION IS BLANK FOR FORTY ADULTS AT OUR SHELTER.')).toBe(false);
  });
});
