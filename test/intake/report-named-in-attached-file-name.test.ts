// A sender who attaches the report's export often names the report and its period only in the file's name:
// that name is part of what was sent, so neither is asked for again.
import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const { itemModels: _models, ...rules } = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'reports', type: 'issue', priority: 'normal', clientIds: [] };
const text = 'The leavers column in the attached export does not add up to the total on the first page.';

function missing(filename?: string): string[] {
  const attachments = filename ? [{ filename, contentType: 'text/csv' }] : [];
  return findMissingInfo({ subject: 'totals do not match', text, attachments }, decided, rules);
}

describe('report name and parameters in an attached file name', () => {
  it('asks for both when nothing names them', () => {
    expect(missing()).toEqual(expect.arrayContaining(['report_name', 'report_parameters']));
    expect(missing('export.csv')).toEqual(expect.arrayContaining(['report_name', 'report_parameters']));
  });

  it('takes a HUD report acronym in the file name as the report', () => {
    expect(missing('HUDX-227_Riverside_Q2.csv')).not.toContain('report_name');
    expect(missing('CAPER_Riverside.csv')).not.toContain('report_name');
  });

  it('takes a date range written year first in the file name as the parameters', () => {
    expect(missing('CAPER_Riverside_2022-07-01_to_2023-06-30.csv')).not.toContain('report_parameters');
    expect(missing('Riverside_2022-07-01_to_2023-06-30.csv')).toContain('report_name');
  });

  it('takes a date range written year first in the text as the parameters', () => {
    const found = findMissingInfo({ subject: 'totals', text: `${text} The range was 2022-07-01 - 2023-06-30.`, attachments: [] }, decided, rules);
    expect(found).not.toContain('report_parameters');
  });
});
