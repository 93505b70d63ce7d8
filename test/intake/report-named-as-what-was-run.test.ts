import { describe, expect, it } from 'vitest';
import { findMissingInfo, namesReportRun } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'reports', type: 'question', priority: 'normal', clientIds: [] };
const ask = (text: string): string[] => findMissingInfo({ subject: 'how does it count?', text, attachments: [] }, decided, { ...rules, itemModels: undefined });

describe('report_name told as what was run', () => {
  it('takes the capitalised name after "run" as the report', () => {
    expect(ask('When I run Nightly Stays for Cedar Court for 1/1/2025-3/31/2025, is a family counted once or per member?')).not.toContain('report_name');
  });

  it('asks which report when only "the report" was run', () => {
    expect(ask('When I run the report for Cedar Court for 1/1/2025-3/31/2025, is a family counted once or per member?')).toContain('report_name');
  });

  it.each([
    ['When we ran Service Totals, the count was off.', true],
    ['Tried to export\nHi Bitfocus, the file is empty.', false],
    ['I ran Clarity Reports twice.', false],
    ['I ran it twice.', false],
  ])('reads "%s" as naming a report: %s', (text, named) => {
    expect(namesReportRun(text)).toBe(named);
  });
});
