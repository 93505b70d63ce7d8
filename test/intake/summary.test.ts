import { describe, expect, it } from 'vitest';
import { explainRoute } from '../../src/intake/routes.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { improveSummary } from '../../src/intake/summary.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const c = (over: Partial<Classification>): Classification => ({
  route: 'ica_helpdesk', topic: 'client_record', type: 'issue', priority: 'normal', clientIds: [], missingInfo: [], ...over,
});

describe('improveSummary', () => {
  it.each(["Something's wrong", 'It won\u2019t work', 'help', '', 'Fw:', 'RE: FW:', 'URGENT!!'])('replaces the poor subject %j', (subject) => {
    expect(improveSummary(subject, c({ clientIds: ['AAAA111111'] }), rules)).toBe('Client record needs correcting AAAA111111');
  });

  it('uses the topic alone when no client ID is known', () => {
    expect(improveSummary('help', c({ topic: 'system_error' }), rules)).toBe('Clarity error');
  });

  it('keeps a subject that already says what is wrong', () => {
    expect(improveSummary('Need Org changed AAAA111111', c({}), rules)).toBeNull();
    expect(improveSummary('Re: Reports just spin - never finish', c({ topic: 'system_error' }), rules)).toBeNull();
  });
});

describe('explainRoute', () => {
  it('says who handles work that is not the help desk\'s and nothing for the help desk itself', () => {
    expect(explainRoute('macch')?.explanation).toMatch(/CoC lead/);
    expect(explainRoute('nmis')?.explanation).toMatch(/policies and procedures/);
    expect(explainRoute('vendor_direct')?.explanation).toMatch(/mediator between the users and the vendor/);
    expect(explainRoute('self_service')?.explanation).toMatch(/Help Center/);
    expect(explainRoute('ica_helpdesk')).toBeNull();
  });
});
