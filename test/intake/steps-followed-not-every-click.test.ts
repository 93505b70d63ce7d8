import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'system_error', type: 'issue', priority: 'normal', clientIds: [] };
const ask = (text: string): string[] => findMissingInfo({ subject: 'slow', text, attachments: [] }, decided, { ...rules, itemModels: undefined });

describe('steps_followed and what happens on every action', () => {
  it.each([
    'Since this morning Clarity is very slow on the Services page, every click takes a minute.',
    'Since Monday the Services page rounds the amount for every client we enter.',
  ])('does not take "%s" as steps the sender followed', (text) => {
    expect(ask(text)).toContain('steps_followed');
  });

  it('takes what the sender clicked as steps followed', () => {
    expect(ask('Since this morning the Services page is slow: I click Add Service and it spins for a minute.')).not.toContain('steps_followed');
  });
});
