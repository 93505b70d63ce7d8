// Someone a non-staff participant added from another mail domain (unvouched) hears only what staff
// do. Scheduled mail is done by nobody: a waiting reminder would otherwise mail a stranger's #cc
// list, with the request and a sign-in link each, every WAITING_REMINDER_DAYS for ever, and an
// automatic close would tell them of a ticket they were never asked about. The staff among those
// she added (an admin she knew to copy) still hear it, and so does whoever was vouched for.
import { describe, expect, it } from 'vitest';
import { planNotifications, type NotifyInput } from '../../src/outbound/notify-plan.ts';
import type { Participant, TicketEvent, TicketState } from '../../src/tickets/types.ts';

const STRANGER: Participant = { personId: 1, email: 'stranger@spam.test', name: '', role: 'submitter', notify: true };
const VICTIM: Participant = { personId: 2, email: 'victim1@elsewhere.test', name: '', role: 'interested', notify: true, vouched: false };
/** Named again by staff (or wrote on the ticket herself): vouched for. */
const VOUCHED: Participant = { personId: 3, email: 'victim2@elsewhere.test', name: '', role: 'interested', notify: true, vouched: true };
/** An admin the stranger copied: unvouched, but the help desk's own. */
const SUMMER: Participant = { personId: 4, email: 'summer@utah.test', name: 'Summer', role: 'interested', notify: true, vouched: false };
const ADMINS = ['summer@utah.test'];

const ticket = (over: Partial<TicketState> = {}): TicketState => ({
  id: 10, ref: 'Utah_RW-10', status: 'waiting_for_response', resolution: null, type: 'issue', priority: 'normal', summary: 'Report problem',
  assigneeEmail: null, closedAt: null, escalatedAt: null, ...over,
});

const to = (event: TicketEvent, over: Partial<NotifyInput> = {}) => planNotifications({
  event, ticket: ticket(), participants: [STRANGER, VICTIM, VOUCHED, SUMMER], actorEmail: null, internal: false,
  adminEmails: ADMINS, supportAddress: null, ...over,
}).map((p) => p.to);

describe('scheduled mail to people a stranger added', () => {
  it('reminds the stranger of the question, and nobody they added who was not vouched for, who still hear what staff do', () => {
    expect(to('reminder_waiting')).toEqual(['stranger@spam.test', 'victim2@elsewhere.test', 'summer@utah.test']);
    expect(to('new_note', { actorEmail: 'summer@utah.test' })).toContain('victim1@elsewhere.test');
    expect(to('new_note', { actorEmail: 'stranger@spam.test' })).not.toContain('victim1@elsewhere.test');
  });

  it('does not tell them of an automatic close either', () => {
    const closed = ticket({ status: 'closed', assigneeEmail: 'niko@utah.test', closedAt: new Date('2026-05-20T12:00:00Z') });
    expect(to('auto_closed', { ticket: closed })).not.toContain('victim1@elsewhere.test');
    expect(to('auto_closed', { ticket: closed })).toContain('victim2@elsewhere.test');
  });

  it('sends them no scheduled mail of any kind', () => {
    const scheduled: TicketEvent[] = ['reminder_verify', 'reminder_stale', 'reminder_waiting', 'auto_closed', 'digest'];
    for (const status of ['waiting_for_response', 'fixed_verify_needed', 'assigned'] as const) {
      for (const event of scheduled) expect(to(event, { ticket: ticket({ status }) }), `${event} on ${status}`).not.toContain('victim1@elsewhere.test');
    }
  });
});
