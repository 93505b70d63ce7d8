// An issue can be the block itself: a malfunction that keeps a client from a need under time pressure is urgent
// without a blocking word, on the rules' word with the model's urgent probability held low. A request (a question)
// with the same need and time but no block is not, nor is an issue told on a past weekday.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type: string): boolean => judgeUrgency(text, { topic: 'client_record', type }, rules.vocabulary!, 0.03).urgent;

describe('urgent: the issue keeps a client from a need now', () => {
  it.each([
    ['voucher tonight', 'The motel voucher service for Ms. Reyes shows as deleted on her Services tab, and she and her kids check into the motel tonight.'],
    ['insulin today', 'His Prescription Assistance enrollment flips back to exited every time I save it, and the pharmacy checks it today before giving him his insulin.'],
    ['cama esta noche', 'La referencia de la senora al albergue aparece como duplicada en la pestana de Referencias, y el albergue tiene la cama para ella solo esta noche.'],
  ])('%s', (_name, text) => {
    expect(judged(text, 'issue')).toBe(true);
  });
});

describe('not urgent: a request, or an issue on a past weekday', () => {
  it.each([
    ['request', 'Please add the motel voucher service to our program, the motel asked about it for a family tonight.', 'question'],
    ['past weekday', 'On Friday a family was given the wrong shelter bed because the bed list showed Bed 4 empty. Please correct the assignment for client ID 30418.', 'issue'],
  ])('%s', (_name, text, type) => {
    expect(judged(text, type)).toBe(false);
  });
});
