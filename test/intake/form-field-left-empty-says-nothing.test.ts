import { describe, expect, it } from 'vitest';
import { withoutEmptyFormFields } from '../../src/intake/context.ts';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksSteps = asksFor('steps_followed', 'Web request', { topic: 'system_error', type: 'issue' }, { rulesAlone: true });

const form = (steps: string): string => [
  'Request submitted from the help desk page',
  '',
  'Category:        System error',
  'Description:     The Case Notes screen shows a blank page for the',
  '                 whole office since Monday morning.',
  `Steps taken:     ${steps}`,
  'Client ID(s):    n/a',
].join('\n');

describe('a web form field left empty says nothing', () => {
  it('does not take an empty "Steps taken:" label, or one saying n/a or none, as steps', () => {
    expect(asksSteps(form(''))).toBe(true);
    expect(asksSteps(form('n/a'))).toBe(true);
    expect(asksSteps(form('None'))).toBe(true);
  });

  it('takes the steps written in the field', () => {
    expect(asksSteps(form('Cleared the cache, tried Edge'))).toBe(false);
  });

  it('keeps a label whose value is on the lines below, and one that ends the form', () => {
    expect(withoutEmptyFormFields('Steps taken:\n1. Opened the profile\nWhere: Profile')).toBe('Steps taken:\n1. Opened the profile\nWhere: Profile');
    expect(withoutEmptyFormFields('Summary: blank page\nSteps taken:\nWhere: Case Notes\nClient ID: -')).toBe('Summary: blank page\nWhere: Case Notes');
  });
});

describe('steps_followed: being logged out is what went wrong, logging out and back in is a step', () => {
  it('does not take being logged out as a step', () => {
    expect(asksSteps('Since Tuesday all of us get logged out of the Case Notes screen every five minutes.')).toBe(true);
  });

  it('takes logging out and back in as a step', () => {
    expect(asksSteps('Since Tuesday the Case Notes screen is blank. I logged out and back in.')).toBe(false);
    expect(asksSteps('Since Tuesday the Case Notes screen is blank, even after we log back in.')).toBe(false);
  });
});

describe('a web form field for an item left empty: the item is missing, whatever the description seems to say', () => {
  const asksOf = (item: string) => asksFor(item, 'Web request', { topic: 'client_record', type: 'issue' }, { rulesAlone: true });
  const webForm = (when: string, where: string): string => [
    'Summary: cannot open the client\'s housing assessment',
    'Description: When I try to open his assessment I get "Access denied". He has been on my caseload since his intake.',
    `When did this start?: ${when}`,
    `Where in Clarity: ${where}`,
    'Name: Lee Moreno',
  ].join('\n');

  it('asks when it started and where, though the description has "since his intake" and "caseload"', () => {
    expect(asksOf('when_started')(webForm('', ''))).toBe(true);
    expect(asksOf('where_in_system')(webForm('', ''))).toBe(true);
  });

  it('takes them once the fields are filled in', () => {
    expect(asksOf('when_started')(webForm('this Monday', 'Assessments tab'))).toBe(false);
    expect(asksOf('where_in_system')(webForm('this Monday', 'Assessments tab'))).toBe(false);
  });

  it('reads a Spanish question label ("¿Cuándo empezó?:") left empty the same way', () => {
    const spanish = 'Descripción: el reporte sale vacío desde ayer para todos los clientes.\n¿Cuándo empezó?:\nNombre: Lee Moreno';
    expect(asksOf('when_started')(spanish)).toBe(true);
  });
});

describe('a web form sent as an HTML table: one row a line, its cells apart', () => {
  const htmlForm = (steps: string): string => [
    'Request submitted from the help desk page',
    '',
    'Category: | System error',
    'Description: | The Case Notes screen shows a blank page for the whole office since Monday morning.',
    `Steps taken: | ${steps}`.trimEnd(),
    'Client ID(s): | n/a',
  ].join('\n');

  it('does not take an empty "Steps taken:" cell, or one saying n/a, as steps; takes steps written in it', () => {
    expect(asksSteps(htmlForm(''))).toBe(true);
    expect(asksSteps(htmlForm('n/a'))).toBe(true);
    expect(asksSteps(htmlForm('Cleared the cache, tried Edge'))).toBe(false);
  });

  it('drops a field left empty whose label has no colon ("Program |"), and keeps one filled in', () => {
    expect(withoutEmptyFormFields('Category | Configuration\nProgram |\nSubject | Add a service')).toBe('Category | Configuration\nSubject | Add a service');
    expect(withoutEmptyFormFields('Program | Rapid Rehousing\nSubject | Add a service')).toBe('Program | Rapid Rehousing\nSubject | Add a service');
  });
});
