// Who turns a stop of someone's updates back on: a stop of their own only they (by #cc of their
// own address, whatever their role, or by writing on the ticket again when they are not staff); a stop staff made, staff
// too. Anyone else's #cc is refused with a reason that says whose stop it was. Staff turning someone
// back on vouch for them, as staff adding anyone does.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decideReplyActions, type Actor, type ReplyDecision } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: false };
const NIKO: Participant = { personId: 4, email: 'niko@utah.test', name: 'Niko', role: 'assignee', notify: false, stoppedByOther: true };

const submitter: Actor = { email: BECKY.email, roles: ['submitter'], authenticated: true };
const ann: Actor = { email: ANN.email, roles: ['interested'], authenticated: true };
const admin: Actor = { email: 'summer@utah.test', roles: ['admin'], authenticated: true };
const ticket: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Wrong Org AAAA111111',
  assigneeEmail: NIKO.email, closedAt: null, escalatedAt: null,
};

function reply(actor: Actor, text: string, participants: Participant[] = [BECKY, ANN, NIKO]) {
  const parsed = parseReplyCommands(text);
  const decision: ReplyDecision = decideReplyActions({ ticket, participants, actor, commands: parsed.commands, noteText: parsed.noteText, problems: parsed.problems, staff: [], now: NOW, reopenDays: 14 });
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}`);
  return decision;
}

describe('a stop of a person\'s own', () => {
  it('is not undone by the submitter\'s #cc, and the refusal says who can', () => {
    const decision = reply(submitter, `#cc ${ANN.email}`);
    expect(decision.participantChanges).toEqual([]);
    expect(decision.refusals).toEqual([{ command: `#cc ${ANN.email}`, reason: `${ANN.email} asked not to receive updates on this ticket, so they are not added again; only they or the help desk's staff can turn their updates back on` }]);
  });

  it('is undone by the person writing on the ticket again, but not by a reply that says #stop', () => {
    const again = reply(ann, 'Any news? The report still shows the old org.');
    expect(again.participantChanges).toEqual([{ kind: 'resume', email: ANN.email }]);
    expect(again.acknowledgements).toContain('You will receive updates on this ticket again.');
    expect(reply(ann, '#stop\nThanks, I no longer need this.').participantChanges).toEqual([{ kind: 'stop', email: ANN.email }]);
  });

  it('is undone by the person\'s own #cc', () => {
    const stopped = { ...BECKY, notify: false };
    const decision = reply(submitter, `#cc ${BECKY.email}`, [stopped, ANN, NIKO]);
    expect(decision.participantChanges).toEqual([{ kind: 'resume', email: BECKY.email }]);
    expect(decision.refusals).toEqual([]);
  });

  it('is undone by an interested person\'s own #cc, though #cc of anyone else is not theirs', () => {
    const decision = reply(ann, `#cc ${ANN.email.toUpperCase()}`);
    expect(decision.participantChanges).toEqual([{ kind: 'resume', email: ANN.email }]);
    expect(decision.acknowledgements).toEqual(['You will receive updates on this ticket again.']);
    expect(decision.refusals).toEqual([]);
    const other = reply(ann, '#cc carl@utah.test');
    expect(other.participantChanges).toEqual([]);
    expect(other.refusals).toEqual([{ command: '#cc carl@utah.test', reason: 'only the submitter, an admin or the assignee may use #cc on this ticket' }]);
  });

  it('is not undone by a staff member writing a note: staff turn their own mail back on by name', () => {
    const stoppedAdmin: Participant = { personId: 3, email: admin.email, name: 'Summer', role: 'interested', notify: false };
    expect(reply(admin, 'Looked at it, nothing yet.', [BECKY, stoppedAdmin]).participantChanges).toEqual([]);
  });
});

describe('a stop staff made', () => {
  it('is undone by staff\'s #cc', () => {
    const decision = reply(admin, `#cc ${NIKO.email}`);
    expect(decision.participantChanges).toEqual([{ kind: 'resume', email: NIKO.email }]);
    expect(decision.acknowledgements).toContain(`${NIKO.email} will receive updates on this ticket again.`);
  });

  it('is undone by staff\'s #cc with a vouch for someone a requester brought in, as staff adding anyone vouches', () => {
    const dave: Participant = { personId: 5, email: 'dave@agency.example', name: 'Dave', role: 'interested', notify: false, stoppedByOther: true, vouched: false };
    const assignee: Actor = { email: 'kim@utah.test', roles: ['assignee'], authenticated: true };
    for (const staff of [admin, assignee]) {
      const decision = reply(staff, `#cc ${dave.email}`, [BECKY, ANN, NIKO, dave]);
      expect(decision.participantChanges, staff.email).toEqual([{ kind: 'resume', email: dave.email }, { kind: 'vouch', email: dave.email }]);
      expect(decision.acknowledgements, staff.email).toContain(`${dave.email} will receive updates on this ticket again.`);
    }
  });

  it('is not undone by the submitter\'s #cc, and the refusal says so', () => {
    const decision = reply(submitter, `#cc ${NIKO.email}`);
    expect(decision.participantChanges).toEqual([]);
    expect(decision.refusals).toEqual([{ command: `#cc ${NIKO.email}`, reason: `the help desk stopped the updates to ${NIKO.email} on this ticket, so only they or the help desk's staff can turn them back on` }]);
  });
});
