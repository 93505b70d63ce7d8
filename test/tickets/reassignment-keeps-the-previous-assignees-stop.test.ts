// The decision that gives a ticket to someone else keeps the stop of whom it took it from: the
// assignee row that carried their #stop leaves the ticket with the change, so when no other row of
// theirs carries it, the change says the stop again, and it stays as a stop of someone not on the
// ticket (an admin's, kept in ticket_mutes). By mail and by the ticket page's form alike.
import { describe, expect, it } from 'vitest';
import { decide, type Actor, type DecideContext, type TicketDecision } from '../../src/tickets/decide.ts';
import type { ParticipantChange } from '../../src/tickets/ticket-change.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const ALICE: Participant = { personId: 1, email: 'alice@utah.test', name: 'Alice', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 2, email: 'summer@utah.test', name: 'Summer Bammes', role: 'assignee', notify: false };
const context: DecideContext = {
  participants: [ALICE, SUMMER], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
  staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }, { email: 'becky@utah.test', name: 'Becky Tyler' }],
};
const becky: Actor = { email: 'becky@utah.test', name: 'Becky Tyler', roles: ['admin'], authenticated: true };
const summersTicket: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'assigned', resolution: null, type: 'issue', priority: 'urgent', summary: 'Wrong Org',
  assigneeEmail: 'Summer@Utah.test', closedAt: null, escalatedAt: null,
};
const assignMe = { commands: [{ kind: 'assign' as const, target: 'me' }], noteText: '' };
const onThePage = { commands: [{ kind: 'assign' as const, target: 'becky@utah.test' }], noteText: '', noteReopens: false, assessment: null };

function stopsOf(change: TicketDecision): ParticipantChange[] {
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change.participantChanges.filter((c) => c.kind === 'stop');
}

describe('a reassignment keeps the stop of whom it took the ticket from', () => {
  it('by mail and on the page', () => {
    expect(stopsOf(decide(summersTicket, becky, assignMe, NOW, context))).toEqual([{ kind: 'stop', email: 'summer@utah.test' }]);
    expect(stopsOf(decide(summersTicket, becky, onThePage, NOW, context))).toEqual([{ kind: 'stop', email: 'summer@utah.test' }]);
  });

  it('says nothing when they had not stopped, nor when another row of theirs keeps the stop', () => {
    const hearing = { ...context, participants: [ALICE, { ...SUMMER, notify: true }] };
    expect(stopsOf(decide(summersTicket, becky, assignMe, NOW, hearing))).toEqual([]);
    const copiedToo = { ...context, participants: [ALICE, SUMMER, { ...SUMMER, role: 'interested' as const }] };
    expect(stopsOf(decide(summersTicket, becky, assignMe, NOW, copiedToo))).toEqual([]);
  });
});
