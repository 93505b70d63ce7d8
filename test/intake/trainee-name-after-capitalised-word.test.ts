import { describe, expect, it } from 'vitest';
import { findPersonNames } from '../../src/intake/missing-info.ts';

describe('a person named right after a capitalised word', () => {
  it('finds the name when a sentence-initial word comes before it', () => {
    expect(findPersonNames('Can Katie Brandt (no relation) get into new user training?')).toEqual(['Katie Brandt']);
    expect(findPersonNames('Please Register Omar Haddad for Tuesday.')).toContain('Omar Haddad');
  });

  it('still finds two names in a row and no name in a run of non-name words', () => {
    expect(findPersonNames('Karen Whitlock and Omar Haddad')).toEqual(['Karen Whitlock', 'Omar Haddad']);
    expect(findPersonNames('New User Training for the Emergency Shelter')).toEqual([]);
  });
});
