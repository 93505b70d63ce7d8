// "The client ID is A, not B": what an ID is and is not sets the same-shaped B aside as mistaken, also
// where B appears again (a quoted ticket). Only a statement about the ID does so: "keep A, not B" in a
// merge names B as the duplicate, which is still a client ID.
import { describe, expect, it } from 'vitest';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;
const ids = (text: string) => extractClientIds({ subject: '', text }, rules);

describe('client IDs: "the ID is A, not B"', () => {
  it.each([
    ['the mistaken number quoted below', 'I typed it wrong. The client ID is 58831, not 58813.\n\n> Summary: client 58813 DOB wrong', ['58831']],
    ['ClientTrack-shaped', 'Sorry, his ID is PTRS204418 not PTRS204481. Client PTRS204481 is someone else.', ['PTRS204418']],
    ['Spanish "es A, no B"', 'El número de cliente es 40217, no 40271. Cliente 40271 en el asunto.', ['40217']],
    ['a number of another shape stays', 'Her ID is 58831, not 2024 intake.', ['58831']],
  ])('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  it('keeps both IDs of a merge where one is kept and not the other', () => {
    expect(ids('Please merge client 40217 and client 40218. Keep 40217, not 40218.')).toEqual(['40217', '40218']);
  });

  it('keeps both where the sentence is about which one is right, not what the ID is', () => {
    expect(ids('Duplicates 40217 and 40218: the right one is 40217, not 40218.')).toEqual(['40217', '40218']);
  });
});
