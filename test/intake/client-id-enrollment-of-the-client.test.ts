// A part of a client's own record (an enrollment, a household member) written right before a ClientTrack
// value names the client it belongs to: "enrollment PRLT502214" is that client's enrollment. Only named as
// its own number ("enrollment ID", "member #", "enrollment ref") is the value a look-alike.
import { describe } from 'vitest';
import { readsAll } from '../support/client-id-cases.ts';

describe("client IDs: a client's enrollment", () => {
  readsAll([
    ['an enrollment named by its client', 'The open enrollment DFGH502214 comes back after I exit it.', ['DFGH502214']],
    ['a household member', 'Household member TYUI330416 is missing from the intake.', ['TYUI330416']],
    ['an enrollment ID', 'Enrollment ID ENRL250117 shows the wrong entry date.', []],
    ['an enrollment number with a hash', 'Please fix enrollment #ENRL250118 for us.', []],
    ['an enrollment reference', 'The enrollment ref ENRL250119 will not close.', []],
    ['a member number', 'Her member no. MBRS204455 is from the insurer.', []],
    ['a verb after the word is no label', 'Shelter enrollment refused LKJH204418 because of his age.', ['LKJH204418']],
  ]);
});
