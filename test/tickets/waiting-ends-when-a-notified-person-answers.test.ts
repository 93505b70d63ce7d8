// A ticket Waiting for Response goes back to work when the question is answered by the submitter
// or by a person notified on the ticket ("Notify additional people ... be able to add notes to the
// ticket"), with the same status mail; staff, unproven senders, a reply without a public note and
// an out-of-office stay without effect on the wait.
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, decideReplyActions, type Actor, type ReplyDecision } from '../../src/tickets/decide.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: true };
const SUMMER: Participant = { personId: 3, email: 'summer@utah.test', name: 'Summer Bammes', role: 'admin', notify: true };
const STAFF = [{ email: SUMMER.email, name: SUMMER.name }];
const PARTICIPANTS = [BECKY, ANN, SUMMER];

const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const interested: Actor = { email: ANN.email, personId: 2, roles: ['interested'], authenticated: true };

function waitingTicket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    id: 180, ref: 'Utah_RW-180', status: 'waiting_for_response', resolution: null, type: 'issue', priority: 'normal',
    summary: 'Wrong Org AAAA111111', assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null, ...overrides,
  };
}

function reply(ticket: TicketState, actor: Actor, text: string): ReplyDecision {
  const parsed = parseReplyCommands(text);
  return decideReplyActions({
    ticket, participants: PARTICIPANTS, actor, commands: parsed.commands, noteText: parsed.noteText, problems: parsed.problems,
    staff: STAFF, now: NOW, reopenDays: 14,
  });
}

function updated(decision: ReplyDecision) {
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}`);
  return decision;
}

describe('a person notified on the ticket answers while it waits', () => {
  it('sends the ticket back to its assignee, as the submitter\'s answer does', () => {
    const answer = updated(reply(waitingTicket(), interested, 'It is AAAA111111, enrolled since March.'));
    expect(answer.ticket.status).toBe('assigned');
    expect(answer.events).toEqual(['new_note']);
    expect(answer.note).toEqual({ text: 'It is AAAA111111, enrolled since March.', internal: false, announcedWith: 'new_note' });
    const submitters = updated(reply(waitingTicket(), submitter, 'It is AAAA111111, enrolled since March.'));
    expect({ ticket: answer.ticket, events: answer.events, note: answer.note }).toEqual({ ticket: submitters.ticket, events: submitters.events, note: submitters.note });
  });

  it('sends an unassigned ticket back to New', () => {
    expect(updated(reply(waitingTicket({ assigneeEmail: null }), interested, 'It is AAAA111111.')).ticket.status).toBe('new');
  });

  it('makes a change that moves the ticket and announces the answer in the new-note mail', () => {
    const change = decide(waitingTicket(), interested, { commands: [], noteText: 'It is AAAA111111.' }, NOW, {
      participants: PARTICIPANTS, staff: STAFF, reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
    });
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.status).toBe('assigned');
    expect(change.events.map((e) => [e.event, e.withNote])).toEqual([['new_note', true]]);
  });

  it('does not end the wait for a person who is also staff on the ticket', () => {
    const adminToo: Actor = { ...interested, roles: ['interested', 'admin'] };
    expect(updated(reply(waitingTicket(), adminToo, 'I checked: it is AAAA111111.')).ticket.status).toBe('waiting_for_response');
    const admin: Actor = { email: SUMMER.email, personId: 3, roles: ['admin'], authenticated: true };
    expect(updated(reply(waitingTicket(), admin, 'Still waiting on the client ID.')).ticket.status).toBe('waiting_for_response');
  });

  it('does not end the wait for a note that did not come through the person\'s own signed address', () => {
    const untrusted: Actor = { ...interested, authenticated: false };
    const decision = updated(reply(waitingTicket(), untrusted, 'It is AAAA111111.'));
    expect(decision.ticket.status).toBe('waiting_for_response');
    expect(decision.events).toEqual(['new_note']);
  });

  it('does not end the wait for a reply without a public note', () => {
    const decision = updated(reply(waitingTicket(), interested, '#stop'));
    expect(decision.ticket.status).toBe('waiting_for_response');
    expect(decision.note).toBeNull();
  });
});

describe('the same answer by mail', () => {
  const SETTINGS: PipelineSettings = {
    helpdeskAddress: 'helpdesk@utah.test', adminEmails: [SUMMER.email], supportAddress: null, reopenDays: 14, staff: STAFF,
    systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
  };
  const lookup: ThreadLookup = {
    findThread: async () => ({ ticket: waitingTicket(), matchedBy: 'token', participants: PARTICIPANTS }),
    personEmail: async (id) => PARTICIPANTS.find((p) => p.personId === id)?.email ?? null,
    isAdmin: async (email) => email === SUMMER.email,
    duplicateOf: async () => undefined,
  };
  /** Ann's mail to her own signed reply address on the ticket. */
  const fromAnn = (body: string, extra: string[] = []) => Buffer.from([
    `From: Ann <${ANN.email}>`, `To: ${makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 180, personId: ANN.personId }, SETTINGS.secretKey, 0, NOW)}`,
    'Subject: Re: [ClientTrack Issues Tracking] Issue Utah_RW-180 is waiting for your response', 'Message-ID: <ann-1@utah.test>',
    'Date: Wed, 20 May 2026 11:00:00 +0000', ...extra, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
  ].join('\r\n'));

  it('moves the ticket on the answer of a person notified on it, through her signed address', async () => {
    const r = await runPipeline(fromAnn('It is AAAA111111.'), SETTINGS, lookup, null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.status).toBe('assigned');
  });

  it('leaves the ticket waiting on her out-of-office, which is only recorded', async () => {
    const r = await runPipeline(fromAnn('I am out of the office until Monday.', ['Auto-Submitted: auto-replied']), SETTINGS, lookup, null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch).toEqual({});
    expect(change.note).toMatchObject({ kind: 'auto_reply', internal: true });
  });
});
