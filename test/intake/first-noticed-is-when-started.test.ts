import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'reports', type: 'issue', priority: 'normal', clientIds: [] };
const ask = (text: string): string[] => findMissingInfo({ subject: 'Services Provided report double counting', text, attachments: [] }, decided, rules);

describe('when the problem was first seen', () => {
  it('takes "first noticed" as when the problem began, as the contract counts when it was seen', () => {
    const text = 'Our Services Provided report shows some clients with the same service twice on the same day.';
    expect(ask(text)).toContain('when_started');
    expect(ask(`${text} We first noticed it in December.`)).not.toContain('when_started');
  });
});
