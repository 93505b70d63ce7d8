// Whether a reported problem can itself be the block is the type model's call, and a near tie between
// "issue" and another type must not decide a client's urgency: a problem as likely as not counts as
// reported, whichever type came out on top; a problem the model finds unlikely does not. Judged with the
// model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, type: string, issueProbability: number): boolean =>
  judgeUrgency(text, { topic: 'client_record', type, issueProbability }, rules.vocabulary!, 0.05).urgent;

const BACK_PAY = 'A checklist for the intake screens would be nice some day.\n\nMore pressing: Mr. Ortiz loses his SSI back pay if the birth date on his profile is not fixed before Friday, and the field is greyed out for me.';
// The problem reported is the only block: nothing says "cannot" or "will not".
const NO_BLOCK_SAID = 'Mrs. Lund arrives from the clinic at 4 today for a family shelter bed, and her enrollment has the wrong household in it.';
const DISCHARGE = 'The clinic sends Mrs. Lund to us at 4 today and her enrollment into the family shelter will not save.';

describe('a near tie on the type does not decide urgency', () => {
  it.each([
    ['a suggestion that is nearly as likely an issue', BACK_PAY, 'suggestion', 0.43],
    ['a question that is nearly as likely an issue', NO_BLOCK_SAID, 'question', 0.4],
    ['an issue', DISCHARGE, 'issue', 0.9],
    ['a suggestion read as an issue', BACK_PAY, 'issue', 0.9],
  ])('urgent: %s', (_name, text, type, p) => {
    expect(judged(text, type, p)).toBe(true);
  });

  it.each([
    ['a clear suggestion', BACK_PAY, 'suggestion', 0.05],
    ['a clear question whose only block would be the problem', NO_BLOCK_SAID, 'question', 0.1],
    ['a clear question with no block said', 'Mrs. Lund comes to us at 4 today; which shelter program should her enrollment go in?', 'question', 0.1],
  ])('not urgent: %s', (_name, text, type, p) => {
    expect(judged(text, type, p)).toBe(false);
  });
});
