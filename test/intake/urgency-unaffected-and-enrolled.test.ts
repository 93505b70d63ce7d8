// A client the sender says is not affected ("she's fine", "it's not affecting her rent", "no le afecta") is kept
// from nothing, and a client said to be enrolled already ("he is enrolled with us", "esta inscrita") is not kept
// out of the enrolment: neither is urgent, even with the model sure it is. What another office asks to be shown
// ("they need to see that she is enrolled") is still a need held back, judged with the model's probability held low.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, urgentProbability: number): boolean =>
  judgeUrgency(text, { topic: 'client_record', type: 'issue' }, rules.vocabulary!, urgentProbability).urgent;

describe('not urgent: the client is not affected, or is already enrolled', () => {
  it.each([
    ['she is fine', 'Updating her file today: her disability benefit ended in October, but the income row will not save an end date and errors on Save. She\'s fine, I only want the record right.'],
    ['not affecting', 'His SNAP benefit stopped last month and the Income tab will not take the end date this afternoon. It is not affecting his food or housing at all.'],
    ['no le afecta', 'Hoy la clienta ya no recibe SSI y no puedo guardar la fecha de fin en Ingresos. No le afecta en nada, solo quiero corregir el registro.'],
    ['enrolled with us', 'Client ID 41207 still shows the Northgate organization, but now he is our client and is enrolled with us since January. Please change his organization.'],
    ['esta inscrita', 'La clienta aparece con la organizacion de otra agencia, pero ahora es nuestra y esta inscrita con nosotros desde enero. Cambien la organizacion por favor.'],
  ])('%s', (_name, text) => {
    expect(judged(text, 0.9)).toBe(false);
  });
});

describe('urgent: a partner asks to be shown the enrolment while a client waits', () => {
  it.each([
    ['need to see that she is enrolled', 'The family shelter holds her bed only until 6 tonight and they need to see that she is enrolled in our outreach program. The Enroll button is greyed out for me.'],
    ['constancia de que esta inscrito', 'El albergue le guarda la cama hasta las 7 de la noche y pide una constancia de que esta inscrito en nuestro programa. El boton de inscribir no me deja hacer clic.'],
  ])('%s', (_name, text) => {
    expect(judged(text, 0.05)).toBe(true);
  });
});
