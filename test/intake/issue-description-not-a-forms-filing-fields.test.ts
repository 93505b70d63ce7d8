import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { writtenInForm } from '../../src/intake/web-form.ts';
import type { Classification } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const decided: Omit<Classification, 'missingInfo'> = { route: 'ica_helpdesk', topic: 'workflow_data_entry', type: 'question', priority: 'normal', clientIds: [] };
const ask = (subject: string, text: string): string[] => findMissingInfo({ subject, text, attachments: [] }, decided, rules);

const form = (description: string): string => [
  'A new help desk request was submitted on the help page.', '',
  'Name: Darnell Price', 'Agency: Cedar Ridge Community Kitchen', 'Email: dprice@cedarridge.example.org', 'Phone: 402-555-0177',
  'Category: Workflow / data entry', 'Program: Cedar Ridge Meal Program', `Description: ${description}`, 'Attachments: none', '',
  'This message was generated automatically. Reply to contact the submitter.',
].join('\n');

describe('issue_description in a web form', () => {
  it('does not take the fields that say who filed the form, its notice or its subject as what is wrong', () => {
    expect(ask('[Web form] Workflow / data entry - Cedar Ridge Community Kitchen', form('got a question about entering things, call me'))).toContain('issue_description');
  });

  it('takes a concrete description in the form as what is wrong', () => {
    expect(ask('[Web form] Workflow / data entry', form('the meal service will not save for guests without a date of birth'))).not.toContain('issue_description');
  });

  it('reads what the sender wrote in the own fields, carried over the lines below', () => {
    expect(writtenInForm('Name: Ana\nEmail: a@example.org\nSteps already tried: logged out\nand back in\n\nThanks')).toBe('logged out\nand back in');
  });

  it('reads a mail with a labelled block but no sender field as a mail, not a form', () => {
    expect(writtenInForm('I ran it yesterday.\n\nReport: APR\nProgram: Cedar Ridge PSH\nDates: 10/1/2023 - 9/30/2024')).toBeNull();
  });
});

describe('issue_description said vaguely', () => {
  it('does not take "the data is wrong" for a program and a quarter as what is wrong', () => {
    expect(ask('Datos del programa', 'Hola, los datos del programa Casa Sol RRH del tercer trimestre del año fiscal están mal. ¿Nos pueden ayudar?')).toContain('issue_description');
  });

  it('does not take "I have a problem, call me at 555-0123" as what is wrong', () => {
    expect(ask('Tengo un problema', 'Hola, tengo un problema con el sistema. Llámenme al 555-0123 cuando puedan.')).toContain('issue_description');
  });

  it('takes what is wrong with the program and quarter as a description', () => {
    expect(ask('Datos del programa', 'Hola, en el programa Casa Sol RRH del tercer trimestre faltan las fechas de salida de nueve adultos.')).not.toContain('issue_description');
  });
});
