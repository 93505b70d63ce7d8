// One person's ClientTrack records share their four letters, so a spaced or lower-case ID whose
// letters are those of another ID in the mail is a second record ("PTRS204418 and ptrs 204481"),
// while four lower-case letters and six digits alone ("unit 204481") are not.
import { describe, expect, it } from 'vitest';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;
const ids = (subject: string, text: string) => extractClientIds({ subject, text }, rules);

describe('client IDs: lower-case spaced IDs sharing another ID\'s letters', () => {
  it('reads the second record of a duplicate pair', () => {
    expect(ids('', 'Records PTRS204418 (ours) and ptrs 204481 (created at Bluestem). Keep 418.')).toEqual(['PTRS204418', 'PTRS204481']);
  });

  it('reads it in the subject too', () => {
    expect(ids('Duplicate: PTRS204418 / ptrs-204481', 'Please merge.')).toEqual(['PTRS204418', 'PTRS204481']);
  });

  it('does not read other letters written that way', () => {
    expect(ids('', 'Records PTRS204418 is ours; the unit 204481 was inspected, also room 204482.')).toEqual(['PTRS204418']);
  });

  it('does not read lower-case spaced letters with no ID to share them', () => {
    expect(ids('', 'The unit 204481 passed inspection on Friday.')).toEqual([]);
  });
});
