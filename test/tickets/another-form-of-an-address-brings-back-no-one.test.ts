// Mail to `bob+x@` reaches bob@ (subaddressing: Gmail, Microsoft 365, Postfix), and Gmail ignores
// the dots in its addresses. So a person staff took off a ticket, who stopped its mail (#stop), or
// who said #stop on a ticket they are not on, is not brought back by another form of their address:
// a #cc of it is refused as a #cc of theirs is, and a Cc header naming it adds no one.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext, type TicketDecision } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann.lee@gmail.com', name: 'Ann Lee', role: 'interested', notify: false };
const BOB = 'bob@agency.test';
const DANA = 'dana@utah.test'; // an admin not on the ticket, who said #stop on it
const CONTEXT: DecideContext = {
  participants: [BECKY, ANN], removedByStaff: [BOB], muted: [DANA], staff: [{ email: 'summer@utah.test', name: 'Summer' }], reopenDays: 14,
  helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const admin: Actor = { email: 'summer@utah.test', roles: ['admin'], authenticated: true };
const TICKET: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Enrollment will not save', assigneeEmail: null, closedAt: null, escalatedAt: null,
};

function reply(text: string, copied: string[] = [], actor: Actor = submitter): Extract<TicketDecision, { kind: 'update' }> {
  const parsed = parseReplyCommands(text);
  const decision = decide(TICKET, actor, { ...parsed, copied: copied.map((email) => ({ email, name: '' })) }, NOW, CONTEXT);
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}`);
  return decision;
}

const refusalsOf = (change: Extract<TicketDecision, { kind: 'update' }>) =>
  change.events.filter((e) => e.event === 'command_refused').flatMap((e) => e.payload.refusals as { command: string; reason: string }[]);

describe('someone staff took off the ticket', () => {
  it.each(['bob+x@agency.test', 'Bob+Tickets@Agency.Test'])('is not added back by the submitter\'s #cc of %s, and she is told why', (address) => {
    const change = reply(`#cc ${address}\nPlease keep Bob in the loop.`);
    expect(change.participantChanges).toEqual([]);
    expect(refusalsOf(change)).toEqual([{
      command: `#cc ${address.toLowerCase()}`,
      reason: `the help desk took ${address.toLowerCase()} off this ticket, so they are not added again; only the help desk's staff can add them back`,
    }]);
  });

  it('is not added back by a Cc header naming another form of the address', () => {
    const change = reply('The dates are wrong again.', ['bob+x@agency.test', 'carol@agency.test']);
    expect(change.participantChanges.map((c) => (c.kind === 'add' ? c.person.email : c.kind))).toEqual(['carol@agency.test']);
  });

  it('is still added back by staff, as before', () => {
    const change = reply(`#cc ${BOB}`, [], admin);
    expect(change.participantChanges).toMatchObject([{ kind: 'add', person: { email: BOB }, role: 'interested' }]);
  });
});

describe('someone who stopped the ticket\'s mail', () => {
  it.each(['ann.lee+x@gmail.com', 'annlee@gmail.com', 'a.n.n.lee@googlemail.com'])('is not turned back on by the submitter\'s #cc of %s', (address) => {
    const change = reply(`#cc ${address}`);
    expect(change.participantChanges).toEqual([]);
    expect(refusalsOf(change)).toEqual([{
      command: `#cc ${address}`,
      reason: `${ANN.email} asked not to receive updates on this ticket, so they are not added again; only they or the help desk's staff can turn their updates back on`,
    }]);
  });

  it('is not added by a Cc header naming another form of the address', () => {
    expect(reply('Any news?', ['ann.lee+x@gmail.com', 'annlee@googlemail.com']).participantChanges).toEqual([]);
  });

  it('who said #stop on a ticket they are not on is not added under a +tag either', () => {
    const change = reply('#cc dana+x@utah.test', ['dana+y@utah.test']);
    expect(change.participantChanges).toEqual([]);
    expect(refusalsOf(change)).toEqual([{
      command: '#cc dana+x@utah.test',
      reason: `${DANA} asked not to receive updates on this ticket, so they are not added again; only they or the help desk's staff can turn their updates back on`,
    }]);
  });
});
