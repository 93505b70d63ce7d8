import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { judgeUrgency } from '../../src/intake/urgency.ts';

const rules = loadIntakeRules();
const vocabulary = rules.vocabulary!;
const helpdesk = { topic: 'client_record', type: 'issue' };

describe('urgency: a client kept from a need, under time pressure', () => {
  it.each([
    'The client is at our front desk right now. We cannot enroll him into the emergency shelter project and he has nowhere to sleep tonight.',
    'Our client will lose her rental deposit today because Clarity will not let us record the assistance.',
    'Mrs. K is waiting in the lobby and we are unable to issue her food voucher until her profile saves.',
    'He runs out of insulin tonight and the pharmacy voucher cannot be printed because the enrollment is stuck.',
    'La clienta esta aqui en la oficina y no podemos inscribirla en el albergue; no tiene donde dormir esta noche.',
    'El desalojo es el viernes y no podemos enviar la solicitud de renta porque el sistema no guarda.',
    // A supply running out, nowhere to sleep now, a distribution held: time pressure without a clock word.
    'The pharmacy will hold his insulin refill until the enrollment is fixed, and he has a day left.',
    'The family is sleeping in their car and the housing referral is blocked by the wrong exit.',
    'We cannot give out the food boxes at the distribution until the search works, and people are running out.',
    'La farmacia retiene su receta hasta que la inscripcion se arregle y le quedan dos dias de medicina.',
  ])('is urgent: %s', (text) => {
    const judgement = judgeUrgency(text, helpdesk, vocabulary);
    expect(judgement.urgent).toBe(true);
    expect(judgement.reason).toMatch(/^client kept from .+\(.+\), .+$/);
    expect(judgement.reason).not.toContain('\n');
  });

  it.each([
    ['"urgent" alone', 'URGENT!!! Please reset my password ASAP, I need it.'],
    ['a need without a block or a time', 'How do I record a shelter bed night for a client?'],
    ['time pressure without a client kept from anything', 'Can you add a new service item today? Our shelter program needs it eventually.'],
    ['a deadline on a report', { text: 'The APR is due Friday and the shelter bed counts cannot be right.', topic: 'reports' }],
    ['a training', { text: 'I cannot get into the shelter staff training today.', topic: 'security_training' }],
    ['a suggestion', { text: 'It would be great if clients waiting for a bed tonight could not be lost from the list.', topic: 'other', type: 'suggestion' }],
  ] as const)('is not urgent: %s', (_name, sample) => {
    const { text, topic, type } = typeof sample === 'string' ? { text: sample, topic: 'other', type: 'question' } : { type: 'issue', ...sample };
    expect(judgeUrgency(text, { topic, type }, vocabulary).urgent).toBe(false);
  });

  it('does not read urgency into a signature', () => {
    const c = classifyRequest({
      subject: 'Question about exit destinations',
      text: 'Hi,\n\nWhich exit destination do we use when a client moves in with family?\n\nThanks,\nAna Ruiz\nShelter Intake Lead, Hope House\nNo bed tonight? Call 555-0100 today',
      attachments: [],
    }, rules);
    expect(c.priority).not.toBe('urgent');
  });

  it('gives the classification an urgent reason in one line', () => {
    const c = classifyRequest({
      subject: 'client at the desk - cannot enroll',
      text: 'A client is at the front desk now. Clarity will not let me enroll her into the emergency shelter and she has nowhere to sleep tonight.',
      attachments: [],
    }, rules);
    expect(c.priority).toBe('urgent');
    expect(c.urgentReason).toMatch(/client kept from/);
  });
});

describe('urgency probes in other words (no "urgent", few of the usual verbs)', () => {
  it.each([
    'Mr. Osei is sitting with me and the motel only holds his room until checkout at 11; the booking page errors out.',
    'The landlord hands over the keys tomorrow morning, but the move-in record refuses to save for this family.',
    'Her prescription runs out tonight and the clinic turned her away because the enrollment shows as closed.',
    'The food pantry closes at 2 and the voucher will not print while her profile shows another agency.',
    'El senor esta en recepcion y el albergue no le da cama hasta que aparezca su inscripcion; hoy cierra a las 6.',
  ])('is urgent: %s', (text) => {
    expect(judgeUrgency(text, helpdesk, vocabulary).urgent).toBe(true);
  });

  it.each([
    ['a program name in a routine question', 'How do we exit someone from the Northside Emergency Shelter ES program when they leave early?'],
    ['a past weekday', 'Since the release on Tuesday the intake save button is greyed out for our outreach team.'],
    ['a report about beds', 'Our bed utilization numbers for last month cannot be right, they show 130%.'],
    ['ASAP in a training question', 'Need the new user training ASAP for two staff who start Monday.'],
  ] as const)('is not urgent: %s', (_name, text) => {
    // The model's urgency probability 0.3: enough to back the word groups, too little alone.
    expect(judgeUrgency(text, { topic: 'workflow_data_entry', type: 'issue' }, vocabulary, 0.3).urgent).toBe(false);
  });
});
