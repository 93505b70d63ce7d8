import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const input = (text: string): IntakeInput => ({ subject: 'Duplicate client', text, attachments: [] });
const decided: Omit<Classification, 'missingInfo'> = {
  route: 'ica_helpdesk', topic: 'merge_request', type: 'question', priority: 'normal', clientIds: ['40111', '40222'],
};
const asksWhichToKeep = (text: string): boolean => findMissingInfo(input(text), decided, rules).includes('correct_record');

describe('correct_record is missing when the sender says they do not know which to keep', () => {
  it('asks which record to keep when the sender does not know', () => {
    expect(asksWhichToKeep('Client ID 40111 and client ID 40222 are the same woman. I don\'t know which one is the right one to keep - can you merge them?')).toBe(true);
    expect(asksWhichToKeep('Client IDs 40111 and 40222 are one man. Not sure which record we should keep; each has part of his history.')).toBe(true);
  });

  it('still takes a record named to keep', () => {
    expect(asksWhichToKeep('Client IDs 40111 and 40222 are the same woman. Please keep 40111, it has her income.')).toBe(false);
  });
});
