import { describe, expect, it } from 'vitest';
import { splitSignature } from '../../src/intake/signature.ts';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksProgram = (topic: 'workflow_data_entry' | 'provider_configuration' | 'coordinated_entry_config') =>
  asksFor('program_name', 'Question', { topic, type: 'question' }, { rulesAlone: true });

describe('the sign-off is the sender, not the program the request is about', () => {
  it('reads "Name | Title" as the first line of a sign-off, and a list split by stars as the agency\'s programs', () => {
    const text = 'Could you add "Bus pass given" as a service to our program?\n\nThanks,\nMo\n\nMorgan Price | Housing Lead\nWillow Creek Family Services\nWillow Creek RRH * Elm Row House * Mobile Outreach * Youth Center\n';
    expect(splitSignature(text).body.trim()).toBe('Could you add "Bus pass given" as a service to our program?');
    expect(asksProgram('provider_configuration')(text)).toBe(true);
  });

  it('takes the name and agency written straight under the last sentence as a sign-off', () => {
    const text = 'Hello,\nWhat exit date do we give a guest who stopped coming? The last night he slept here\nor the day we found out?\nTheo Marsh\nRiverbend Day Outreach';
    const split = splitSignature(text);
    expect(split.signature).toBe('Theo Marsh\nRiverbend Day Outreach');
    expect(split.body).toContain('the day we found out?');
    expect(asksProgram('workflow_data_entry')(text)).toBe(true);
  });

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
