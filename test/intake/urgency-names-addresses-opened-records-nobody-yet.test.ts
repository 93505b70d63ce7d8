// A clinic named mid-sentence ("la Clinica Santa Rosa", "the Hillcrest Clinic front desk") is the agency the
// sender works at and a shelter's address names a place, not a client's need; "opening a client" or "opening the record" is what staff do on a screen,
// not an opening (a vacancy) a client is kept from, and clients opened from a screen are records, not people
// waiting. A need said as had by nobody so far ("nobody has been referred yet") keeps no one from it, while a
// rule ("nobody gets a bed until checked in"), a clinic that refuses a client's refill, or an opening a client
// may lose tonight, stays urgent.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type = 'issue'): boolean => judgeUrgency(text, { topic: 'system_error', type }, rules.vocabulary!, 0.05).urgent;

describe('not urgent: a clinic\'s name, a shelter\'s address, opening a record, a need said of nobody', () => {
  it.each([
    ['a clinic named in Spanish', 'En la recepcion de la Clinica Santa Rosa hay pacientes que no quieren dar su fecha de nacimiento. Que marcamos en ese campo?', 'question'],
    ['a clinic named in English', 'At the Hillcrest Clinic front desk some patients won\'t give their veteran status. What do we pick in that field?', 'question'],
    ['opening a client', 'Since Monday Clarity is slow for all of us. Opening a client from the search results takes a minute. People spend half the day waiting on screens.', 'issue'],
    ['opening the record', 'Opening the record of any client on the Programs tab hangs for every user this morning, and we are waiting for it to load.', 'issue'],
    ['a shelter address', 'Someone typed our confidential shelter street address into a survivor\'s shared profile (client ID 52281) and our role cannot edit it. Can you remove the address today? Everyone staying here depends on it.', 'issue'],
    ['clients opened from a screen', 'Since noon client search finds no one for all staff. We can still open clients from Recent Clients. Intake doesn\'t start until 7 tonight, but we would like search back by then.', 'issue'],
    ['referred by nobody yet', 'Every youth assessed at the Eastside Youth Drop-In since Monday gets a Total Score of 0 on the Youth Assessment. The matching meeting is Friday; nobody has been referred on these scores yet.', 'issue'],
  ])('%s', (_name, text, type) => {
    expect(judged(text, type)).toBe(false);
  });
});

describe('urgent: a rule said of nobody, a clinic keeps a client from a refill, an opening lost tonight', () => {
  it.each([
    ['a clinic refuses a refill', 'The clinic refused to refill his insulin because his enrollment shows exited by mistake. He is at our desk now and has one dose left.'],
    ['nobody gets a bed until checked in', 'Assign on the Bed List throws an error for all of us. Our rule is nobody gets a bed until they are checked in, and nine people are at the door right now in the cold.'],
    ['an opening lost tonight', 'She has the last shelter opening but we cannot enroll her because the intake will not save, and the bed goes to the next family tonight.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(true);
  });
});
