import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'coordinated_entry_config', type: 'question', priority: 'normal', clientIds: [] };
const ask = (text: string): string[] => findMissingInfo({ subject: 'new program', text, attachments: [] }, decided, { ...rules, itemModels: undefined });

describe('where_in_system and a destination list', () => {
  it('takes the referral destination list as where in the system', () => {
    expect(ask('Cedar Court PSH opened in May but it is not in the referral destination list when assessors refer, so nobody can choose it. Please add it.')).not.toContain('where_in_system');
  });

  it('asks where when no screen or list is named', () => {
    expect(ask('Cedar Court PSH opened in May but assessors cannot refer anyone to it yet. Please add it.')).toContain('where_in_system');
  });
});
