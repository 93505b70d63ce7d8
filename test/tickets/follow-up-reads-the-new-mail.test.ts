// The ticket a late reply opens (tickets/new-request.ts with a follow-up): it stays about the old
// ticket's problem, but what the new mail says now is read as for any request: its urgency and
// why, and its client IDs, which join the old ticket's.
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../src/tickets/decide.ts';
import { decideNewRequest, type IntakeAssessment, type NewRequest } from '../../src/tickets/new-request.ts';
import type { TicketState } from '../../src/tickets/types.ts';

const OLD: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'closed', resolution: 'verified', type: 'question', priority: 'normal', summary: 'Wrong Org BBBB222222',
  assigneeEmail: 'summer@utah.test', closedAt: new Date('2026-04-01T00:00:00Z'), escalatedAt: null,
  route: 'ica_helpdesk', topic: 'client_record', missingInfo: [], clientIds: ['BBBB222222'],
};

/** What intake makes of the late reply, read as a request: urgent, with a client ID, and (wrongly, for a follow-up) routed and asking questions. */
const SAID: IntakeAssessment = {
  route: 'macch', topic: 'coordinated_entry', type: 'issue', priority: 'urgent', clientIds: ['AAAA111111'],
  missingInfo: ['when_started'], missingQuestions: ['When did it start?'], summary: 'Eviction today AAAA111111',
  articles: [{ title: 'An article', url: 'https://help.example.test/1' }],
  routedTo: { name: 'MACCH', why: 'Coordinated Entry is theirs.', address: 'ce@macch.test' }, vendorNotice: null,
  urgentReason: 'client kept from housing, evicted today', unsure: 'route: MACCH, maybe ICA Help Desk',
};

const request = (intake: IntakeAssessment | null): NewRequest => ({
  submitter: { email: 'becky@utah.test', name: 'Becky Tyler' }, subject: 'Re: [ClientTrack Issues Tracking] Issue Utah_RW-7 has been verified',
  summarySubject: 'has been verified', text: 'Client AAAA111111 is being evicted today and cannot be enrolled.', attachments: [],
  unstoredFilesLine: null, copied: [], mayAnswer: true, intake,
});
const followUp = (bare = false): FollowUp => ({ ticket: OLD, reason: 'ticket Utah_RW-7 was closed more than 14 days ago', refusals: [], noteText: 'Client AAAA111111 is being evicted today and cannot be enrolled.', ...(bare ? { bare } : {}) });

function created(change: ReturnType<typeof decideNewRequest>) {
  if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
  return change;
}

describe('a follow-up ticket', () => {
  it('takes its urgency, its reason and its client IDs from the new mail, and keeps the old ticket\'s problem', () => {
    const change = created(decideNewRequest(request(SAID), followUp()));
    expect(change.ticket).toMatchObject({
      priority: 'urgent', clientIds: ['BBBB222222', 'AAAA111111'],
      summary: 'Wrong Org BBBB222222', type: 'question', route: 'ica_helpdesk', topic: 'client_record',
      status: 'new', resolution: null, missingInfo: [], previousTicketId: 7,
    });
    const admins = change.events.find((e) => e.event === 'new_ticket_admin')!;
    expect(admins.payload).toMatchObject({ urgent: true });
    expect(String(admins.payload.reasonText)).toContain('URGENT: client kept from housing, evicted today.');
    expect(String(admins.payload.reasonText)).toContain('This request follows up on closed issue Utah_RW-7');
    // Not routed away, and no questions or articles: those belong to a request read afresh.
    expect(change.events.map((e) => e.event)).toEqual(['submitted', 'new_ticket_admin']);
    expect(change.events[0]!.payload).toMatchObject({ missingInfo: [], articles: [] });
    expect(String(admins.payload.reasonText)).not.toContain('Intake is unsure');
  });

  it('keeps the old ticket\'s high priority when the new mail reads as less, and no old emergency makes the new one urgent', () => {
    const calm: IntakeAssessment = { ...SAID, priority: 'normal', urgentReason: null };
    expect(created(decideNewRequest(request(calm), { ...followUp(), ticket: { ...OLD, priority: 'high' } })).ticket.priority).toBe('high');
    expect(created(decideNewRequest(request(calm), { ...followUp(), ticket: { ...OLD, priority: 'low' } })).ticket.priority).toBe('normal');
    expect(created(decideNewRequest(request({ ...calm, priority: 'high' }), followUp())).ticket.priority).toBe('high');
    const wasUrgent = { ...followUp(), ticket: { ...OLD, priority: 'urgent' as const } };
    expect(created(decideNewRequest(request(calm), wasUrgent)).ticket.priority).toBe('high');
    // A bare follow-up copies nothing, its old priority neither.
    expect(created(decideNewRequest(request(calm), { ...followUp(true), ticket: { ...OLD, priority: 'high' } })).ticket.priority).toBe('normal');
  });

  it('keeps the old ticket\'s priority when no assessment was made', () => {
    const change = created(decideNewRequest(request(null), followUp()));
    expect(change.ticket).toMatchObject({ priority: 'normal', clientIds: ['BBBB222222'] });
  });

  it('copies nothing from the old ticket when the mail proves nothing, yet reads the new mail\'s urgency and client IDs', () => {
    const change = created(decideNewRequest(request(SAID), followUp(true)));
    expect(change.ticket).toMatchObject({ priority: 'urgent', clientIds: ['AAAA111111'], route: null, topic: null, summary: 'has been verified' });
  });
});
