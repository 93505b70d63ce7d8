// A refusal said the Spanish way ("no se lo quieren entregar"), a line of clients waiting ("a line of families",
// "la fila de familias") and a message passed on under a forwarding subject ("FW:", "RV:") whose Outlook
// "Original Message" holds the alarm make a client's blocked need urgent. A need word that only names a number or a
// phone line ("Social Security Number fields", "numero de cama", "intake line 402-...") is no need, and the history
// under "Original Message" of a reply ("RE:") is not what the sender says now; a block said of nobody ("nobody is being
// turned away", "nadie es rechazado") keeps no one from anything, even with a line at the door.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type = 'issue'): boolean => judgeUrgency(text, { topic: 'client_record', type }, rules.vocabulary!, 0.05).urgent;

const passedOn = (subject: string, own: string, opening: string, header: string, earlier: string): string =>
  `${subject}\n\n${own}\n\n${opening}\n${header}\n\n${earlier}`;

describe('urgent: a refusal, a line of clients, an alarm passed on', () => {
  it.each([
    ['a refusal, in Spanish', 'La farmacia no se lo quiere entregar: el vale de la insulina de la senora Ruiz esta en el otro registro. Ella esta aqui esperando.', 'question'],
    ['a refusal, in English', 'The pharmacy won\'t hand Mr. Lee his insulin because the voucher sits on his other record. He is here waiting.', 'question'],
    ['a line of families', 'Since this morning the Add Service button does nothing. We have a line of families for the pantry and the warehouse only hands out food once the service is recorded.', 'issue'],
    ['la fila de familias', 'Desde esta manana el boton Agregar servicio no hace nada. Tenemos la fila de familias para la despensa y el almacen solo entrega la comida cuando el servicio queda registrado.', 'issue'],
    ['an alarm forwarded under FW', passedOn('FW: income showing $0', 'Can you help with this one?', '-----Original Message-----', 'From: Luis Ortega', 'Her utility assistance can\'t be approved because her income shows $0. Her power gets shut off Thursday.'), 'issue'],
    ['an alarm forwarded under RV', passedOn('RV: ingreso en $0', 'Pueden ayudar con este caso?', '----- Mensaje original -----', 'De: Luis Ortega', 'No podemos aprobar la ayuda de la luz de la senora Gomez porque su ingreso sale en $0. Le cortan la luz el jueves.'), 'issue'],
  ])('%s', (_name, text, type) => {
    expect(judged(text, type)).toBe(true);
  });
});

describe('not urgent: a number or a phone line named after a need, a reply\'s history, a block said of nobody', () => {
  it.each([
    ['Social Security Number fields', 'Our monitoring visit is next Wednesday. About 35 clients have missing Social Security Number fields; can you help us correct them before the visit?', 'question'],
    ['numero de cama', 'Faltan los numeros de cama de 12 clientes y no se puede enviar el informe; la visita es el miercoles.', 'question'],
    ['an intake line in the signature', 'Client ID 90117 has two kids attached to his household who are not his. Please fix the household.\n\nOpen Hands Recovery | 24-hour intake line 402-555-0150 This e-mail may contain information protected by 42 CFR Part 2.', 'issue'],
    ['nobody turned away from a line', 'Clarity is slow at our front desk since 8 and there is a line of clients out the door for the shelter. Nobody is being turned away: we switched to paper, but staff cannot keep up.', 'issue'],
    ['nadie rechazado en la fila', 'Clarity va lento en la recepcion desde las 8 y tenemos una fila de familias afuera para el albergue. Nadie es rechazado: pasamos a papel, pero el personal no puede con todo.', 'issue'],
    ['the history of a reply', passedOn('RE: income showing $0', 'Thanks, the income saves now and she is all set.', '-----Original Message-----', 'From: Help Desk', 'Her utility assistance can\'t be approved because her income shows $0. Her power gets shut off Thursday.'), 'issue'],
  ])('%s', (_name, text, type) => {
    expect(judged(text, type)).toBe(false);
  });
});
