// A request that lacks information waits for its submitter's answer only when the submitter was
// asked: "has been submitted" lists what is missing. Mail that may not be answered (a forged From,
// an autoresponder's) was asked nothing, so it stays New for the admins, with what it lacks kept.
import { describe, expect, it } from 'vitest';
import { decideNewRequest, type IntakeAssessment, type NewRequest } from '../../src/tickets/new-request.ts';

const SAID: IntakeAssessment = {
  route: 'ica_helpdesk', topic: 'reports', type: 'issue', priority: 'normal', clientIds: [],
  missingInfo: ['report_name', 'when_started'], missingQuestions: ['Which report?', 'When did it start?'], summary: 'Report stops halfway',
  articles: [], routedTo: null, vendorNotice: null, urgentReason: null, unsure: null,
};

const request = (over: Partial<NewRequest>): NewRequest => ({
  submitter: { email: 'becky@utah.test', name: 'Becky Tyler' }, subject: 'The report stops halfway', summarySubject: 'The report stops halfway',
  text: 'The report stops halfway.', attachments: [], unstoredFilesLine: null, copied: [], mayAnswer: true, intake: SAID, ...over,
});

function created(change: ReturnType<typeof decideNewRequest>) {
  if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
  return change;
}

describe('a request that lacks information', () => {
  it('waits for its submitter, who is asked for it', () => {
    const change = created(decideNewRequest(request({}), null));
    expect(change.ticket).toMatchObject({ status: 'waiting_for_response', missingInfo: ['report_name', 'when_started'] });
    expect(change.events.map((e) => e.event)).toContain('submitted');
  });

  it.each([
    ['from a forged address', { mayAnswer: false, unverifiedSender: 'DMARC policy failed' }],
    ['that may not be answered', { mayAnswer: false }],
  ])('%s stays New for the admins, with what it lacks kept on the ticket', (_what, over) => {
    const change = created(decideNewRequest(request(over), null));
    expect(change.ticket).toMatchObject({ status: 'new', missingInfo: ['report_name', 'when_started'] });
    expect(change.events.map((e) => e.event)).toEqual(['new_ticket_admin']);
  });
});
