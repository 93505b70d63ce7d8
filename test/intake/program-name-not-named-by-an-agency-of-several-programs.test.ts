import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { namesSeveralPrograms, signOffLines } from '../../src/intake/several-programs.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'provider_configuration', type: 'question', priority: 'normal', clientIds: [] };
const ask = (text: string): string[] => findMissingInfo({ subject: 'new service', text, attachments: [] }, decided, rules);

const request = 'Hello,\n\nPlease add a "Bus Pass" service to our rapid re-housing program so staff can record the passes we hand out.\n\n';

describe('program_name when the agency runs several programs', () => {
  it.each([
    ['a sign-off listing three program kinds', 'Thanks,\nMarisol Vega\nLakeview Family Services\nRRH (CoC) | RRH (ESG) | Permanent Supportive Housing'],
    ['a sign-off line too long for a signature', 'Thanks,\nMarisol Vega\nLakeview Mission - emergency shelter, street outreach and the day center'],
    ['a sign-off that counts its programs', 'Marisol Vega\nIntake Lead, Lakeview Family Services\n(we run two access points: north side and downtown)'],
  ])('asks which program after %s', (_, signOff) => {
    expect(ask(`${request}${signOff}`)).toContain('program_name');
  });

  it('keeps the program named when the sign-off names one agency and one program kind', () => {
    expect(ask(`${request}Thanks,\nMarisol Vega\nLakeview Family Services - Rapid Re-Housing`)).not.toContain('program_name');
  });

  it('asks which program when a web form left its Program field empty', () => {
    const form = 'Name: Marisol Vega\nAgency: Lakeview Family Services (Emergency Shelter and Winter Overflow)\nProgram:\nDescription: please add a "Bus Pass" service to the Lakeview Emergency Shelter and its overflow.\n';
    expect(ask(form)).toContain('program_name');
  });

  it('counts the program kinds of one line, each mention once, and reads counts of programs', () => {
    expect(namesSeveralPrograms('RRH (CoC) | RRH (ESG) | PSH')).toBe(true);
    expect(namesSeveralPrograms('Lakeview Family Services - Rapid Re-Housing and Prevention')).toBe(false);
    expect(namesSeveralPrograms('we have three ESG-funded projects')).toBe(true);
    expect(namesSeveralPrograms('two of our clients')).toBe(false);
  });

  it('reads the sign-off above a quoted mail, and a web form\'s Agency field', () => {
    const text = 'Please add the service.\n\nMarisol\nLakeview: RRH, PSH and street outreach\n\n-----Original Message-----\nWe run RRH only.';
    expect(signOffLines(text, '')).toContain('Lakeview: RRH, PSH and street outreach');
    expect(signOffLines(text, '')).not.toContain('We run RRH only');
    expect(signOffLines('Name: Ana\nAgency: Lakeview (RRH, PSH, Outreach)\nDescription: add a service', '')).toContain('Agency: Lakeview');
  });
});
