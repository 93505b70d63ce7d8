// Tables of made-up requests for the client-ID stage: one test per row, named by its first cell, each
// checking the client IDs read from its text (or, with another reader, from a CSV).
import { expect, it } from 'vitest';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

export type ClientIdCase = [name: string, input: string, expected: string[]];

const rules = loadIntakeRules().clientIds;

/** The client IDs of a request with no subject. */
export const idsOfText = (text: string): string[] => extractClientIds({ subject: '', text }, rules);

export function readsAll(cases: ClientIdCase[], read: (input: string) => string[] = idsOfText): void {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(read(input)).toEqual(expected);
  });
}
