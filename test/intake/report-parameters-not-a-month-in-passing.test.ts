import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { hasPeriod } from '../../src/intake/dates.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'reports', type: 'issue', priority: 'normal', clientIds: [] };
const ask = (text: string): string[] => findMissingInfo({ subject: 'Program Roster shows exited clients', text, attachments: [] }, decided, { ...rules, itemModels: undefined });

describe('report_parameters and months told in passing', () => {
  it.each([
    'Since the March release the Program Roster (Reports > Report Library > Program Reports) lists clients who exited in January as active.',
    'Since last week the Program Roster (Reports > Report Library > Agency Reports) leaves out clients with services this month.',
  ])('asks for the parameters when a month only says when something happened: %s', (text) => {
    expect(ask(text)).toContain('report_parameters');
  });

  it('takes a range or a quarter the report was run for as its parameters', () => {
    expect(ask('The Program Roster (Reports > Report Library) for 10/1/2024 - 12/31/2024 lists exited clients since Monday.')).not.toContain('report_parameters');
    expect(ask('The Program Roster (Reports > Report Library) for Q2 lists exited clients since Monday.')).not.toContain('report_parameters');
  });

  it('still reads a month as a reporting period of data', () => {
    expect(hasPeriod('our numbers for clients served in March look low')).toBe(true);
    expect(hasPeriod('our numbers for clients served in March look low', true)).toBe(false);
  });
});
