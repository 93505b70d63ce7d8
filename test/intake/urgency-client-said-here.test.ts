// A client said to be here ("two siblings here", "los hermanos aqui") is with the sender now, and siblings
// ("hermanos") are clients like children: kept from a bed or a placement by the problem, they make the
// request urgent. A count of clients said of no place ("we have 40 adults with ...") is no one waiting.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type = 'issue'): boolean => judgeUrgency(text, { topic: 'system_error', type }, rules.vocabulary!, 0.05).urgent;

describe('urgent: clients said to be here, kept from a need', () => {
  it.each([
    ['two siblings here', 'Save & Continue spins on the Enrollment screen for everyone. We have two teenage siblings here from a county placement and the foster worker cannot sign off the placement until their enrollment shows.'],
    ['siblings here', 'The intake page errors for all of us. Four siblings here need beds and we cannot assign any until the enrollment saves.'],
    ['hermanos aqui', 'La pantalla de inscripcion no guarda para nadie. Tenemos tres hermanos aqui y no podemos darles cama hasta que se guarde la inscripcion.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(true);
  });
});

describe('not urgent: a count of clients at no place', () => {
  it.each([
    ['forty adults', 'We have 40 adults with "Data not collected" for prior living situation in our shelter program. Can you help us fix them?', 'question'],
    ['siblings on a record', 'Two siblings have the wrong household on their records and their enrollment shows under their aunt. Please move them.', 'question'],
  ])('%s', (_name, text, type) => {
    expect(judged(text, type)).toBe(false);
  });
});
