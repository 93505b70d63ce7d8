// A ticket given to someone else (Becky's "#assign me" on Summer's ticket, an admin assigning it to
// another on the page) is announced with "has been assigned" to the submitter, the people notified
// and the new assignee; whom it was taken from hears it too, in words for them ("has been
// reassigned", to whom), unless they gave it away themselves. The event names them (tickets/decide.ts):
// the ticket after the change no longer does.
import { describe, expect, it } from 'vitest';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';
import { planNotifications, type NotifyInput } from '../../src/outbound/notify-plan.ts';
import { renderEmail } from '../../src/outbound/render.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';

const templates = await loadMailTemplates();
const words = (t: string) => t.replace(/\s+/g, ' ');

const ALICE: Participant = { personId: 1, email: 'alice@utah.test', name: 'Alice', role: 'submitter', notify: true };
const BECKY = 'becky@utah.test';
const SUMMER = 'summer@utah.test';

// After Becky's "#assign me": the ticket is hers, Summer's assignee row is gone.
const ticket: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Wrong Org',
  assigneeEmail: BECKY, closedAt: null, escalatedAt: null,
};
const participants: Participant[] = [ALICE, { personId: 2, email: BECKY, name: 'Becky Tyler', role: 'assignee', notify: true }];

function plan(overrides: Partial<NotifyInput> = {}) {
  return planNotifications({
    event: 'assigned', ticket, participants, actorEmail: BECKY, internal: false, adminEmails: [SUMMER, BECKY], supportAddress: null,
    payload: { previousAssignee: SUMMER }, ...overrides,
  });
}

describe('who hears of a reassignment', () => {
  it('tells whom the ticket was taken from, as well as the submitter, once, unless they gave it away themselves', () => {
    expect(plan()).toEqual([
      { to: ALICE.email, role: 'submitter', template: 'assigned' },
      { to: SUMMER, role: 'previous_assignee', template: 'assigned' },
    ]);
    const copied: Participant = { personId: 3, email: SUMMER, name: 'Summer', role: 'interested', notify: true };
    expect(plan({ participants: [...participants, copied] }).map((p) => p.to)).toEqual([ALICE.email, SUMMER]);
    // Summer giving it to Becky hears nothing of her own action; Becky, given it, does.
    expect(plan({ actorEmail: 'Summer@Utah.test' }).map((p) => p.to)).toEqual([ALICE.email, BECKY]);
  });
});

describe('the mail to whom the ticket was taken from', () => {
  const input: MailPropsInput = {
    event: 'assigned', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
    ticket: { ref: 'Utah_RW-7', summary: 'Wrong Org', status: 'assigned', description: 'The Org is wrong.', clientIds: [] },
    payload: { previousAssignee: SUMMER }, note: null, files: [],
    actor: { email: BECKY, name: 'Becky Tyler' }, assignee: { email: BECKY, name: 'Becky Tyler' },
    recipient: { email: 'Summer@Utah.test', name: 'Summer Bammes' }, recipientIsStaff: true, recipientRoles: ['admin'],
    replyAddress: 'helpdesk+7-3-aaaaaaaaaaaaaaaa@utah.test', helpdeskAddress: 'helpdesk@utah.test',
  };

  it('says it was reassigned from them to the new assignee, and leaves everyone else the guide\'s "has been assigned"', async () => {
    const mail = await renderEmail(templates, 'assigned', buildMailProps(input) as never);
    expect(mail.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-7 has been reassigned');
    expect(words(mail.text)).toContain('issue Utah_RW-7, which was assigned to you, has been reassigned to Becky Tyler.');
    expect(words(mail.text)).toContain('You no longer need to work on it');
    expect(words(mail.text)).not.toContain('You will get an email whenever a note is added');
    for (const recipient of [{ email: ALICE.email, name: 'Alice' }, { email: BECKY, name: 'Becky Tyler' }]) {
      const other = await renderEmail(templates, 'assigned', buildMailProps({ ...input, recipient }) as never);
      expect(other.subject, recipient.email).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-7 has been assigned');
      expect(words(other.text), recipient.email).toContain('This email is to inform you that issue Utah_RW-7 has been assigned to Becky Tyler.');
      expect(words(other.text), recipient.email).not.toContain('reassigned');
    }
  });
});
