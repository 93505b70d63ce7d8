// Out-of-office notices that carry no automatic-mail headers are autoresponders' by their wording
// (../shared/notes/reply-conventions.md: auto_reply "whether or not they carry RFC 3834 headers"):
// a return on a weekday or a date ("will return Wednesday, February 12", "back in the office on
// Monday"), limited or intermittent access to mail, an offer of immediate assistance elsewhere,
// an office closed until it reopens, someone out on leave until or through a date. On a ticket
// such a notice is an internal note that changes nothing. A person who mentions being away in a
// real answer is still a person.
import { describe, expect, it } from 'vitest';
import { ALICE, mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import type { TicketState } from '../../src/tickets/types.ts';
import { verdictOf } from './mail-kind-support.ts';

const waiting: TicketState = {
  id: 1, ref: 'Utah_RW-1', status: 'waiting_for_response', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Enrollment will not save', assigneeEmail: null, closedAt: null, escalatedAt: null,
  route: 'ica_helpdesk', topic: 'client_record', missingInfo: ['client_id'],
};

const lookup: ThreadLookup = {
  findThread: async () => ({ ticket: waiting, matchedBy: 'message-id', participants: [ALICE] }),
  personEmail: async (id) => (id === 1 ? ALICE.email : null),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
};

const ANSWER = { subject: 'RE: [ClientTrack Issues Tracking] Issue Utah_RW-180 is waiting for your response', headers: 'In-Reply-To: <waiting-180@acme.test>\r\n' };

describe('an out-of-office notice without automatic-mail headers', () => {
  it('to a signed reply address is an internal note that leaves the waiting ticket waiting', async () => {
    const r = await runPipeline(mailFixture('ooo-return-weekday-no-headers.eml'), PIPELINE_SETTINGS, lookup, null, REPLY_NOW);
    expect(r.verdict).toEqual({ kind: 'auto_reply', reason: 'ooo body' });
    expect(r.decision.change).toMatchObject({ kind: 'update', note: { internal: true } });
    expect(r.decision.change).not.toHaveProperty('patch.status');
    expect(r.decision.change).not.toHaveProperty('patch.missingInfo');
  });

  it.each([
    'I am currently out of the office and will return Wednesday, February 12. I will have intermittent access to email. If you need immediate assistance, please contact Ana Ruiz.',
    'Our office is closed for the holiday and will reopen on Monday, January 2.',
    "I'm out on leave through the end of the month.",
    'I’m out on leave until March 31. For immediate assistance please contact the front desk.',
    'I am out of the office and will be back in the office on Monday, March 10.',
    'I am currently away from my desk, returning March 10, with limited email access.',
    'I am out until 3/10 with intermittent access to email.',
    'The office will be closed from December 24 through January 1 and will reopen on January 2. We apologize for any inconvenience. Happy holidays!',
    'Hello,\n\nWe are closed today and will reopen Tuesday at 8 am. For urgent matters, call 801-555-0100.\n\nThank you,\nOgden Family Services',
  ])('is an autoresponder\'s: %j', async (body) => {
    expect(await verdictOf({ ...ANSWER, body })).toEqual({ kind: 'auto_reply', reason: 'ooo body' });
  });

  it.each([
    'I am out on leave until 3/10 but Juan can verify the fix.',
    'The office is closed through Friday. The client ID is ABCD123456.',
    'Our office is closed on Fridays, so the report has to run Thursday night.',
    'I am back in the office on Monday and will try it again then.',
    'I was out on leave last month, so I missed this. The report still shows the wrong totals.',
    'I will be out of the office next week and will return Monday, March 17. Please close the ticket if it works by then.',
    'I am currently out of the office and will return Wednesday. Is the report fixed now?',
  ])('is a person\'s: %j', async (body) => {
    expect((await verdictOf({ ...ANSWER, body })).kind).toBe('person');
  });
});
