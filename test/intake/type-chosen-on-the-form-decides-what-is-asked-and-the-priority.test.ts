// The request form's type (the guide's "Report An Issue", "Ask A Question", "Make A Suggestion") is
// the person's own word on their request, and the ticket keeps it. Intake follows it: the checklist
// asks what that type needs (when it started is asked of an issue only), and a suggestion is low
// priority, as intake's own rule has it for a suggestion it recognises.
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { assessRequest } from '../../src/inbound/assess-intake.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { loadArticleCatalogue } from '../../src/intake/articles.ts';

const rules = loadIntakeRules();
const caseload = { subject: 'Can\'t add client to caseload', text: 'Hi,\n\nI can\'t add my client to my caseload. When I click Add to Caseload nothing happens.\n\nThanks,\nErin', attachments: [] };

describe('intake on a request whose type the person chose', () => {
  it('asks an issue\'s questions only of a request the person filed as an issue', () => {
    // Read alone, intake takes it for an issue and asks when it started.
    expect(classifyRequest(caseload, rules)).toMatchObject({ type: 'issue', priority: 'normal' });
    expect(classifyRequest(caseload, rules).missingInfo).toContain('when_started');
    const question = classifyRequest({ ...caseload, chosenType: 'question' }, rules);
    expect(question.type).toBe('question');
    expect(question.missingInfo).not.toContain('when_started');
    expect(question.missingInfo).toContain('client_id');
  });

  it('gives a chosen suggestion the low priority intake gives suggestions, and asks it nothing', () => {
    expect(classifyRequest({ ...caseload, chosenType: 'suggestion' }, rules)).toMatchObject({ type: 'suggestion', priority: 'low', missingInfo: [] });
  });

  it('assesses a request from the form by the chosen type, and mail by intake\'s own', () => {
    const msg: ParsedMessage = {
      messageId: null, inReplyTo: [], references: [], subject: caseload.subject, from: null, to: [], cc: [], replyTo: [], deliveredTo: [], date: null,
      text: caseload.text, html: null, headers: {}, contentType: 'text/plain', contentTypeParams: {}, attachments: [],
    };
    const forwardTo = { macch: null, nmis: null };
    const chosen = assessRequest(msg, rules, loadArticleCatalogue(), forwardTo, 'question');
    expect(chosen).toMatchObject({ type: 'question', priority: 'normal' });
    expect(chosen.missingInfo).not.toContain('when_started');
    expect(assessRequest(msg, rules, loadArticleCatalogue(), forwardTo).missingInfo).toContain('when_started');
  });
});
