// Outlook's "-----Original Message-----" with the earlier message's header fields joined onto the same line
// ("From: ... Sent: Friday, ... To: ...") says who wrote when: "Friday" there is no time ahead, nor "Front Desk" a
// client at the desk. A requirement that holds a need back ("our funder requires it recorded before we hand out a
// voucher") keeps the client from that need whoever sets it; the staff's own task before a date does not.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type = 'question'): boolean => judgeUrgency(text, { topic: 'client_record', type }, rules.vocabulary!, 0.05).urgent;

const forwarded = (earlier: string): string =>
  `FW: two records for one client\n\nForwarding this one, can you merge them?\n\n-----Original Message----- From: Front Desk <desk@example.org> Sent: Friday, December 20, 2024 10:52 AM To: Case Manager <cm@example.org> Subject: two records\n\n${earlier}`;

describe('not urgent: a day or a desk only in the joined header fields', () => {
  it.each([
    ['Sent: Friday', forwarded('Mr. Lane\'s shelter enrollment cannot be saved on either of his two profiles. Please merge them.')],
    ['Sent: Monday, To: Front Desk', forwarded('The family has a second household record and their pantry visits are split between the two. The history cannot be combined by us.').replace('Friday', 'Monday')],
  ])('%s', (_name, text) => {
    expect(judged(text, 'issue')).toBe(false);
  });
});

describe('urgent: the alarm below the joined header fields still counts', () => {
  it('a client in the lobby for tonight\'s voucher', () => {
    expect(judged(forwarded('Ms. Tan is in the lobby for her motel voucher for tonight. The voucher screen won\'t pull her eligibility because she is split in two.'))).toBe(true);
  });
});

describe('a requirement that holds a need back', () => {
  it.each([
    ['our funder requires, before a voucher', 'Add the hotel service\n\nOur outreach program has no hotel voucher service set up, and our funder requires it to be recorded before we hand out a voucher. We have a family outside in the cold right now waiting for one.', true],
    ['nuestra agencia exige, antes de la cama', 'Falta el servicio\n\nNuestra agencia exige que quede registrado antes de darle la cama. La senora esta esperando en la recepcion esta noche.', true],
    ['our own task before a visit', 'Exits before the visit\n\nThe state monitor comes Thursday and our program requires every exit recorded before the visit. Can we exit the clients in bulk?', false],
  ])('%s', (_name, text, urgent) => {
    expect(judged(text)).toBe(urgent);
  });
});
