// "So no emergency now", "this is not an emergency", "no es una emergencia": the sender says the crisis told
// before is over, so a client once kept from a need is no longer waiting. "No emergency shelter beds" and "no
// emergency motel rooms" name a need that is lacking, not a crisis that ended.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string): boolean => judgeUrgency(text, { topic: 'client_record', type: 'issue' }, rules.vocabulary!, 0.05).urgent;

describe('not urgent: the sender says it is no emergency now', () => {
  it.each([
    ['so no emergency', 'Profile will not save\n\nA man was at our front desk tonight and we could not enroll him in the shelter because his profile would not save. We did a paper intake and he has a cot, so no emergency now. Can you look at the profile?'],
    ['not an emergency', 'Household will not load\n\nOur pantry could not check a family in this morning because the household would not load, and they waited in the lobby. They got their groceries on paper; this is not an emergency anymore.'],
    ['no es una emergencia', 'Perfil no abre\n\nLa senora estaba en la recepcion y no podiamos darle cama esta noche porque su perfil no abria. Ya le dimos cama en papel, asi que no es una emergencia.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(false);
  });
});

describe('urgent: "no emergency" naming a need that is lacking', () => {
  it.each([
    ['no emergency shelter beds', 'Referral fails\n\nA mother and her baby are in our lobby right now. There are no emergency shelter beds showing for tonight because the referral will not go through.'],
    ['no emergency motel rooms', 'Record locked\n\nMr. Tate is at the front desk and we see no emergency motel rooms for him because his record is locked; the office closes at 5.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(true);
  });
});
