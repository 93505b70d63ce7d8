// An admin the requester copies on a new request (the web form's "Notify additional people", a Cc
// on the mail) is on the ticket as an interested person and is an admin: of the request's two
// mails, "has been submitted" and the admins' new-ticket notice, they get the notice alone, which
// says all the other does and carries the admin's buttons. Everyone else copied still gets
// "has been submitted"; a forwarded request, which sends no admin notice, still tells them all.
import { describe, expect, it } from 'vitest';
import { runPipeline, DRY_RUN_LOOKUP } from '../../src/inbound/pipeline.ts';
import { planNotifications, type NotifyInput, type PlannedNotification } from '../../src/outbound/notify-plan.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';
import { PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';

const ADMINS = ['summer@example.test', 'lead@example.test'];
const BECKY: Participant = { personId: 1, email: 'becky@example.test', name: 'Becky', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 2, email: 'summer@example.test', name: 'Summer', role: 'interested', notify: true };
const ANN: Participant = { personId: 3, email: 'ann@example.test', name: 'Ann', role: 'interested', notify: true };

const newTicket: TicketState = {
  id: 1, ref: 'Utah_RW-1', status: 'new', resolution: null, type: 'issue', priority: 'normal', summary: 'Enrollment will not save',
  assigneeEmail: null, closedAt: null, escalatedAt: null,
};

const planFor = (event: NotifyInput['event'], participants: Participant[], ticket = newTicket) => planNotifications({
  event, ticket, participants, actorEmail: BECKY.email, internal: false, adminEmails: ADMINS, supportAddress: null,
});

/** Every mail of the request, by address: which templates each person gets. */
function mailsByAddress(planned: PlannedNotification[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of planned) (out[p.to] ??= []).push(p.template);
  return out;
}

describe('an admin copied on a new request', () => {
  it('gets the admin notice alone; the submitter and the other copied person get "has been submitted"', () => {
    const people = [BECKY, SUMMER, ANN];
    const mails = mailsByAddress([...planFor('submitted', people), ...planFor('new_ticket_admin', people)]);
    expect(mails).toEqual({
      'becky@example.test': ['submitted'],
      'ann@example.test': ['submitted'],
      'summer@example.test': ['new_ticket_admin'],
      'lead@example.test': ['new_ticket_admin'],
    });
  });

  it('compares addresses as addresses: case does not make an admin someone else', () => {
    const shouting = { ...SUMMER, email: 'Summer@Example.TEST' };
    expect(planFor('submitted', [BECKY, shouting]).map((p) => p.to)).toEqual(['becky@example.test']);
  });

  it('is still told of a request forwarded elsewhere, which sends admins no notice', () => {
    const routed = { ...newTicket, status: 'closed' as const, resolution: 'routed' as const };
    expect(planFor('routed', [BECKY, SUMMER], routed).map((p) => p.to)).toEqual(['becky@example.test', 'summer@example.test']);
  });

  it('still gets "has been submitted" for a request they sent themselves', () => {
    const summerSubmits = { ...SUMMER, role: 'submitter' as const };
    const planned = [...planNotifications({ event: 'submitted', ticket: newTicket, participants: [summerSubmits], actorEmail: SUMMER.email, internal: false, adminEmails: ADMINS, supportAddress: null }),
      ...planNotifications({ event: 'new_ticket_admin', ticket: newTicket, participants: [summerSubmits], actorEmail: SUMMER.email, internal: false, adminEmails: ADMINS, supportAddress: null })];
    expect(mailsByAddress(planned)).toEqual({ 'summer@example.test': ['submitted'], 'lead@example.test': ['new_ticket_admin'] });
  });

  it('by a Cc on the request mail gets one mail: the admin notice', async () => {
    const raw = Buffer.from([
      'From: Becky <becky@example.test>', 'To: helpdesk@example.test', 'Cc: Summer <summer@example.test>, Ann <ann@example.test>',
      'Subject: Enrollment will not save', 'Message-ID: <request-cc-admin@example.test>', 'Date: Tue, 04 Mar 2025 17:14:00 +0000',
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
      'When I save the enrollment for client AAAA111111 on the Program Enrollment screen I get an error and nothing is saved.', '', 'Becky', '',
    ].join('\r\n'));
    const r = await runPipeline(raw, { ...PIPELINE_SETTINGS, adminEmails: ADMINS }, DRY_RUN_LOOKUP, loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null }), REPLY_NOW);
    const change = r.decision.change;
    expect(change.kind).toBe('create');
    if (change.kind !== 'create') return;
    const participants: Participant[] = [
      { personId: 1, email: change.submitter.email, name: '', role: 'submitter', notify: true },
      ...change.participants.map((p, i) => ({ personId: i + 2, email: p.person.email, name: '', role: p.role, notify: true })),
    ];
    expect(participants.map((p) => p.email)).toContain('summer@example.test');
    const planned = change.events.flatMap((e) => planNotifications({
      event: e.event, ticket: { ...newTicket, status: change.ticket.status }, participants, actorEmail: change.submitter.email, internal: false,
      adminEmails: ADMINS, supportAddress: null, payload: e.payload,
    }));
    expect(mailsByAddress(planned)['summer@example.test']).toEqual(['new_ticket_admin']);
    expect(mailsByAddress(planned)['ann@example.test']).toEqual(['submitted']);
  });
});
