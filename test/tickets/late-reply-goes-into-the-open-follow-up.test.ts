// A reply too late for its closed ticket, when an earlier late reply already opened a follow-up that
// is still open: the decision makes it a note on that follow-up (its people hear of it as of any
// note), never a second follow-up. Its commands were meant for the closed ticket and are carried out
// on neither; the sender is told where the words went. Someone from the old ticket not on the
// follow-up joins it, when their own status mail proves them. Mail that proves nothing writes only
// into a follow-up its sender is already on; a person staff took off the follow-up, or a follow-up
// that is closed, leaves the reply opening a follow-up of its own, as before.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type OpenFollowUp, type TicketDecision } from '../../src/tickets/decide.ts';
import type { TicketChange } from '../../src/tickets/ticket-change.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const OMAR: Participant = { personId: 2, email: 'omar@utah.test', name: 'Omar', role: 'interested', notify: true };
const becky: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const omar: Actor = { email: OMAR.email, personId: 2, roles: ['interested'], authenticated: true };

const OLD: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'closed', resolution: 'verified', type: 'issue', priority: 'normal',
  summary: 'Wrong Org AAAA111111', assigneeEmail: 'summer@utah.test', closedAt: new Date(NOW.getTime() - 20 * DAY), escalatedAt: null,
};
const NEXT: TicketState = {
  id: 195, ref: 'Utah_RW-195', status: 'new', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Wrong Org AAAA111111', assigneeEmail: null, closedAt: null, escalatedAt: null, version: 3,
};
const openNext = (over: Partial<OpenFollowUp> = {}): OpenFollowUp => ({ ticket: NEXT, participants: [BECKY], ...over });

function lateReply(actor: Actor, text: string, openFollowUp: OpenFollowUp | null): TicketDecision {
  const parsed = parseReplyCommands(text);
  return decide(OLD, actor, { commands: parsed.commands, problems: parsed.problems, noteText: parsed.noteText }, NOW, {
    participants: [BECKY, OMAR], staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }], reopenDays: 14,
    helpdeskAddress: 'help@utah.test', supportAddress: null, openFollowUp,
  });
}

function noteOnNext(decision: TicketDecision): Extract<TicketChange, { kind: 'update' }> {
  if (decision.kind !== 'update' || decision.ticketId !== NEXT.id) throw new Error(`expected a note on the follow-up, got ${JSON.stringify(decision)}`);
  return decision;
}

describe('a late reply while the closed ticket\'s follow-up is open', () => {
  it('is a public note on the follow-up, announced as any note, and opens no second follow-up', () => {
    const change = noteOnNext(lateReply(becky, 'It broke again for AAAA222222 too.', openNext()));
    expect(change).toMatchObject({ outcome: 'appended', patch: {}, participantChanges: [] });
    expect(change.note).toMatchObject({ body: 'It broke again for AAAA222222 too.', internal: false, author: { email: BECKY.email } });
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('carries out none of its commands, and tells the sender where the words went', () => {
    const change = noteOnNext(lateReply(becky, '#notfixed\n#priority high\nStill wrong this morning.', openNext()));
    expect(change.patch).toEqual({});
    expect(change.note?.body).toBe('Still wrong this morning.');
    const refused = change.events.find((e) => e.event === 'command_refused');
    expect(refused?.payload.refusals).toEqual(['#notfixed', '#priority high'].map((command) => ({
      command, reason: 'ticket Utah_RW-180 was closed more than 14 days ago, so what you wrote was added to Utah_RW-195, which follows up on it',
    })));
  });

  it('brings someone from the old ticket onto the follow-up, vouched for, with their note', () => {
    const change = noteOnNext(lateReply(omar, 'Same for my clients in Ogden.', openNext()));
    expect(change.participantChanges).toEqual([{ kind: 'add', person: { email: OMAR.email, name: '' }, role: 'interested', vouched: true }]);
    expect(change.note?.body).toBe('Same for my clients in Ogden.');
  });

  it('from mail that proves nothing: a note on a follow-up its sender is on, else a follow-up of its own', () => {
    expect(noteOnNext(lateReply({ ...becky, authenticated: false }, 'Still wrong.', openNext())).note?.body).toBe('Still wrong.');
    expect(lateReply({ ...omar, authenticated: false }, 'Still wrong.', openNext())).toMatchObject({ kind: 'new_ticket', followUp: { ticket: { id: OLD.id } } });
  });

  it('opens a follow-up of its own for a person staff took off the follow-up, as before', () => {
    expect(lateReply(omar, 'Still wrong.', openNext({ removedByStaff: [OMAR.email] }))).toMatchObject({ kind: 'new_ticket', followUp: { ticket: { id: OLD.id } } });
  });

  it('opens a follow-up when there is none open, or the one given is closed', () => {
    expect(lateReply(becky, 'Still wrong.', null)).toMatchObject({ kind: 'new_ticket', followUp: { ticket: { id: OLD.id } } });
    const closed = openNext({ ticket: { ...NEXT, status: 'closed', resolution: 'verified', closedAt: NOW } });
    expect(lateReply(becky, 'Still wrong.', closed)).toMatchObject({ kind: 'new_ticket', followUp: { ticket: { id: OLD.id } } });
  });

  it('leaves what stays on the closed ticket there: thanks, and a reply asking for it left alone', () => {
    expect(lateReply(becky, 'Thank you so much!', openNext())).toMatchObject({ kind: 'update', ticketId: OLD.id });
    expect(lateReply(becky, '#stop\nPlease stop sending me these.', openNext())).toMatchObject({ kind: 'update', ticketId: OLD.id });
  });
});
