// Past REOPEN_DAYS a reply that would have reopened a closed ticket starts a new one that names it.
// A reply whose commands ask for the ticket closed or left alone (#close, #verified, #stop) would
// not have reopened it, so it starts nothing either: it is answered on the closed ticket (a refusal
// with why where there is one). Nor does the "Mark the issue as not fixed" prompt sent with nothing
// written under it, which is asked for what is still wrong, as it is within the window. And staff
// only ever add notes to a closed ticket: a support agent answering the team's mail from their own
// address (a note, not proven as a command would be) does not open a ticket in the vendor's name.
import { describe, expect, it } from 'vitest';
import { NOT_FIXED_PROMPT, parseReplyCommands } from '../../src/tickets/commands.ts';
import { decideReplyActions, type Actor, type ReplyDecision } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const JAN: Participant = { personId: 4, email: 'jan@vendor.test', name: 'Jan', role: 'support', notify: true };
const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const agent: Actor = { email: JAN.email, personId: null, roles: ['support'], authenticated: false };

const closedDaysAgo = (days: number, over: Partial<TicketState> = {}): TicketState => ({
  id: 180, ref: 'Utah_RW-180', status: 'closed', resolution: 'closed', type: 'issue', priority: 'normal',
  summary: 'Wrong Org AAAA111111', assigneeEmail: 'summer@utah.test', closedAt: new Date(NOW.getTime() - days * DAY),
  escalatedAt: null, closedAfterFix: true, ...over,
});

function reply(ticket: TicketState, actor: Actor, text: string): ReplyDecision {
  const parsed = parseReplyCommands(text);
  return decideReplyActions({
    ticket, participants: [BECKY, JAN], actor, commands: parsed.commands, noteText: parsed.noteText, problems: parsed.problems,
    staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }], now: NOW, reopenDays: 14,
  });
}

function updated(decision: ReplyDecision) {
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}: ${JSON.stringify(decision)}`);
  return decision;
}

describe('a reply past the reopen window whose commands ask for the ticket closed or left alone', () => {
  it('#close with a note: the ticket stays closed with the note, no new ticket', () => {
    const decision = updated(reply(closedDaysAgo(20), submitter, '#close\nNo longer needed, the client moved out of state.'));
    expect(decision.ticket).toMatchObject({ status: 'closed', resolution: 'closed' });
    expect(decision.note?.text).toBe('No longer needed, the client moved out of state.');
  });

  it('#verified with a note: refused with why (too late to verify), the ticket left as it was, no new ticket', () => {
    const decision = updated(reply(closedDaysAgo(20), submitter, '#verified\nConfirmed, client AAAA111111 shows Ogden now.'));
    expect(decision.ticket).toMatchObject({ status: 'closed', resolution: 'closed' });
    expect(decision.refusals).toEqual([expect.objectContaining({ reason: expect.stringMatching(/can no longer be verified/) })]);
    expect(decision.events).toContain('command_refused');
  });

  it('#stop with a note: her updates stop, no new ticket (which would only send her more mail)', () => {
    const decision = updated(reply(closedDaysAgo(20), submitter, '#stop\nPlease stop sending me these emails.'));
    expect(decision.participantChanges).toEqual([{ kind: 'stop', email: BECKY.email }]);
    expect(decision.refusals).toEqual([]);
  });

  it('still starts a new ticket for a reply that says it broke again, or marks it not fixed with what is wrong', () => {
    expect(reply(closedDaysAgo(20), submitter, 'It broke again after the update.')).toMatchObject({ kind: 'open_new_ticket', previousTicketRef: 'Utah_RW-180' });
    expect(reply(closedDaysAgo(20), submitter, `#notfixed\n${NOT_FIXED_PROMPT}the org still shows Salt Lake.`)).toMatchObject({ kind: 'open_new_ticket' });
  });

  it('asks for what is still wrong when the not-fixed button\'s prompt comes back with nothing under it, as within the window', () => {
    for (const days of [3, 20]) {
      const decision = updated(reply(closedDaysAgo(days), submitter, `#notfixed\n${NOT_FIXED_PROMPT}`));
      expect(decision.ticket.status, `${days} days`).toBe('closed');
      expect(decision.refusals, `${days} days`).toEqual([expect.objectContaining({ reason: expect.stringMatching(/say what is still wrong/) })]);
    }
  });
});

describe('a support agent\'s note on a closed ticket, written from their own address through the team\'s mail', () => {
  it('is a note on the closed ticket, past the window or within it, never a new ticket in the vendor\'s name', () => {
    for (const days of [3, 20]) {
      const decision = updated(reply(closedDaysAgo(days), agent, 'We have deployed the patch to production as well.'));
      expect(decision.ticket.status, `${days} days`).toBe('closed');
      expect(decision.note).toMatchObject({ text: 'We have deployed the patch to production as well.', internal: false });
    }
  });

  it('leaves the submitter\'s own unproven reply on a closed ticket starting a new one, as before', () => {
    expect(reply(closedDaysAgo(3), { ...submitter, authenticated: false }, 'It broke again.')).toMatchObject({ kind: 'open_new_ticket' });
  });
});
