// What looks like a client kept from a need under time pressure but is not: a need word naming a part of the
// system ("the Check-In button", "the Bed List", "the intake PDF", a button clicked, a record's info or name, a unit
// number), a date of the year after "by" or "until" read as a time of day, a rule of who may see what ("supposed to be
// hidden"), the staff's shift, a document's last page, how long a case has waited, a client already in bed, a routine
// ("we discharge a few patients a week who have nowhere to go", "we sometimes send guests to a motel"), a person made up
// as an example ("like someone who checks in at 9pm") and a phone's "Sent from my iPhone". And what is a
// block or a need though said in passing: a nursing home that will not take a patient, showers at a day center, a
// family made to wait for the next review. Judged with the model's urgent probability held low, so the rules decide.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type = 'issue'): boolean => judgeUrgency(text, { topic: 'client_record', type }, rules.vocabulary!, 0.05).urgent;

describe('not urgent', () => {
  it.each([
    // a need word that names a part of the system
    ['a button', 'The Check-In button shows an error for him since the update. Please fix it today.'],
    ['a list', 'The bed list will not load for her, it spins. Please fix it today.'],
    ['a button clicked', 'When you click Enroll for her the page freezes and nothing saves. Please fix it tonight.'],
    ['a date field', 'She moved in last month but the Move-In Date field will not save, it shows an error. Can you fix it today?'],
    ['a document', 'When I print her intake PDF the signature section is cut off. It happens for every client, I need it today.'],
    ['a record info', 'The History tab shows another agency\'s shelter info for her. I can\'t hide it and I need it fixed today.'],
    ['bed nights', 'The bed nights report fails with an error for her program today, so we can\'t finish the monthly numbers.'],
    ['re-opening', 'The score for him stays blank after re-opening and saving. Please fix it today.'],
    ['a unit number', 'Mother and son in unit 1204 show as two households on the report I ran today, the errors are counted twice.'],
    // a date, a rule of who sees what, a shift, a page, a long wait, a bed already had
    ['by a date', 'The landlord needs her lease paperwork by 11/12 and her assessment will not save. Please help.'],
    ['until a date', 'The family signed a lease but did not get keys until 10/19 because the unit failed inspection. Which date do we enter?', 'question'],
    ['supposed to be hidden', 'Our shelter clients are supposed to be hidden from other agencies, but a pantry can see her record. Please lock it down.'],
    ['the staff shift', 'The shelter roster gives an error for her on tonight\'s shift.'],
    ['the last page', 'Her printed intake cuts off, the last page is missing the signature section for every youth.'],
    ['a long wait', 'We have a family at the top of the list who has been waiting 40 days. Can they be referred to another program, or do we wait until the next review?', 'question'],
    ['already in bed', 'Our youth are already in their beds and nobody else is coming tonight, but the bed list throws an error for all staff.'],
    // a routine, a person made up as an example, a phone's sign-off
    ['patients a week', 'We discharge four or five patients a week who have no place to go. What is the process for a referral? Right now we hand them a phone number.', 'question'],
    ['every morning', 'Every morning we have a hundred guests and the check-in takes forever, the line is outside by eight. Why can\'t there be a quicker screen?', 'question'],
    ['guests of a routine', 'Every morning we have a hundred guests and check-in is slow. By the time we finish, the line is out into the parking lot.'],
    ['sometimes', 'We sometimes send guests to a motel when the shelter is full until the next night. Doors close at 10pm. Do we record the motel nights?', 'question'],
    ['like someone', 'Guests leave in the night, like someone who checks in at 9pm and leaves at 2am. Do we exit them, or keep the shelter stay open until the next night?', 'question'],
    ['sent from my iPhone', 'Locked out today, can\'t enter her case notes.\n\nSent from my iPhone'],
  ])('%s', (_name, text, type = 'issue') => {
    expect(judged(text, type)).toBe(false);
  });
});

describe('urgent', () => {
  it.each([
    // a block or a need said in passing
    ['nursing home', 'Mr. Dale is being discharged this afternoon. The nursing home requires his eligibility letter before they accept him, and the letter will not print.'],
    ['showers', 'Search is down since noon. We have twenty guests at the front desk for showers and we can\'t pull up anyone.'],
    ['made to wait', 'A mother and two kids are in a motel we pay for through tomorrow only. Does she have to wait for the next queue review to be referred?', 'question'],
    // what the rules above leave urgent: a clock time, a wait in the lobby, a run of nights until now
    ['a clock time', 'The shelter holds her bed until 5 but her enrollment will not save, so she can\'t check in.'],
    ['hours in the lobby', 'A family has been waiting 3 hours in our lobby and we cannot enroll them in the shelter because the page errors.'],
    ['every night since', 'He has been turned away from the mission every night since Thursday because of a wrong ban on his profile, and it is freezing tonight.'],
  ])('%s', (_name, text, type = 'issue') => {
    expect(judged(text, type)).toBe(true);
  });
});
