import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();

describe('topic and type of short everyday requests (English and Spanish)', () => {
  const cases: [string, string, string, string][] = [
    ['Wrong org', 'Client ID 30877 shows under Eastside Mission instead of our agency, so we cannot see her case notes.', 'client_record', 'issue'],
    ['Merge', 'Jose Ramirez has two IDs, 40110 and 40988. The older one is correct.', 'merge_request', 'question'],
    ['Report', 'The Clients Served report for January shows 0 for our outreach program even though we logged 40 contacts.', 'reports', 'issue'],
    ['Look wont save', 'My Data Analysis look won\'t save, it just spins and then nothing.', 'system_error', 'issue'],
    ['Training', 'I am a new case manager at Hope Harbor and need to take the new user training so I can get my login.', 'new_user_training', 'question'],
    ['Security training', 'My annual security training expired and I cannot log in now. How do I retake it?', 'security_training', 'question'],
    ['Password', 'The reset link says expired every time I click it. Username kjones.', 'login_password_account', 'issue'],
    ['New program', 'We were awarded an ESG rapid rehousing grant starting July 1 and need "Hope Harbor ESG RRH" created.', 'new_agency_program', 'question'],
    ['Service', 'Please add "Utility Assistance" as a service for Hope Harbor RRH.', 'provider_configuration', 'question'],
    ['SP data', 'Some of our old ServicePoint assessments did not come over to Clarity. Is that expected?', 'migration_question', 'question'],
    ['Exit question', 'When a client in our ES goes to jail for a few days, do we exit them or leave them enrolled?', 'workflow_data_entry', 'question'],
    ['DQ', 'Our ES has 40% missing exit destinations for FY2024. How can we clean that up?', 'data_quality', 'question'],
    ['Slow', 'Clarity is painfully slow for our whole office since this morning, every page takes a minute.', 'system_error', 'issue'],
    ['HDX', 'Can you help us upload the HIC to HDX? Deadline is next month.', 'hud_report_submission', 'question'],
    ['CE form', 'The referral screen for our Access Point does not show Hope Harbor RRH as a destination anymore.', 'coordinated_entry_config', 'issue'],
    ['Invoice', 'Where do I send payment for our 2025 user licenses?', 'other', 'question'],
    ['Fecha', 'La fecha de nacimiento del cliente con ID del cliente 66120 esta mal, dice 1900. Por favor corrijan.', 'client_record', 'issue'],
    ['Reporte', 'El reporte APR para nuestro programa RRH muestra 0 adultos en Q5a para el ano fiscal 2024.', 'reports', 'issue'],
    ['Bloqueada', 'Mi cuenta esta bloqueada, no puedo entrar desde ayer.', 'login_password_account', 'issue'],
    ['Capacitacion', 'Tenemos una nueva empleada, Ana Ruiz, que necesita la capacitacion para usuarios nuevos. Cuando es la proxima?', 'new_user_training', 'question'],
    ['Annual training', 'When is the annual security and privacy training? Three of our staff still need to take it.', 'security_training', 'question'],
    ['Destination', "When someone leaves our shelter for a relative's house, which exit destination do we pick?", 'workflow_data_entry', 'question'],
    ['Close program', 'Please close our old Hope Harbor TH program effective 12/31, the grant ended.', 'provider_configuration', 'question'],
    ['2FA', "I got a new phone and now I can't get the two-factor code to log in.", 'login_password_account', 'issue'],
    ['Informe DQ', 'El reporte de Data Quality muestra 0 clientes para nuestro programa aunque tenemos 30.', 'reports', 'issue'],
    ['Move profile', 'Client ID 61203 transferred to our program from Eastside Mission, please move her profile to our agency.', 'client_record', 'question'],
    ['Entered as', 'Should bus passes be entered as a service or as financial assistance in our SSVF program?', 'workflow_data_entry', 'question'],
    ['Rename', 'Our program name changed from Hope House to Hope Harbor Family Shelter. Can you update it in Clarity?', 'provider_configuration', 'question'],
    ['Puntaje', 'La evaluacion de Entrada Coordinada no calcula el puntaje en nuestro programa Punto de Acceso Norte.', 'coordinated_entry_config', 'issue'],
    ['Vendor choice', 'Who chose Bitfocus as the vendor and is that being reviewed?', 'other', 'question'],
    ['Can they', 'Two of our staff got suspended this morning for missing the annual training. Can they take it today?', 'security_training', 'question'],
    ['Inactive', 'I was out on medical leave for two months and now my login says inactive. Who do I talk to?', 'new_user_training', 'question'],
    ['Empty list', 'The Active Client List comes back totally empty for our program even though we have 30 people enrolled. Date range 2/1/2025-2/28/2025.', 'reports', 'issue'],
    ['Generating', 'When I try to run the CoC APR it sits on generating for an hour and never finishes.', 'system_error', 'issue'],
    ['Ages', 'Our youth shelter now serves ages 16-24 instead of 18-24. Please change the eligibility in Clarity for Hope Harbor Youth Shelter.', 'provider_configuration', 'question'],
    ['HIC beds', 'For the HIC, do you need our bed counts as of the night of the count or the total for the year?', 'hud_report_submission', 'question'],
    ['Why count', 'Why does the APR count a child as a leaver when only the mom exited? Is that how HUD wants it?', 'reports', 'question'],
    ['Where to record', 'I cannot find where to record a bed night for our night-by-night shelter. Where is it?', 'workflow_data_entry', 'question'],
    ['Any of our clients', 'The move-in date will not save for any of our RRH clients, it clears every time we hit save.', 'system_error', 'issue'],
    ['No idea', 'I have no idea why our bed utilization is over 100% - can you explain?', 'reports', 'question'],
    ['Moverlo', 'El cliente con ID del cliente 20456 esta en el hogar equivocado. Pueden moverlo al hogar de su madre?', 'client_record', 'question'],
    ['Camas', 'Necesitamos aumentar las camas de nuestro Refugio La Esperanza de 20 a 26.', 'provider_configuration', 'question'],
    ['Organizacion nueva', 'Somos una organizacion nueva y queremos usar HMIS para nuestro albergue de invierno.', 'new_agency_program', 'question'],
    ['Entry slip', 'Client ID 40217 got enrolled into our ES by mistake, she is in our RRH. Can you move the enrollment?', 'client_record', 'question'],
  ];
  // These sentences are not training data: the trained model meets them as new requests. One-line
  // requests carry few words, so the test pins the share answered right (34 of 44 when the model took
  // over from phrase rules fitted to these very sentences) and names every miss.
  it('answers topic and type right for at least three in four of them', () => {
    const misses = cases.flatMap(([subject, text, topic, type]) => {
      const c = classifyRequest({ subject, text: `${text}\n\nSam Lee\nHope Harbor`, attachments: [] }, rules);
      return c.topic === topic && c.type === type ? [] : [`${subject}: ${c.topic}/${c.type}, labelled ${topic}/${type}`];
    });
    expect(misses.length, misses.join('\n')).toBeLessThanOrEqual(Math.floor(cases.length * 0.25));
  });
});

describe('priority of short everyday requests (round 6 wording)', () => {
  const cases: [string, string, string][] = [
    ['Lobby', 'A family of four is sitting in our lobby and we cannot enroll them in the shelter because Clarity shows the mom still enrolled at Eastside. Client ID 50110.', 'urgent'],
    ['Lease', 'Client ID 44300 signs her lease Friday but the RRH enrollment will not save so we cannot request the deposit.', 'urgent'],
    ['Voucher', 'Client ID 77314 shows as a minor, the housing authority is rejecting his voucher packet and he is supposed to move into his apartment Friday.', 'urgent'],
    ['Nadie', 'Nadie en nuestra oficina puede entrar a Clarity desde esta manana.', 'high'],
    ['Shift', 'Since 9 this morning the client search just spins. Same for the other three people on shift here.', 'high'],
    ['Can they', 'Two of our staff got suspended this morning for missing the annual training. Can they take it today?', 'high'],
  ];
  it.each(cases)('%s: %s -> %s', (subject, text, priority) => {
    const c = classifyRequest({ subject, text: `${text}\n\nSam Lee\nHope Harbor`, attachments: [], receivedAt: new Date('2025-01-15T15:00:00Z') }, rules);
    expect(c.priority).toBe(priority);
  });
});
