import { describe, expect, it } from 'vitest';
import { describeMissingItem, findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/intake/rules.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const rules = loadIntakeRules();
const input = (text: string, attachments: IntakeInput['attachments'] = [], subject = 'Request'): IntakeInput => ({ subject, text, attachments });
const decided = (over: Partial<Classification>): Omit<Classification, 'missingInfo'> => ({
  route: 'ica_helpdesk', topic: 'system_error', type: 'issue', priority: 'normal', clientIds: [], ...over,
});

describe('findMissingInfo', () => {
  it('lists every system-error item for a vague complaint', () => {
    expect(findMissingInfo(input('Clarity keeps giving me an error. Please fix ASAP!\n\nSam'), decided({}), rules))
      .toEqual(['issue_description', 'when_started', 'where_in_system', 'steps_followed']);
  });

  it('finds when, where and steps in a complete report of a problem', () => {
    const text = 'Since yesterday, when I open the Assessments tab and click Save, the page goes blank.';
    expect(findMissingInfo(input(text), decided({}), rules)).toEqual([]);
  });

  it('does not take the date data was entered as when the problem started', () => {
    const text = 'The Street Outreach Contacts report is not showing the contacts our team entered last week. I looked under Reports > Outreach.';
    expect(findMissingInfo(input(text), decided({ topic: 'reports' }), rules)).toEqual(['when_started', 'report_parameters']);
  });

  it('asks for when_started and steps_followed only for issues', () => {
    expect(findMissingInfo(input('Where on the Enrollment screen do we see this?'), decided({ topic: 'system_error', type: 'question' }), rules))
      .not.toContain('when_started');
  });

  it('returns nothing for suggestions and for routes the help desk does not own', () => {
    expect(findMissingInfo(input('help'), decided({ type: 'suggestion' }), rules)).toEqual([]);
    expect(findMissingInfo(input('help'), decided({ route: 'macch' }), rules)).toEqual([]);
    expect(findMissingInfo(input('help'), decided({ route: 'self_service' }), rules)).toEqual([]);
  });

  it('counts an attached licence form but not one that "will follow"', () => {
    const text = 'Please add Kevin Tran to the next New User Training.';
    const training = decided({ topic: 'new_user_training', type: 'question' });
    expect(findMissingInfo(input(text, [{ filename: 'License_Request_KTran.png', contentType: 'image/png' }]), training, rules)).toEqual([]);
    expect(findMissingInfo(input(`${text} His License Request Form will follow.`), training, rules)).toEqual(['license_request_form']);
  });

  it('accepts a merge form attachment instead of the IDs and asks which record to keep otherwise', () => {
    const merge = decided({ topic: 'merge_request', type: 'question' });
    expect(findMissingInfo(input('Form attached.', [{ filename: 'Client_Merge_Request_Form.png', contentType: 'image/png' }]), merge, rules)).toEqual([]);
    expect(findMissingInfo(input('TRNR551028 and TRNR551082 are the same man.'), { ...merge, clientIds: ['TRNR551028', 'TRNR551082'] }, rules))
      .toEqual(['correct_record']);
  });

  it('asks for away dates only on time-away lock requests', () => {
    const login = decided({ topic: 'login_password_account', type: 'question' });
    expect(findMissingInfo(input("I'll be on vacation soon, please lock my account while I'm gone."), login, rules)).toEqual(['away_dates']);
    expect(findMissingInfo(input('I will be out of the office 12/20 - 1/6, please lock my account.'), login, rules)).toEqual([]);
    expect(findMissingInfo(input('I forgot my password and the reset email never arrives.'), login, rules)).toEqual([]);
  });

  it('words each question from the rules file', () => {
    expect(describeMissingItem('when_started', rules)).toMatch(/when did the issue start/i);
    expect(describeMissingItem('client_id', rules)).toMatch(/Client ID/);
    expect(describeMissingItem('no_such_item', rules)).toBe('no_such_item');
  });
});

describe('findMissingInfo: time and step wording beyond the usual cue words', () => {
  const whenAndSteps = (text: string) => findMissingInfo(input(text), decided({}), rules).filter((i) => i === 'when_started' || i === 'steps_followed');

  it('takes a weekday, "first noticed" or a month and day as when the problem began', () => {
    expect(whenAndSteps('I first noticed it Monday. On the Services tab I clicked Save and it failed.')).toEqual([]);
    expect(whenAndSteps('It began failing on the Services tab around January 14. I clicked Save twice.')).toEqual([]);
    expect(whenAndSteps('Lo vimos el martes en la pestaña de Servicios; intenté guardar y no se pudo.')).toEqual([]);
  });

  it('takes first-person past actions ("I logged out and cleared my cache") as steps followed', () => {
    expect(whenAndSteps('Since this morning the Services tab fails. I logged out and back in and cleared my cache.')).toEqual([]);
    expect(whenAndSteps('Since this morning the Services tab fails whenever I hit Save.')).toEqual([]);
  });

  it('still asks when nothing says when or what was done', () => {
    expect(whenAndSteps('The Services tab shows an error message for every client.')).toEqual(['when_started', 'steps_followed']);
  });
});

describe('missing-info presence follows the README definitions, not fixed phrases (English and Spanish)', () => {
  const cases: [string, Classification['topic'], string, boolean][] = [
    ['when_started', 'system_error', 'The Intake tab goes blank when I click Save. It has done this since 2/3.', true],
    ['when_started', 'system_error', 'The Intake tab goes blank when I click Save. First saw it around 3 pm.', true],
    ['when_started', 'system_error', 'The Intake tab goes blank when I click Save, it was fine until the weekend.', true],
    ['when_started', 'system_error', 'The Intake tab goes blank when I click Save. It started happening after the holiday break.', true],
    ['when_started', 'system_error', 'Desde el viernes la pestana de Inscripcion se queda en blanco cuando le doy guardar.', true],
    ['when_started', 'system_error', 'La pestana de Inscripcion se queda en blanco cuando le doy guardar, empezo hace dos dias.', true],
    ['when_started', 'system_error', 'The Intake tab goes blank when I click Save. This has been happening for two days now.', true],
    ['when_started', 'system_error', 'The Intake tab goes blank when I click Save. It was ok on the 14th.', true],
    ['when_started', 'system_error', 'The Intake tab goes blank when I click Save on every client.', false],
    ['when_started', 'system_error', 'The client was entered on 2/3 and now the Intake tab goes blank when I click Save.', false],
    ['where_in_system', 'system_error', 'Since Monday I get a 500 error when I click Save on the Current Living Situation assessment.', true],
    ['where_in_system', 'system_error', 'Since Monday I get an error on the Services screen after I add a service.', true],
    ['where_in_system', 'system_error', 'Since Monday I get an error in the Referrals section.', true],
    ['where_in_system', 'system_error', 'Since Monday the Save button does nothing.', true],
    ['where_in_system', 'system_error', 'Desde el lunes sale un error en la pantalla de Servicios.', true],
    ['where_in_system', 'system_error', 'Since Monday everything is really slow, I tried restarting.', false],
    ['steps_followed', 'system_error', 'Since Monday: open the client, go to Services, add a service, Save -> error on the Services screen.', true],
    ['steps_followed', 'system_error', 'Since Monday I get an error on the Services screen after adding a service and saving.', true],
    ['steps_followed', 'system_error', 'Since Monday I get an error on the Services screen. Steps: 1. open client 2. Services tab 3. Add Service.', true],
    ['steps_followed', 'system_error', 'Desde el lunes, abri el perfil, fui a Servicios, agregue un servicio y al guardar sale error en la pantalla.', true],
    ['steps_followed', 'system_error', 'Since Monday there is an error on the Services screen.', false],
    ['steps_followed', 'system_error', 'Since Monday there is an error on the Services screen, I noticed it during bed checks.', false],
    ['report_parameters', 'reports', 'The [HUDX-225] Data Quality report under Reports > HUD Reports is wrong for 10/1/24-12/31/24.', true],
    ['report_parameters', 'reports', 'The [HUDX-225] Data Quality report under Reports > HUD Reports is wrong when run for Oct 1 through Dec 31.', true],
    ['report_parameters', 'reports', 'The [HUDX-225] Data Quality report under Reports > HUD Reports is wrong for the October-December quarter.', true],
    ['report_parameters', 'reports', 'The [HUDX-225] Data Quality report under Reports > HUD Reports is wrong for our shelter program.', false],
    ['report_parameters', 'reports', 'El reporte [HUDX-225] en Reportes > HUD esta mal del 1 de octubre al 31 de diciembre.', true],
    ['report_parameters', 'reports', 'The [HUDX-225] Data Quality report under Reports > HUD Reports is wrong for 2024.', true],
    ['reporting_period', 'data_quality', 'Our "Maple Court PSH" program has missing income at entry for all of 2024.', true],
    ['reporting_period', 'data_quality', 'Our "Maple Court PSH" program has missing income at entry since October 1.', true],
    ['reporting_period', 'data_quality', 'Our "Maple Court PSH" program has missing income for the current operating year.', true],
    ['reporting_period', 'data_quality', 'Nuestro programa "Maple Court PSH" tiene ingresos faltantes del 1 de octubre al 31 de diciembre.', true],
    ['reporting_period', 'data_quality', 'Our "Maple Court PSH" program has missing income at entry for lots of clients.', false],
  ];
  it.each(cases)('%s on %s: "%s" present=%s', (item, topic, text, present) => {
    const missing = findMissingInfo(input(text), decided({ topic }), rules);
    expect(!missing.includes(item)).toBe(present);
  });
});
