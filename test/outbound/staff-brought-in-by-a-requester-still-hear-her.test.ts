// Someone a requester brings onto her ticket from another domain hears only what staff say until
// they write themselves: she cannot turn the help desk into a mailer to strangers. But when the
// person she brings in is the help desk's own (the admin she knows, the assignee), that rule must
// not cut them off from her notes and her status changes, which they would get anyway as staff.
import { describe, expect, it } from 'vitest';
import { planNotifications, type NotifyInput } from '../../src/outbound/notify-plan.ts';
import type { Participant, TicketEvent, TicketState } from '../../src/tickets/types.ts';

const ALICE: Participant = { personId: 1, email: 'alice@agency.test', name: 'Alice', role: 'submitter', notify: true };
/** The admin Alice added herself ("Add an interested person"): from another domain, so unvouched. */
const SUMMER_ADDED: Participant = { personId: 2, email: 'summer@utah.gov', name: 'Summer', role: 'interested', notify: true, vouched: false };
const STRANGER: Participant = { personId: 3, email: 'victim@elsewhere.test', name: '', role: 'interested', notify: true, vouched: false };

const ticket = (over: Partial<TicketState> = {}): TicketState => ({
  id: 1, ref: 'Utah_RW-1', status: 'new', resolution: null, type: 'issue', priority: 'normal', summary: 'Cannot log in',
  assigneeEmail: null, closedAt: null, escalatedAt: null, ...over,
});

const to = (event: TicketEvent, over: Partial<NotifyInput> = {}) => planNotifications({
  event, ticket: ticket(), participants: [ALICE, SUMMER_ADDED, STRANGER], actorEmail: ALICE.email, internal: false,
  adminEmails: ['summer@utah.gov'], supportAddress: null, ...over,
}).map((p) => p.to);

describe('an admin the requester added as an interested person', () => {
  it('still gets her notes and her close and reopen, as the admin of an unassigned ticket', () => {
    for (const event of ['new_note', 'closed', 'reopened'] as const) {
      expect(to(event), event).toContain('summer@utah.gov');
    }
  });

  it('still gets her notes as the assignee', () => {
    const assigned = ticket({ status: 'assigned', assigneeEmail: 'summer@utah.gov' });
    const participants = [ALICE, SUMMER_ADDED, { ...SUMMER_ADDED, role: 'assignee' as const, vouched: true }, STRANGER];
    expect(to('new_note', { ticket: assigned, participants })).toContain('summer@utah.gov');
  });

  it('leaves a stranger she added hearing only what staff say', () => {
    expect(to('new_note')).not.toContain('victim@elsewhere.test');
    expect(to('new_note', { actorEmail: 'summer@utah.gov' })).toContain('victim@elsewhere.test');
  });
});
