import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, Topic } from '../../src/intake/types.ts';

// The rules alone: what they read in the mail, whatever a trained model would add.
const rules = loadIntakeRules(undefined, { withModel: false });
const missing = (text: string, topic: Topic, type: Classification['type'] = 'question'): string[] => findMissingInfo(
  { subject: 'Question', text, attachments: [] },
  { route: 'ica_helpdesk', topic, type, priority: 'normal', clientIds: [] }, rules);

describe('a program named by its agency and a kind of program', () => {
  it('takes a prevention, transitional living or drop-in program of a named agency as the program', () => {
    expect(missing('How do we record a utility payment for Lakeview Homeless Prevention?', 'workflow_data_entry')).not.toContain('program_name');
    expect(missing('Referrals to Cedar Point Transitional Living show no Accept button on the Referrals tab.', 'coordinated_entry_config')).not.toContain('program_name');
    expect(missing('Our new Maple Street Youth Drop-in should receive CE referrals on the queue.', 'coordinated_entry_config')).not.toContain('program_name');
  });

  it('takes a named house followed by its kind of program in lower case', () => {
    expect(missing('I enter the guests for Saint Clare\'s House emergency shelter. How do I exit the ones who left?', 'workflow_data_entry')).not.toContain('program_name');
  });

  it('takes a quoted name beside the word shelter or program, or after a colon', () => {
    expect(missing('We run a small family shelter, "Open Porch", and want it in Clarity funded by ESG.', 'new_agency_program')).not.toContain('program_name');
    expect(missing('Our church hosts "Cold Nights," a rotating winter shelter. How do we get it set up?', 'new_agency_program')).not.toContain('program_name');
    expect(missing('Tenemos un nuevo programa de vivienda: "Techo Seguro Norte". ¿Qué necesitan?', 'new_agency_program')).not.toContain('program_name');
  });

  it('still asks when a form field, not a program, ends in Living', () => {
    expect(missing('What do we pick for Prior Living Situation when someone stayed in a motel?', 'workflow_data_entry')).toContain('program_name');
  });
});

describe('a report named in lower case or by its acronym, and where it was run in Spanish', () => {
  it('takes a lower-case roster, program details or bed nights report as the report', () => {
    expect(missing('the program roster is missing half our people, can u check', 'reports', 'issue')).not.toContain('report_name');
    expect(missing('the bed nights by program report shows zero for March since Monday', 'reports', 'issue')).not.toContain('report_name');
  });

  it('takes a System Performance Measure by its acronym as the report', () => {
    expect(missing('Why does SPM Measure 2 count our stayers as returns?', 'reports')).not.toContain('report_name');
  });

  it('takes a Spanish menu path to the report as where it was run', () => {
    expect(missing('El informe "Ingresos por Programa" que corro en Informes > Biblioteca sale vacío.', 'reports')).not.toContain('report_location');
  });

  it('still asks which report when only "the report" is mentioned', () => {
    expect(missing('the report is missing half our people, can u check', 'reports', 'issue')).toContain('report_name');
  });
});
