// A block said as lasting until now ("she still doesn't have", "todavia no tiene", "aun no le dan") or as an
// inability told in the perfect ("hasn't been able to", "no ha podido", "no hemos podido"), with the client kept
// from a need and time pressure or the client waiting, makes a request urgent. "Still" with nothing negated
// ("she is still at the shelter") and a staff member who is still not sure how to do something keep no client from anything.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string): boolean => judgeUrgency(text, { topic: 'client_record', type: 'question' }, rules.vocabulary!, 0.05).urgent;

describe('urgent: a block that lasts until now or an inability in the perfect', () => {
  it.each([
    ['still does not have', 'Mr. Okafor is in our lobby. He still doesn\'t have his bed assignment for tonight because his two profiles split the referral.'],
    ['still cannot', 'The family is waiting at the front desk and they still can\'t get a shelter referral, the pantry closes at 6.'],
    ['has not been able', 'A veteran in our office hasn\'t been able to pick up his prescription since his record was merged wrong; the pharmacy closes at 5.'],
    ['no ha podido', 'Tenemos a una senora en la recepcion que no ha podido recoger su receta porque tiene dos perfiles. La farmacia cierra a las 4.'],
    ['todavia no tiene', 'La familia esta esperando afuera y todavia no tiene cama para esta noche porque la referencia no llega al albergue.'],
    ['no hemos podido', 'El joven esta aqui con nosotros y no hemos podido inscribirlo en el refugio; cierran a las 9.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(true);
  });
});

describe('not urgent: still with nothing negated, or staff unsure', () => {
  it.each([
    ['still at the shelter', 'Ms. Ortiz is still at the shelter and doing well. Can you move her enrollment to the new program when you get a chance?'],
    ['still not sure', 'I am still not sure how to record a shelter stay for a client who leaves and comes back. Is there a guide?'],
    ['ha podido ver', 'La supervisora ya ha podido ver el informe de camas. Gracias por la ayuda.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(false);
  });
});
