// The decision that gives a ticket to someone else names whom it took it from in the `assigned`
// event, so that they hear of it (outbound/notify-plan.ts): by mail ("#assign me" on a colleague's
// ticket) and by the ticket page's form alike, since both ask the same decide(). Nobody is named
// when nobody held it, nor when they had stopped its updates.
import { describe, expect, it } from 'vitest';
import { decide, type Actor, type DecideContext, type TicketDecision } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const ALICE: Participant = { personId: 1, email: 'alice@utah.test', name: 'Alice', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 2, email: 'summer@utah.test', name: 'Summer Bammes', role: 'assignee', notify: true };
const context: DecideContext = {
  participants: [ALICE, SUMMER], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
  staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }, { email: 'becky@utah.test', name: 'Becky Tyler' }],
};
const becky: Actor = { email: 'becky@utah.test', name: 'Becky Tyler', roles: ['admin'], authenticated: true };
const summersTicket: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Wrong Org',
  assigneeEmail: 'Summer@Utah.test', closedAt: null, escalatedAt: null,
};

function assignedPayload(change: TicketDecision): Record<string, unknown> | undefined {
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change.events.find((e) => e.event === 'assigned')?.payload;
}

describe('a reassignment names whom it took the ticket from', () => {
  it('in a reply by mail', () => {
    const change = decide(summersTicket, becky, { commands: [{ kind: 'assign', target: 'me' }], noteText: 'I will take this one.' }, NOW, context);
    expect(assignedPayload(change)).toEqual({ previousAssignee: 'summer@utah.test' });
  });

  it('in the ticket page\'s form', () => {
    // As src/web/ticket-actions.ts asks it: the form's assign, no note, a note never reopening.
    const change = decide(summersTicket, becky, { commands: [{ kind: 'assign', target: 'becky@utah.test' }], noteText: '', noteReopens: false, assessment: null }, NOW, context);
    expect(assignedPayload(change)).toEqual({ previousAssignee: 'summer@utah.test' });
  });

  it('on a ticket waiting for a response, which keeps waiting; nobody on a first assignment, nor someone who stopped the ticket\'s updates', () => {
    const assignMe = { commands: [{ kind: 'assign' as const, target: 'me' }], noteText: '' };
    const waiting = { ...summersTicket, status: 'waiting_for_response' as const };
    expect(assignedPayload(decide(waiting, becky, assignMe, NOW, context))).toEqual({ previousAssignee: 'summer@utah.test' });
    const unassigned = { ...summersTicket, status: 'new' as const, assigneeEmail: null };
    expect(assignedPayload(decide(unassigned, becky, assignMe, NOW, context))).toEqual({});
    const stopped = { ...context, participants: [ALICE, { ...SUMMER, notify: false }] };
    expect(assignedPayload(decide(summersTicket, becky, assignMe, NOW, stopped))).toEqual({});
  });
});
