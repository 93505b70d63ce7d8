// Time pressure and the block, as a client's access is told in plain mail: a clock time written "5pm" or
// "2 p.m.", "til 6", a departure "a las 4:15"; another office that needs a document by a time ("they need the
// letter before they close", "la clinica necesita hoy"); a need given to someone else ("or the unit goes to
// the next applicant"); terse notes without apostrophes ("cant", "wont"); a report a client's appointment waits
// on. Their look-alikes are not urgent: what the staff themselves need before an audit, a time the staff saw a
// problem, a record of a need ("bed history"), the staff of a shelter, a report another office wants for itself.
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const priorityOf = (subject: string, text: string): string => classifyRequest({ subject, text, attachments: [] }, rules).priority;

describe('urgent: a client kept from a need, with the time said in everyday forms', () => {
  it.each([
    ['room held', 'The motel is holding a room for Mr. Lind until 6pm. I click Enroll and it says he belongs to another agency. He cannot get the room until he is enrolled.'],
    ['benefits office letter', 'Her income record shows the wrong amount. She is at the benefits office with our advocate and they need a corrected HMIS letter with her real income before they close at 3.'],
    ['unit to the next applicant', 'The property manager says the apartment goes to the next applicant tomorrow noon unless the deposit is paid, and finance pays only from a saved service. The deposit service for Ms. Wade errors on Save.'],
    ['boleto de autobus', 'Tengo una senora en la oficina. Su hijo la recibe en Omaha y el autobus sale a las 3:15, pero no le pueden dar el boleto hasta que el servicio quede guardado en Clarity. Al guardar sale un error.'],
    ['la clinica necesita', 'El senor esta aqui sin su medicina. La clinica necesita hoy la constancia de inscripcion y su inscripcion aparece cerrada por error.'],
    ['pharmacy terse', 'pharmacy wont fill her insulin w/o our letter and clarity shows her exited. shes at the counter w me, they close at 5'],
    ['report for housing today', 'My client has her housing appointment at 2 today and they need the Homeless History report showing her nights in shelter. The report shows 0 nights for her though she has stayed with us since August.'],
  ])('%s', (subject, text) => {
    expect(priorityOf(subject, text)).toBe('urgent');
  });
});

describe('not urgent: the look-alikes of those forms', () => {
  it.each([
    ['monitor visit', 'The state monitor comes Thursday and our shelter shows 14 people still enrolled who left in the spring. We need to exit them before the visit. Can we do it in bulk?'],
    ['report first seen', 'The Program Roster report shows negative nights for 4 guests. I first saw it Monday at 9am. Their entry dates look right, so I can\'t see why.'],
    ['bed history question', 'How far back does the bed history on a client\'s profile go? A guest asked us today at 4pm and we could not say.'],
    ['partner shelter staff', 'Staff at a partner shelter could see our client\'s profile this morning. It should be visible to our agency only. Please check the sharing today.'],
    ['funder wants the report', 'The county needs our quarterly bed report before Friday. Where do we find the occupancy report in Clarity?'],
    ['auditora', 'La auditora necesita el informe de calidad de datos antes del viernes. Necesitamos saber como sacarlo.'],
  ])('%s', (subject, text) => {
    expect(priorityOf(subject, text)).not.toBe('urgent');
  });
});

describe('the judgement itself reads those forms, with the model barely backing it', () => {
  const judged = (text: string): boolean => judgeUrgency(text, { topic: 'client_record', type: 'question' }, rules.vocabulary!, 0.05).urgent;

  it.each([
    ['a clock time with am/pm attached', 'Bed held for Ms. Roy\n\nThe shelter holds a bed for her until 6pm. She cannot check in until her enrollment moves to our agency.'],
    ['a clock time written p.m.', 'Motel room\n\nHe is without a motel room tonight unless the voucher service saves before 5 p.m. Please move his record to our program.'],
    ['the unit given to the next applicant', 'Deposit for Ms. Wade\n\nThe landlord gives the unit to the next applicant at noon tomorrow if her deposit is not paid. Please fix her move-in date.'],
    ['a terse note without apostrophes', 'insulin\n\npharmacy wont fill his insulin and hes at the counter w me rn. please reopen his enrollment'],
  ])('%s', (_, text) => {
    expect(judged(text)).toBe(true);
  });

  it.each([
    ['staff seeing a problem at a time', 'Shelter report\n\nI first saw it Monday at 9am: the shelter report cannot show bed nights for her. Can you look?'],
    ['a bed history', 'Bed history\n\nHer bed history cannot be opened since 10am today. She is asking for a printout.'],
  ])('%s', (_, text) => {
    expect(judged(text)).toBe(false);
  });
});
