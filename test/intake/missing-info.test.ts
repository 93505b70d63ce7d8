import { describe, expect, it } from 'vitest';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { itemsToAsk } from '../../src/inbound/assess-intake.ts';
import { describeMissingItem, findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
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

  it('takes failing or denied actions as the problem, not as steps followed', () => {
    const where = 'on the Programs tab since Monday';
    expect(findMissingInfo(input(`I can't edit the enrollment ${where}.`), decided({ topic: 'client_record', clientIds: ['ABCD123456'] }), rules)).toContain('steps_followed');
    expect(findMissingInfo(input(`The move-in date keeps clearing out ${where}.`), decided({ topic: 'client_record', clientIds: ['ABCD123456'] }), rules)).toContain('steps_followed');
    expect(findMissingInfo(input(`Deleting and re-creating the schedule ${where} did nothing; the report is blank.`), decided({}), rules)).not.toContain('steps_followed');
  });

  it('does not take a date range (a reporting period) as when the problem started', () => {
    const text = 'The "Returns" look in Data Analysis fails: I pick Jan 1 2024 - Dec 31 2024 and click Run, and it says "Query timed out."';
    expect(findMissingInfo(input(text), decided({}), rules)).toContain('when_started');
    expect(findMissingInfo(input(`Since this morning, ${text}`), decided({}), rules)).not.toContain('when_started');
  });

  it('asks only what the runner-up topic would also ask when the topic is doubtful', () => {
    const doubt = (probability: number, runnerUp: string) => ({ probability, runnerUp, runnerUpProbability: 1 - probability });
    const vague = input('Clarity keeps giving me an error. Please fix ASAP!');
    expect(findMissingInfo(vague, decided({ topic: 'system_error', confidence: { topic: doubt(0.45, 'client_record') } }), rules))
      .toEqual(['issue_description', 'when_started', 'where_in_system', 'steps_followed']);
    expect(findMissingInfo(vague, decided({ topic: 'system_error', confidence: { topic: doubt(0.45, 'reports') } }), rules))
      .toEqual(['issue_description', 'when_started']);
    expect(findMissingInfo(vague, decided({ topic: 'system_error', confidence: { topic: doubt(0.9, 'reports') } }), rules))
      .toEqual(['issue_description', 'when_started', 'where_in_system', 'steps_followed']);
  });

  it('asks nothing that applies to issues only when the model doubts it is an issue', () => {
    const vague = input('Clarity keeps giving me an error. Please fix ASAP!');
    const type = { probability: 0.55, runnerUp: 'question', runnerUpProbability: 0.45 };
    expect(findMissingInfo(vague, decided({ confidence: { type } }), rules)).toEqual(['issue_description', 'where_in_system']);
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

  it('takes no forwarded Date: field, birth year or "showing as" value for when the problem began', () => {
    const forwarded = '---------- Forwarded message --------- From: Kai <k@example.org> Date: Mon, Jan 13, 2025 at 2:41 PM '
      + 'Subject: DOB wrong\n\nHis DOB shows wrong on the profile. I tried to edit it but the field is locked.';
    expect(whenAndSteps(forwarded)).toEqual(['when_started']);
    expect(whenAndSteps('His date of birth is showing as 01/01/1899 on the profile. I clicked Edit and it is greyed out.'))
      .toEqual(['when_started']);
    expect(whenAndSteps('Since Monday his DOB 06/02/1951 is gone from the profile. I clicked Edit and it is greyed out.')).toEqual([]);
  });

  it('takes no denied action ("none of us entered", "anything not saved") for steps followed', () => {
    expect(whenAndSteps('Since Monday the enrollment shows an exit none of us entered.')).toEqual(['steps_followed']);
    expect(whenAndSteps('Since this morning we are logged off every five minutes and anything not saved is lost.'))
      .toEqual(['steps_followed']);
    expect(whenAndSteps('Since Monday the enrollment shows an exit. I entered the exit date again and saved.')).toEqual([]);
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
    ['when_started', 'client_record', 'The Intake tab goes blank when I click Save. If she cannot move in Friday she loses the unit.', false],
    ['when_started', 'client_record', 'The Intake tab goes blank when I click Save. The pantry closes at noon today.', false],
    ['when_started', 'client_record', 'La pestana de Inscripcion se queda en blanco. Les escribo desde el centro de dia.', false],
    ['when_started', 'client_record', 'La pestana de Inscripcion no aparece desde las 10, si no la arreglan hoy pierde la cama.', true],
    ['when_started', 'client_record', 'Necesitamos ayuda. Desde esta manana la pestana de Inscripcion se queda en blanco.', true],
    ['when_started', 'client_record', 'The enrollment shows an exit dated 11/30/2024 and the Programs tab hides it.', false],
    ['issue_description', 'data_quality', 'Our data quality is terrible and our director wants it fixed. Can someone help us?', false],
    ['issue_description', 'reports', 'The numbers on our report look off. Can someone take a look?', false],
    ['issue_description', 'data_quality', 'Our shelter is missing exit destinations for most leavers.', true],
    ['issue_description', 'data_quality', 'Our winter intake count is really bad. Can u help?', false],
    ['issue_description', 'reports', 'The served by zip code report doesnt look right. Can someone call me?', false],
    ['issue_description', 'workflow_data_entry', 'Can somebody call me about the VASH voucher rules, it is so confusing.', false],
    ['program_name', 'workflow_data_entry', 'How do we enter a minor as head of household? Which program we use for her is not decided.', false],
    ['program_name', 'hud_report_submission', 'What do you need from us for the ESG CAPER this year?', false],
    ['program_name', 'workflow_data_entry', 'In Northfork Host Homes, do I record each night with a host family as a service?', true],
    ['program_name', 'workflow_data_entry', 'How do we enter someone in our cedar bluff pantry services only program who gives no name?', true],
    ['program_name', 'new_agency_program', 'We run a 20-bed program we would call "Winter Overflow". How do we set it up?', true],
    ['program_name', 'data_quality', 'About 38% of leavers at Keystone Rapid Re-Housing have no exit destination for FY2024.', true],
    ['program_name', 'workflow_data_entry', 'How do we record a walk-in who will not give a name for a food box?', false],
    ['change_requested', 'provider_configuration', 'We need some changes made to our "Maple Court PSH" program before the grant year.', false],
    ['change_requested', 'provider_configuration', 'We need to update the services on our Sandhills RRH program. Who do I talk to?', false],
    ['change_requested', 'provider_configuration', 'Necesitamos actualizar el programa Camino Nuevo para el nuevo ano.', false],
    ['change_requested', 'provider_configuration', 'Please change the program\'s visibility so nothing is shared outside our agency.', true],
    ['change_requested', 'provider_configuration', 'Queremos que agreguen un servicio "Entrega de panales" al programa Casa Norte.', true],
    ['change_requested', 'provider_configuration', 'How do we set up a second room type in our Meadowlark Shelter bed inventory?', true],
    ['reporting_period', 'hud_report_submission', 'What do you need from us to submit the APR for our Maple Court PSH this year?', false],
    ['report_name', 'reports', 'The numbers on our report look off since Monday. Can someone take a look?', false],
    ['report_name', 'reports', 'The numbers on our Client Served report look off since Monday.', true],
    ['reporting_period', 'hud_report_submission', 'What do you need from us to submit the APR for our Maple Court PSH for FY2024?', true],
    ['steps_followed', 'client_record', 'Since Monday he shows an open enrollment at Harbor ES on the Programs tab.', false],
    ['steps_followed', 'system_error', 'Since Monday we are logged off on the Services tab in the middle of whatever we are typing.', false],
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

describe('missing-info presence for IDs, names, accounts, dates, forms and steps', () => {
  const cases: [string, Classification['topic'], Classification['type'], string, boolean, string[]?][] = [
    ['correct_record', 'merge_request', 'question', 'Please merge client ID 12345 and client ID 12399. The one with the 2019 enrollment is right.', true],
    ['correct_record', 'merge_request', 'question', 'Please merge client ID 12345 and client ID 12399. 12345 has her correct SSN and DOB.', true],
    ['correct_record', 'merge_request', 'question', 'Please merge client ID 12345 and client ID 12399; fold 12399 into 12345.', true],
    ['correct_record', 'merge_request', 'question', 'Por favor unir ID del cliente 12345 y ID del cliente 12399, el bueno es 12345.', true],
    ['correct_record', 'merge_request', 'question', 'Please merge client ID 12345 and client ID 12399, they are the same man.', false],
    ['correct_record', 'merge_request', 'question', 'Client ID 12345 and client ID 12399 are one man. Not sure which one is right.', false],
    ['correct_record', 'merge_request', 'question', 'Unan ID del cliente 12345 y 12399 y dejen el 12345, que tiene la fecha de nacimiento correcta.', true],
    ['duplicate_client_ids', 'merge_request', 'question', 'The screenshot shows the same man twice; please merge, keep the older one.', false, ['duplicates_search.png']],
    ['duplicate_client_ids', 'merge_request', 'question', 'Our merge form is attached; keep the older one.', true, ['Client_Merge_Request_Form.pdf']],
    ['trainee_name', 'new_user_training', 'question', 'Please register our new advocate, Dana O\'Neil, for New User Training. Form attached.', true],
    ['trainee_name', 'new_user_training', 'question', 'Please register our new advocate Dana for New User Training. Form attached.', false],
    ['trainee_name', 'security_training', 'question', 'I need to redo my annual security training before Friday.', true],
    ['trainee_name', 'security_training', 'question', 'Our staff need the annual security training, when is the next one?', false],
    ['user_account', 'login_password_account', 'question', 'Please reset the password for jlopez (Jamie Lopez).', true],
    ['user_account', 'login_password_account', 'question', 'Please deactivate the account of our former intern, she left last week.', false],
    ['user_account', 'login_password_account', 'issue', 'I keep getting locked out after the 2FA code.', true],
    ['user_account', 'login_password_account', 'issue', 'tried the reset link 3x, says account locked. please unlock.', true],
    ['user_account', 'login_password_account', 'issue', 'forgot pw, cant get in. user jbeck. can u reset', true],
    ['user_account', 'login_password_account', 'issue', 'One of my case managers got locked out over the weekend. Can you unlock her?', false],
    ['user_account', 'login_password_account', 'issue', 'Two of our outreach workers were let go. Please deactivate their Clarity logins.', false],
    ['user_account', 'login_password_account', 'issue', 'Tres de mis companeras no pueden entrar. Yo si puedo entrar con mi usuario.', false],
    ['reporting_period', 'hud_report_submission', 'question', 'In the PIT 2025 our sheltered count came out 12 short. What do you need from us?', true],
    ['reporting_period', 'hud_report_submission', 'question', 'In the PIT our sheltered count came out 12 short. What do you need from us?', false],
    ['away_dates', 'login_password_account', 'question', 'I will be on medical leave from March 3 to April 14, please lock my account.', true],
    ['away_dates', 'login_password_account', 'question', 'I will be on medical leave 3/3-4/14, please lock my account.', true],
    ['away_dates', 'login_password_account', 'question', 'I will be on vacation the first two weeks of December, please lock my account.', true],
    ['away_dates', 'login_password_account', 'question', 'Estare de vacaciones del 3 al 17 de marzo, por favor bloqueen mi cuenta.', true],
    ['away_dates', 'login_password_account', 'question', 'I will be on vacation soon, please lock my account.', false],
    ['program_name', 'workflow_data_entry', 'question', 'In our Rapid Rehousing program at Hope Harbor, how do we record a rent payment?', true],
    ['program_name', 'workflow_data_entry', 'question', 'For the Eastside Youth Shelter, how do we record a rent payment?', true],
    ['program_name', 'workflow_data_entry', 'question', 'How do we record a rent payment for a client?', false],
    ['license_request_form', 'new_user_training', 'question', 'Please train Dana Olsen. Her License Request Form is attached.', true, ['LRF_Olsen.pdf']],
    ['license_request_form', 'new_user_training', 'question', 'Please train Dana Olsen. I will send her License Request Form tomorrow.', false],
    ['client_id', 'client_record', 'issue', 'Since Monday the Household tab for ABCD123456 shows the wrong head of household when I open it.', true],
    ['client_id', 'client_record', 'issue', 'Since Monday the Household tab for Jane Doe (DOB 1/2/1980) shows the wrong head when I open it.', false],
    ['report_location', 'reports', 'question', 'What does the Program Roster count? I ran it in Data Analysis for Q1.', true],
    ['report_location', 'reports', 'question', 'What does the Program Roster count? I ran it from the Reports page for Q1.', true],
    ['report_location', 'reports', 'question', 'What does the Program Roster count? I ran it for Q1.', false],
    ['issue_description', 'other', 'question', 'I have a question, please call me at 555-0134.', false],
    ['issue_description', 'other', 'question', 'Can you send our agency a copy of the signed HMIS participation agreement?', true],
    // Lists of people, forms named in Spanish, leave without an end, symptoms that are no steps.
    ['trainee_name', 'security_training', 'question', 'These two were suspended:\n\n- Maria Lopez\n- Tom Becker\n\nHow do they retake the training?', true],
    ['trainee_name', 'new_user_training', 'question', 'Please enroll our new hires:\n\n1. Ana Ruiz\n2. Peter Nolan\n\nForms attached.', true, ['LRF.pdf']],
    ['trainee_name', 'security_training', 'question', 'Two of our staff were suspended. How do they retake the training?\n\nThanks,\nMaria Lopez', false],
    ['license_request_form', 'new_user_training', 'question', 'Adjunto el formulario para Ana Ruiz, nueva trabajadora.', true, ['formulario_licencia_ruiz.pdf']],
    ['license_request_form', 'new_user_training', 'question', 'Adjunto la foto de su credencial para Ana Ruiz.', false, ['credencial.jpg']],
    ['away_dates', 'login_password_account', 'question', 'I go on leave starting April 2. Please lock my account while I am away.', false],
    ['away_dates', 'login_password_account', 'question', 'I go on leave from April 2 until May 12. Please lock my account while I am away.', true],
    ['away_dates', 'login_password_account', 'question', 'Voy a estar fuera un tiempo por una operacion, me bloquean la cuenta?', false],
    ['steps_followed', 'system_error', 'issue', 'Since Monday the client search returns no results for anyone on our team.', false],
    ['steps_followed', 'system_error', 'issue', 'Desde el lunes la busqueda de clientes no da resultados. Les escribo para que esten enterados.', false],
    ['steps_followed', 'system_error', 'issue', 'Since Monday I searched for three clients by last name and got no results.', true],
  ];
  it.each(cases)('%s on %s/%s: "%s" present=%s', (item, topic, type, text, present, files = []) => {
    const mail = input(text, files.map((filename) => ({ filename, contentType: 'application/pdf' })));
    const clientIds = extractClientIds(mail, rules.clientIds);
    const missing = findMissingInfo(mail, decided({ topic, type, clientIds }), rules);
    expect(!missing.includes(item)).toBe(present);
  });
});

describe('missing-info presence is not taken from dates of something else or from vague wording', () => {
  const cases: [string, Classification['topic'], Classification['type'], string, boolean][] = [
    ['when_started', 'client_record', 'issue', 'Client ID 44120: her move-in date was March 3 but the Enrollment tab shows March 30 when I open it.', false],
    ['when_started', 'client_record', 'issue', 'Client ID 44120: his DOB is 4/5/1990 but the profile shows 5/4/1990 after I saved it.', false],
    ['when_started', 'client_record', 'issue', 'Client ID 44120 was exited on 1/15 by mistake; I opened the Exit screen and it will not let me delete it.', false],
    ['when_started', 'system_error', 'issue', 'When I click Save on the Services tab I get an error. It happened again this afternoon.', true],
    ['where_in_system', 'system_error', 'issue', 'Since Monday Clarity gives me an error whenever I try to save anything.', false],
    ['where_in_system', 'system_error', 'issue', 'Since Monday Clarity is slow, I tried Chrome, Edge and Firefox.', false],
    ['steps_followed', 'system_error', 'issue', 'Since Monday the Services tab shows an error for clients in shelter, outreach, and RRH.', false],
    ['steps_followed', 'system_error', 'issue', 'Since Monday the Services tab shows an error. Please call me, thanks.', false],
    ['steps_followed', 'system_error', 'issue', 'Since Monday the Services tab errors out when I try to add a bus pass.', true],
    ['report_parameters', 'reports', 'issue', 'Since this morning the [HUDX-225] report under Reports > HUD Reports shows clients from 2019 in Q6.', false],
  ];
  it.each(cases)('%s on %s/%s: "%s" present=%s', (item, topic, type, text, present) => {
    const clientIds = /client id/i.test(text) ? ['44120'] : [];
    const missing = findMissingInfo(input(text), decided({ topic, type, clientIds }), rules);
    expect(!missing.includes(item)).toBe(present);
  });
});

describe('missing-info presence of programs, reports, funding and a concrete description', () => {
  const cases: [string, Classification['topic'], Classification['type'], string, boolean][] = [
    ['program_name', 'workflow_data_entry', 'question', 'How do we record rent payments in Hope Harbor Rapid Rehousing?', true],
    ['program_name', 'workflow_data_entry', 'question', 'How do we record rent payments in our Hope Harbor rapid rehousing program?', true],
    ['program_name', 'data_quality', 'question', 'Why are so many exit destinations blank in Northside Emergency Shelter for Q4?', true],
    ['program_name', 'data_quality', 'question', 'Our shelter has lots of blank destinations for Q4, how do we fix them?', false],
    ['program_name', 'provider_configuration', 'question', 'Please raise the bed count on Eastside Family Shelter from 40 to 46.', true],
    ['program_name', 'provider_configuration', 'question', 'Please raise the bed count on the Eastside family program from 40 to 46.', false],
    ['program_name', 'coordinated_entry_config', 'issue', 'On the CE Assessment screen at the Northside Access Point the score field is blank since Monday.', true],
    ['program_name', 'hud_report_submission', 'question', 'We need to resubmit the CAPER for our ESG Street Outreach program for FY2024.', true],
    ['report_name', 'reports', 'issue', 'Since Monday the Clients Served export under Reports > Report Library is wrong for Q1.', true],
    ['report_name', 'reports', 'issue', 'Since Monday the HUD-225 data quality under Reports > Report Library is wrong for Q1.', true],
    ['report_name', 'reports', 'issue', 'Since Monday the report under Reports > Report Library is wrong for Q1.', false],
    ['report_name', 'hud_report_submission', 'question', 'We need to resubmit our Annual Performance Report for "Harbor TH" for FY2024.', true],
    ['issue_description', 'other', 'question', 'Something is wrong, please help.', false],
    ['issue_description', 'system_error', 'issue', 'Clarity is broken again, please fix.', false],
    ['issue_description', 'system_error', 'issue', 'Every time I open a client the page shows a red "500 Internal Error" banner.', true],
    ['funding_source', 'new_agency_program', 'question', 'We are opening "Oak Street PSH" in June with money from the county and the state.', true],
    ['funding_source', 'new_agency_program', 'question', 'We are opening "Oak Street PSH" in June, paid for by HUD CoC.', true],
    ['funding_source', 'new_agency_program', 'question', 'We are opening "Oak Street PSH" in June.', false],
  ];
  it.each(cases)('%s on %s/%s: "%s" present=%s', (item, topic, type, text, present) => {
    const missing = findMissingInfo(input(text), decided({ topic, type }), rules);
    expect(!missing.includes(item)).toBe(present);
  });
});

describe('missing-info when the route or topic is in doubt', () => {
  const doubt = (probability: number, runnerUp: string) => ({ probability, runnerUp, runnerUpProbability: 1 - probability });
  const vague = input('Clarity keeps giving me an error. Please fix ASAP!');

  it('asks nothing when the route may well belong to someone who does not ask (MACCH, NMIS, an article)', () => {
    expect(findMissingInfo(vague, decided({ confidence: { route: doubt(0.52, 'macch') } }), rules)).toEqual([]);
    expect(findMissingInfo(vague, decided({ confidence: { route: doubt(0.55, 'self_service') } }), rules)).toEqual([]);
  });

  it('still asks when the doubtful route is between two routes that both ask, or the route is sure', () => {
    expect(findMissingInfo(vague, decided({ confidence: { route: doubt(0.52, 'vendor_direct') } }), rules)).toContain('issue_description');
    expect(findMissingInfo(vague, decided({ confidence: { route: doubt(0.95, 'macch') } }), rules)).toContain('issue_description');
  });

  it('asks only what is lacking under both the best and the runner-up topic', () => {
    const text = input('Since Monday, when I open the Enrollment tab and click Save, the page goes blank for Ana Ruiz.');
    expect(findMissingInfo(text, decided({ confidence: { topic: doubt(0.5, 'client_record') } }), rules)).toEqual([]);
    const report = input('The numbers look off, can you check?');
    expect(findMissingInfo(report, decided({ topic: 'reports', type: 'question', confidence: { topic: doubt(0.45, 'data_quality') } }), rules))
      .toEqual(['issue_description']);
  });

  it('asks the whole checklist of a topic that is more likely than not, whatever the runner-up lacks', () => {
    const report = input('The numbers on the Bed Nights report look off, can you check?');
    expect(findMissingInfo(report, decided({ topic: 'reports', type: 'question', confidence: { topic: doubt(0.55, 'data_quality') } }), rules))
      .toEqual(['issue_description', 'report_location', 'report_parameters']);
  });
});

describe('missing-info items given in indirect forms, and mentions that do not supply them', () => {
  const cases: [string, Classification['topic'], Classification['type'], string, boolean, string[]?][] = [
    // Names in a table or a list, in any case or order.
    ['trainee_name', 'new_user_training', 'question', 'New staff for training:\n\nName | Role\nJordan Ellis | Case Manager\n\nForms attached.', true, ['LRF.pdf']],
    ['trainee_name', 'new_user_training', 'question', 'Please sign up these two for New User Training:\n- ELLIS, JORDAN\n- PRIYA NAIR', true, ['LRF.pdf']],
    ['trainee_name', 'security_training', 'question', 'Needs the annual training: Ellis, Jordan (case manager).', true],
    ['trainee_name', 'new_user_training', 'question', 'We hired two people and they need the new user class. Forms attached.', false, ['LRF.pdf']],
    // Reporting periods named rather than given as dates.
    ['reporting_period', 'data_quality', 'question', 'Our "Maple Court PSH" has blank exit destinations for last fiscal year.', true],
    ['reporting_period', 'hud_report_submission', 'question', 'What do you need from us for the FFY 2024 CAPER for "Maple Court PSH"?', true],
    ['reporting_period', 'data_quality', 'question', 'Our "Maple Court PSH" has blank exit destinations for the quarter that just ended.', true],
    ['reporting_period', 'data_quality', 'question', 'Our "Maple Court PSH" has blank exit destinations, what period should we look at?', false],
    // Programs named by their kind within the sender's agency.
    ['program_name', 'workflow_data_entry', 'question', 'How do we record rent help in our PSH program?', true],
    ['program_name', 'workflow_data_entry', 'question', 'How do we record a host-home night in our youth drop-in program?', true],
    ['program_name', 'data_quality', 'question', 'Our RRH project has blank exit destinations for Q4.', true],
    ['program_name', 'workflow_data_entry', 'question', 'How do we record rent help? Not sure which program it goes in.', false],
    ['program_name', 'data_quality', 'question', 'Our permanent supportive housing has blank exit destinations for Q4.', true],
    ['program_name', 'workflow_data_entry', 'question', 'How do we record a night in our safe haven?', true],
    ['program_name', 'workflow_data_entry', 'question', 'How do we enter a stay at our youth emergency shelter?', true],
    ['program_name', 'workflow_data_entry', 'question', 'How do we record a rent payment made by our agency?', false],
    // A form named in the text with a file attached, or a file named for the form.
    ['license_request_form', 'new_user_training', 'question', 'Please train Jordan Ellis; the signed license request is attached.', true, ['scan0012.pdf']],
    ['license_request_form', 'new_user_training', 'question', 'Please train Jordan Ellis.', true, ['New User Access Form - Ellis.pdf']],
    ['license_request_form', 'new_user_training', 'question', 'Please train Jordan Ellis. Attached is her ID badge photo.', false, ['badge.jpg']],
    ['license_request_form', 'new_user_training', 'question', 'Please train Jordan Ellis. Where do I find the license request form?', false],
    ['duplicate_client_ids', 'merge_request', 'question', 'Please merge the two records on the attached form, keep the older one.', true, ['duplicate_records_form.pdf']],
    // When it began: said in other words, or said not to be known.
    ['when_started', 'system_error', 'issue', 'The Services tab goes blank when I click Save. It has been doing this all week.', true],
    ['when_started', 'system_error', 'issue', 'The Services tab goes blank when I click Save, for about a week now.', true],
    ['when_started', 'system_error', 'issue', 'The Services tab goes blank when I click Save. Not sure when it started.', false],
    ['when_started', 'system_error', 'issue', 'The Services tab goes blank when I click Save. I do not know when this began.', false],
    ['steps_followed', 'system_error', 'issue', 'Since Monday the Services tab goes blank. I have not tried anything else yet.', false],
  ];
  it.each(cases)('%s on %s/%s: "%s" present=%s', (item, topic, type, text, present, files = []) => {
    const mail = input(text, files.map((filename) => ({ filename, contentType: 'application/pdf' })));
    const missing = findMissingInfo(mail, decided({ topic, type, clientIds: extractClientIds(mail, rules.clientIds) }), rules);
    expect(!missing.includes(item)).toBe(present);
  });
});

describe('which missing items are asked', () => {
  const all = ['issue_description', 'when_started', 'where_in_system', 'steps_followed'];

  it('asks at most three questions, in checklist order', () => {
    expect(itemsToAsk({ priority: 'normal', missingInfo: all })).toEqual(all.slice(0, 3));
    expect(itemsToAsk({ priority: 'high', missingInfo: ['client_id'] })).toEqual(['client_id']);
  });

  it('never holds up an urgent request with questions', () => {
    expect(itemsToAsk({ priority: 'urgent', missingInfo: all })).toEqual([]);
  });
});
