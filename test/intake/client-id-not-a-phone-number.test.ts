// A phone number is never a client ID, even right after "client's number", "Client #" or "número de la
// clienta": written in 3-3-4 groups (spaces, dots, dashes, brackets, a +1 in front), as 3-4, or as ten or
// seven digits run together where the words around it speak of a phone, a number or a call. The numeric
// Clarity IDs the help desk reads (four to six digits) are still found beside a phone number. With no
// client ID left, a client-record request asks for one.
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { readsAll } from '../support/client-id-cases.ts';

describe('client IDs: a phone number after a client-ID word', () => {
  readsAll([
    ['a spaced number "to reach her"', "The client's number is 402 555 0173 if you need to reach her.", []],
    ['"Client #" and a spaced number', 'Client # 402 555 0173', []],
    ['a dotted number', 'Client number: 402.555.0173, she prefers texts.', []],
    ['a local number in two groups', 'Client no. 555 0173 - she only picks up after 5.', []],
    ['ten digits called a cell', "Client's number: 4025550173 (cell)", []],
    ['ten digits said to be her cell after it', 'Client number 4025550173 is her cell.', []],
    ['a spaced number after a client ID', 'Client ID 40217, 555 0173 if you need her.', ['40217']],
    ['a spaced number after a slash', 'Clients 40217 / 402 555 0173', ['40217']],
  ]);
});

describe('client IDs: a phone number after a client-ID word, in Spanish', () => {
  readsAll([
    ['ten digits as the client\'s number', 'El número de la clienta es 4025550173', []],
    ['a spaced number to call her on', 'El número de la clienta es 402 555 0173, por si necesitan llamarla.', []],
    ['seven digits as the client number', 'Number de cliente: 5550173', []],
    ['a local number in two groups', 'Número de cliente: 555 0173', []],
    ['a spaced number after a slash', 'ID del cliente 31877 / 402 555 0173', ['31877']],
  ]);
});

describe('client IDs: numeric IDs are still found beside a phone number', () => {
  readsAll([
    ['an ID and a bracketed phone', 'Client number 40217, call her at (402) 555-0173.', ['40217']],
    ['a six-digit ID, then where to reach the sender', 'Client ID 207731. You can reach me at 402.555.0173.', ['207731']],
    ['an ID and a phone with +1', 'Client ID: 88102, her phone is +1 402 555 0101.', ['88102']],
    ['two IDs and the mother\'s number', 'Client IDs 71503 and 71877; best number for the mom is 402 555 0173.', ['71503', '71877']],
    ['a four-digit ID', 'Quick one. Client ID 7731 - call me at 555-0148 if needed.', ['7731']],
    ['an ID after "call me about"', 'Please call me about client ID 66120, her number in Clarity is 66120.', ['66120']],
    ['Spanish: an ID and a phone', 'ID del cliente 40217, su teléfono es 402-555-0173.', ['40217']],
    ['Spanish: client number and a phone', 'Número de cliente 31877, teléfono 402 555 0173.', ['31877']],
  ]);
});

describe('a client-record request whose only number is a phone number', () => {
  const rules = loadIntakeRules();
  const classify = (subject: string, text: string) => classifyRequest({ subject, text, attachments: [] }, rules);

  it('asks for the Client ID, in English and Spanish', () => {
    const english = classify('Wrong date of birth on a client profile', "Hi,\n\nOne of our clients has the wrong date of birth on her profile in Clarity. It shows 1990 but she was born in 1989. The client's number is 402 555 0173 if you need to reach her.\n\nThanks,\nAna");
    const spanish = classify('Fecha de nacimiento equivocada', 'Hola,\n\nLa fecha de nacimiento de una clienta está mal en su perfil de Clarity. Dice 1990 pero nació en 1989. El número de la clienta es 4025550173.\n\nGracias,\nAna');
    for (const c of [english, spanish]) {
      expect(c.topic).toBe('client_record');
      expect(c.clientIds).toEqual([]);
      expect(c.missingInfo).toContain('client_id');
    }
  });
});
