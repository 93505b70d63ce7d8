import { describe, expect, it } from 'vitest';
import { describeNotificationTable, NOTIFICATION_TABLE, planNotifications, type NotifyInput } from '../../src/outbound/notify-plan.ts';
import { TICKET_EVENTS, type Participant, type TicketState } from '../../src/tickets/types.ts';

const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: true };
const ADMINS = ['summer@utah.test', 'lead@utah.test'];
const SUPPORT = 'support@clienttrack.test';

const ticket = (overrides: Partial<TicketState> = {}): TicketState => ({
  id: 180,
  ref: 'Utah_RW-180',
  status: 'assigned',
  resolution: null,
  type: 'issue',
  priority: 'normal',
  summary: 'Wrong Org',
  assigneeEmail: 'summer@utah.test',
  closedAt: null,
  escalatedAt: null,
  ...overrides,
});

function plan(overrides: Partial<NotifyInput> & Pick<NotifyInput, 'event'>) {
  return planNotifications({
    ticket: ticket(),
    participants: [BECKY, ANN],
    actorEmail: null,
    internal: false,
    adminEmails: ADMINS,
    supportAddress: SUPPORT,
    ...overrides,
  });
}

const addresses = (planned: { to: string }[]) => planned.map((p) => p.to).sort();

describe('who gets which status mail', () => {
  it('confirms a submission to the submitter who sent it, and tells interested people', () => {
    const planned = plan({ event: 'submitted', ticket: ticket({ status: 'new', assigneeEmail: null }), actorEmail: BECKY.email });
    expect(planned).toEqual([
      { to: 'becky@utah.test', role: 'submitter', template: 'submitted' },
      { to: 'ann@utah.test', role: 'interested', template: 'submitted' },
    ]);
  });

  it('tells the submitter whose request was forwarded elsewhere, though her own mail caused it', () => {
    const planned = plan({ event: 'routed', ticket: ticket({ status: 'closed', resolution: 'routed', assigneeEmail: null }), actorEmail: BECKY.email });
    expect(planned).toEqual([
      { to: 'becky@utah.test', role: 'submitter', template: 'routed' },
      { to: 'ann@utah.test', role: 'interested', template: 'routed' },
    ]);
  });

  it('sends every admin the new request', () => {
    const planned = plan({ event: 'new_ticket_admin', actorEmail: BECKY.email });
    expect(planned).toEqual([
      { to: 'summer@utah.test', role: 'admin', template: 'new_ticket_admin' },
      { to: 'lead@utah.test', role: 'admin', template: 'new_ticket_admin' },
    ]);
  });

  it('tells the submitter, interested people and the assignee about an assignment, but not the admin who made it', () => {
    const planned = plan({ event: 'assigned', ticket: ticket({ assigneeEmail: 'niko@clienttrack.test' }), actorEmail: 'summer@utah.test' });
    expect(addresses(planned)).toEqual(['ann@utah.test', 'becky@utah.test', 'niko@clienttrack.test']);
  });

  it('sends a note to everyone on the ticket except its writer', () => {
    expect(addresses(plan({ event: 'new_note', actorEmail: BECKY.email }))).toEqual(['ann@utah.test', 'summer@utah.test']);
  });

  it('sends a note on an unassigned ticket to the admins so someone reads it', () => {
    const planned = plan({ event: 'new_note', ticket: ticket({ assigneeEmail: null, status: 'new' }), actorEmail: BECKY.email });
    expect(addresses(planned)).toEqual(['ann@utah.test', 'lead@utah.test', 'summer@utah.test']);
  });

  it('sends an internal note only to admins, the assignee and the support team', () => {
    const planned = plan({
      event: 'new_note',
      internal: true,
      ticket: ticket({ assigneeEmail: 'niko@clienttrack.test', escalatedAt: new Date('2026-05-01T00:00:00Z') }),
      actorEmail: 'summer@utah.test',
    });
    expect(addresses(planned)).toEqual(['niko@clienttrack.test', SUPPORT]);
    expect(planned.some((p) => p.to === BECKY.email || p.to === ANN.email)).toBe(false);
  });

  it('sends nothing to someone who asked to stop receiving updates on the ticket', () => {
    const stopped = { ...ANN, notify: false };
    const planned = plan({ event: 'fixed', participants: [BECKY, stopped], actorEmail: 'summer@utah.test' });
    expect(addresses(planned)).toEqual(['becky@utah.test']);
  });

  it('sends one mail per address even when the person holds several roles', () => {
    const adminSubmitter: Participant = { ...BECKY, email: 'summer@utah.test' };
    const planned = plan({ event: 'new_note', participants: [adminSubmitter, ANN], actorEmail: ANN.email });
    expect(planned.filter((p) => p.to === 'summer@utah.test')).toEqual([{ to: 'summer@utah.test', role: 'submitter', template: 'new_note' }]);
  });

  it('sends the escalation to the support address only', () => {
    expect(plan({ event: 'escalated', actorEmail: 'summer@utah.test' })).toEqual([{ to: SUPPORT, role: 'support', template: 'escalated' }]);
  });

  it('keeps the support team on notes once a ticket is escalated', () => {
    const planned = plan({ event: 'new_note', ticket: ticket({ escalatedAt: new Date('2026-05-01T00:00:00Z') }), actorEmail: BECKY.email });
    expect(addresses(planned)).toContain(SUPPORT);
    expect(addresses(plan({ event: 'new_note', actorEmail: BECKY.email }))).not.toContain(SUPPORT);
  });

  it('spares the support team a new note it reads in the escalation mail of the same reply, and no one else', () => {
    const escalated = ticket({ escalatedAt: new Date('2026-05-20T12:00:00Z') });
    const supportAgent: Participant = { personId: 4, email: 'agent@clienttrack.test', name: 'Agent', role: 'support', notify: true };
    const planned = plan({ event: 'new_note', ticket: escalated, participants: [BECKY, ANN, supportAgent], actorEmail: 'summer@utah.test', payload: { notToSupport: true } });
    expect(addresses(planned)).toEqual(['ann@utah.test', 'becky@utah.test']);
    const internal = plan({ event: 'new_note', ticket: escalated, internal: true, actorEmail: 'lead@utah.test', payload: { notToSupport: true } });
    expect(addresses(internal)).toEqual(['summer@utah.test']);
  });

  it('tells the admins about events on an urgent ticket', () => {
    const planned = plan({ event: 'fixed', ticket: ticket({ priority: 'urgent', assigneeEmail: 'niko@clienttrack.test' }), actorEmail: 'niko@clienttrack.test' });
    expect(addresses(planned)).toEqual(['ann@utah.test', 'becky@utah.test', 'lead@utah.test', 'summer@utah.test']);
  });

  it('sends a not-fixed mark to the assignee, not back to the submitter who made it', () => {
    expect(addresses(plan({ event: 'not_fixed', actorEmail: BECKY.email }))).toEqual(['ann@utah.test', 'summer@utah.test']);
  });

  it('sends a refusal only to its sender, and only when the sender is known', () => {
    expect(plan({ event: 'command_refused', actorEmail: 'Becky@Utah.test' })).toEqual([{ to: 'becky@utah.test', role: 'submitter', template: 'command_refused' }]);
    expect(plan({ event: 'command_refused', actorEmail: 'mallory@evil.test' })).toEqual([]);
  });

  it('matches addresses without regard to case', () => {
    const planned = plan({ event: 'new_note', actorEmail: 'BECKY@UTAH.TEST' });
    expect(addresses(planned)).not.toContain('becky@utah.test');
  });

  it('has a rule for every event and prints as a Markdown table', () => {
    expect(Object.keys(NOTIFICATION_TABLE).sort()).toEqual([...TICKET_EVENTS].sort());
    const markdown = describeNotificationTable();
    expect(markdown.split('\n')[0]).toBe('| Event | Template | Who gets it | What it says |');
    for (const event of TICKET_EVENTS) expect(markdown).toContain(`| \`${event}\` |`);
  });
});

// Marking a fix not fixed or closing it is the submitter's or an admin's, so a fix said not to work
// is reminded about to an admin as well when its assignee is not one (one since unmarked as admin).
describe('the reminder of a fix said not to work', () => {
  const NIKO = 'niko@clienttrack.test';
  const awaiting = (assigneeEmail: string | null) => ticket({ status: 'fixed_verify_needed', assigneeEmail });
  const reminded = (t: TicketState, participants: Participant[] = [BECKY, ANN]) => addresses(plan({ event: 'reminder_stale', ticket: t, participants }));

  it('goes to the admins as well as an assignee who may not mark it not fixed or close it', () => {
    expect(reminded(awaiting(NIKO), [BECKY, ANN, { personId: 3, email: NIKO, name: 'Niko', role: 'assignee', notify: true }]))
      .toEqual(['lead@utah.test', NIKO, 'summer@utah.test']);
  });

  it('goes to the assignee alone when they are an admin, or the submitter', () => {
    expect(reminded(awaiting('Summer@Utah.test'))).toEqual(['summer@utah.test']);
    expect(reminded(awaiting(BECKY.email))).toEqual([BECKY.email]);
  });

  it('goes to the admins of an unassigned ticket as before, each once', () => {
    expect(reminded(awaiting(null))).toEqual(['lead@utah.test', 'summer@utah.test']);
  });

  it('goes to the assignee alone on a ticket being worked, which they may mark fixed', () => {
    expect(reminded(ticket({ status: 'assigned', assigneeEmail: NIKO }))).toEqual([NIKO]);
  });
});

describe('confirmations the guide expects', () => {
  it('sends the submitter "has been verified" for her own #verified, as the guide shows', () => {
    const planned = planNotifications({
      event: 'verified',
      ticket: { id: 1, ref: 'Utah_RW-1', status: 'closed', resolution: 'verified', type: 'issue', priority: 'normal', summary: 's', assigneeEmail: 'summer@example.test', closedAt: new Date(), escalatedAt: null },
      participants: [
        { personId: 1, email: 'alice@example.test', name: 'Alice', role: 'submitter', notify: true },
        { personId: 2, email: 'summer@example.test', name: 'Summer', role: 'assignee', notify: true },
      ],
      actorEmail: 'alice@example.test', internal: false, adminEmails: [], supportAddress: null,
    });
    expect(planned.map((p) => p.to).sort()).toEqual(['alice@example.test', 'summer@example.test']);
  });
});

describe('confirmations are the submitter\'s alone', () => {
  it('tells an admin who verifies an unassigned or urgent ticket nothing of it as news', () => {
    const unassigned = plan({ event: 'verified', ticket: ticket({ status: 'closed', resolution: 'verified', assigneeEmail: null }), actorEmail: 'summer@utah.test' });
    expect(addresses(unassigned)).not.toContain('summer@utah.test');
    expect(addresses(unassigned)).toContain(BECKY.email);
    const urgent = plan({ event: 'verified', ticket: ticket({ status: 'closed', resolution: 'verified', priority: 'urgent', assigneeEmail: 'niko@utah.test' }), actorEmail: 'lead@utah.test' });
    expect(addresses(urgent)).not.toContain('lead@utah.test');
    expect(addresses(urgent)).toContain(BECKY.email);
  });

  it('tells an admin copied on a request who routes it nothing of it as news', () => {
    const copied: Participant = { personId: 3, email: 'summer@utah.test', name: 'Summer', role: 'interested', notify: true };
    const planned = plan({ event: 'routed', ticket: ticket({ status: 'new', assigneeEmail: null }), participants: [BECKY, ANN, copied], actorEmail: copied.email });
    expect(addresses(planned)).not.toContain('summer@utah.test');
    expect(addresses(planned)).toContain(BECKY.email);
  });

  it('still tells a submitter who is an admin of her own verification', () => {
    const own: Participant = { personId: 4, email: 'lead@utah.test', name: 'Lead', role: 'submitter', notify: true };
    const planned = plan({ event: 'verified', ticket: ticket({ status: 'closed', resolution: 'verified', assigneeEmail: null }), participants: [own], actorEmail: own.email });
    expect(addresses(planned)).toContain('lead@utah.test');
  });
});

describe('events that name their own recipients', () => {
  it('sends a refusal to the sender the decision names, even one who asked to stop', () => {
    const stopped = { ...BECKY, notify: false };
    const planned = plan({ event: 'command_refused', participants: [stopped, ANN], actorEmail: 'Becky@Utah.test', payload: { to: 'Becky@Utah.test', refusals: [] } });
    expect(planned).toEqual([{ to: 'becky@utah.test', role: 'named', template: 'command_refused' }]);
  });

  it('sends a forwarded request to the address the event names, and nothing when it names none', () => {
    expect(addresses(plan({ event: 'forwarded', actorEmail: BECKY.email, payload: { to: 'intake@macch.test' } }))).toEqual(['intake@macch.test']);
    expect(plan({ event: 'forwarded', actorEmail: BECKY.email, payload: {} })).toEqual([]);
  });

  it('sends the digest, about no single ticket, to the admins', () => {
    expect(addresses(plan({ event: 'digest', ticket: null, participants: [] }))).toEqual([...ADMINS].sort());
  });

  it('mails nobody back when automatic-looking mail caused the change, and still tells the others', () => {
    const planned = plan({ event: 'new_note', actorEmail: BECKY.email, payload: { notToActor: true } });
    expect(addresses(planned)).toEqual(['ann@utah.test', 'summer@utah.test']);
    const submitted = plan({ event: 'submitted', ticket: ticket({ status: 'new', assigneeEmail: null }), actorEmail: BECKY.email, payload: { notToActor: true } });
    expect(addresses(submitted)).toEqual(['ann@utah.test']);
  });
});
