// What a block, a need and the client's presence are when the mail says them in passing: a client turned away
// from a place is kept from that place, a winter overflow is shelter; a date of the month ahead ("on the 14th")
// or a supply counted in days or doses left ("one day of tablets left") is time pressure like a weekday.
// Their look-alikes are not urgent: a near miss ("was almost turned away"), a way of doing something ("without
// redoing the intake"), a staff role named after a need ("our only intake worker"), staff at the front desk.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type = 'issue'): boolean => judgeUrgency(text, { topic: 'client_record', type }, rules.vocabulary!, 0.05).urgent;

describe('urgent: a client kept out of a place, or a move-in on a date ahead', () => {
  it.each([
    ['turned away from a mission', 'Client ID 55120 has an old ban on his profile that belongs to someone else. He keeps getting turned away from Eastgate Mission because of it, and it will be below zero tonight.'],
    ['sent away from the door', 'Ms. Ortiz was sent away from the door at Hope Center again because the system shows her as barred. It is freezing tonight. Please remove the restriction.'],
    ['winter overflow', 'Sign-up for the winter overflow closes at 5 today. Mr. Haas is with me and his assessment will not save, so he cannot get on the list.'],
    ['one day of tablets left', 'The clinic refused to refill his blood pressure pills because his enrollment shows exited by mistake. He has one day of tablets left.'],
    ['two doses left', 'Her Prescription Assistance service will not save, so the pharmacy holds her inhaler refill. She has two doses left.'],
    ['move-in on a date', 'The landlord is holding the unit for her move-in on the 9th, and the county cannot release the deposit while her enrollment is stuck at the old agency.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(true);
  });
});

describe('not urgent: a near miss, a manner, a staff role, staff at the desk', () => {
  it.each([
    ['almost turned away', 'On Sunday a guest was almost turned away from our shelter because his age showed wrong. Staff let him stay after checking his ID. Please correct the birth year on client ID 30127.'],
    ['nearly lost', 'This morning a family nearly lost their motel room because the voucher service showed as deleted. Please restore the service record.', 'question'],
    ['without redoing', 'A dad in our shelter got custody of his son on Monday. How do I add the boy to his household without redoing the whole intake?', 'question'],
    ['intake worker locked', 'Our only intake worker is locked out since this morning and can\'t enter anyone today. Please unlock her account.'],
    ['housing coordinator', 'Our housing coordinator cannot log in today after the password reset. She gets an error every time.'],
    ['staff at the front desk', 'Is there a way for staff at the front desk to see bed assignments beside active enrollments, so they can catch a missing enrollment before giving out a bed?', 'question'],
  ])('%s', (_name, text, type = 'issue') => {
    expect(judged(text, type)).toBe(false);
  });
});
