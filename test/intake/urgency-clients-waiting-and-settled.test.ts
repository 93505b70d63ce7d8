// Who waits and where, in more words: men and women waiting in line, a client standing at a window or a counter,
// a pharmacy ("farmacia") as the place a client is kept from. And what keeps no one waiting: a client already
// checked in for the night or already housed, a shelter "run out of our church", a numbered bed on a list ("bed 14",
// "the shelter bed list") or a program's referral destinations, which are records and settings, not a client's need.
// A need told as the client's before ("her motel voucher for tonight") makes its screen ("the voucher screen won't pull") a
// block on that need; "already checked in elsewhere" beside a block is the problem; a sentence after "resolved" tells how it ended.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type = 'issue'): boolean => judgeUrgency(text, { topic: 'client_record', type }, rules.vocabulary!, 0.05).urgent;

describe('urgent: clients waiting, said in more words', () => {
  it.each([
    ['men in line', 'Locked out tonight\n\nMy account is locked and we assign beds in Clarity. Three men are in line waiting for a bed and check-in closes at 10.'],
    ['women at the door', 'Cannot assign\n\nThe bed board will not load. Two women are at the door for the overflow cots and we close intake at 9.'],
    ['standing at our window', 'Voucher will not print\n\nA client is standing at our window and the grocery voucher will not print from her profile.'],
    ['la farmacia cierra', 'Vale de farmacia\n\nEl paciente esta en la sala de espera y el sistema no imprime el vale de la farmacia. La farmacia cierra a las 5.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(true);
  });
});

describe('not urgent: the client is in already, or the need word is a record or a setting', () => {
  it.each([
    ['already checked in for the night', 'Sharing question\n\nI have a client sitting in my office right now who won\'t sign the release until he knows whether other shelters see his record. He\'s already checked in for the night here, he just wants an answer.', 'question'],
    ['ya alojada', 'Pregunta\n\nLa senora esta en la recepcion y no quiere firmar hasta saber si otros albergues ven sus datos. Ya esta alojada esta noche, solo quiere saber.', 'question'],
    ['run out of our church', 'Joining HMIS\n\nI direct a new overnight shelter for single men run out of our church basement. We open 30 cots in January. What do we need to do?', 'question'],
    ['bed 14 on the list', 'Bed list wrong\n\nBed 14 on the men\'s shelter bed list still shows as occupied by a client who left last week. Can you clear it so the list is right tonight?', 'issue'],
    ['referral destinations', 'Missing destination\n\nThe youth program is missing from the referral destinations of our access point. Please add it before the weekend.', 'issue'],
  ])('%s', (_name, text, type) => {
    expect(judged(text, type)).toBe(false);
  });
});

describe('a need told before, and the telling of how a crisis ended', () => {
  it.each([
    // The voucher the client waits for, then its screen failing: the screen names that voucher, so the block is on it.
    ['the voucher screen after the voucher', 'Two profiles\n\nMs. Tan is in the lobby for her motel voucher for tonight. Someone made a second profile for her. The voucher screen won\'t pull her eligibility.', 'question', true],
    // A screen's name with no such need told before stays a screen.
    ['the voucher screen alone', 'Two profiles\n\nSomeone made a second profile for Ms. Tan. The voucher screen won\'t pull her eligibility tonight.', 'question', false],
    // "Already checked in elsewhere" beside the block is the problem itself, not its end.
    ['already checked in elsewhere', 'Duplicate\n\nWe have a gentleman with two profiles. When we try to check him into tonight\'s overflow cot, Clarity says he is already checked in elsewhere and won\'t let us add the stay. He is waiting at the front desk.', 'question', true],
    // The sentence after "resolved" tells how it ended: its weekend is past.
    ['placed over the weekend', 'RE: family cannot be referred\n\nUpdate: Friday\'s situation is resolved. The county placed the family in a motel by phone over the weekend.\n\nThe cause is still there: the youth program is missing from our referral list when we refer from our access point.', 'issue', false],
  ])('%s', (_name, text, type, urgent) => {
    expect(judged(text, type)).toBe(urgent);
  });
});
