import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksProgram = (topic: 'workflow_data_entry' | 'provider_configuration' | 'coordinated_entry_config') =>
  asksFor('program_name', 'Question', { topic, type: 'question' }, { rulesAlone: true });

describe('a program named in the last sentence', () => {
  it('keeps a program named in the last sentence', () => {
    expect(asksProgram('workflow_data_entry')('Hello,\nHow do we exit a guest who stopped coming to Riverbend Day Outreach?\nTheo Marsh')).toBe(false);
  });
});

describe('a web form\'s table with the Program cell left empty names no program', () => {
  const form = (program: string): string => [
    'Sent from the help page',
    '',
    'Requester     Lee Ortega',
    `Program       ${program}`,
    'Phone         555-0199',
    'Description   Which service type do we pick for a bus pass?',
  ].join('\n');

  it('does not read the empty row\'s label with the next row as a program\'s name', () => {
    expect(asksProgram('workflow_data_entry')(form(''))).toBe(true);
  });

  it('takes the program written in the cell', () => {
    expect(asksProgram('workflow_data_entry')(form('Elm Row House'))).toBe(false);
  });
});

describe('a program named in more ways', () => {
  it('takes the new name a program is renamed to', () => {
    expect(asksProgram('provider_configuration')('Please have "Sun Path Rooms" renamed to "Sun Path Rooms East" before the new grant year.')).toBe(false);
  });

  it('takes a named CE navigation or access program', () => {
    expect(asksProgram('coordinated_entry_config')('Our new navigator cannot see the Community Queue tab in Cedar Falls CE Navigation.')).toBe(false);
  });

  it('does not take a tool of coordinated entry as a program', () => {
    expect(asksProgram('coordinated_entry_config')('The Assessments tab still offers the old form instead of the new Cedar Falls CE Prioritization Tool.')).toBe(true);
  });
});
