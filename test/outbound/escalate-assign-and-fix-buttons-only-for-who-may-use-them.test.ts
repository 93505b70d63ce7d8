// The "Escalate", "Assign to me" and "Mark as fixed" buttons in status mail start an #escalate,
// #assign me or #fixed reply. Escalating and assigning are an admin's, marking fixed is the
// submitter's or of whoever works the ticket (tickets/permissions.ts). Each recipient's mail offers
// a button, and asks in words for its action, only when that recipient may use it: an assignee who
// is not an admin is not reminded to escalate, nor shown a button whose reply would be refused. Nor
// is an admin offered to escalate where #escalate would be refused, as the ticket page offers no
// Escalate there: a help desk without a support team (SUPPORT_ADDRESS), a ticket already escalated
// or closed.
import { describe, expect, it } from 'vitest';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';
import { renderEmail } from '../../src/outbound/render.ts';
import type { EventProps } from '../../src/outbound/templates.ts';
import type { ParticipantRole, TicketEvent } from '../../src/tickets/types.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';

const templates = await loadMailTemplates();
const REPLY_ADDRESS = 'helpdesk+1-2-aaaaaaaaaaaaaaaa@example.test';

const base: MailPropsInput = {
  event: 'reminder_stale', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
  ticket: { ref: 'Utah_RW-9', summary: 'Wrong Org AAAA111111', status: 'assigned', description: 'The Org is wrong.', clientIds: ['AAAA111111'] },
  payload: { idleDays: 14 }, note: null, files: [],
  actor: null, assignee: { email: 'niko@example.test', name: 'Niko' },
  recipient: { email: 'niko@example.test', name: 'Niko' }, replyAddress: REPLY_ADDRESS, helpdeskAddress: 'helpdesk@example.test',
  supportAddress: 'support@vendor.example.test',
};

interface Recipient {
  roles: ParticipantRole[];
  /** Works the ticket, as send-mail says it (an admin, the staff list, the support address, its assignee). */
  staff?: boolean;
}

async function render(event: TicketEvent, who: Recipient, status = 'assigned', desk: Partial<Pick<MailPropsInput, 'supportAddress'>> & { escalatedAt?: Date } = {}) {
  const props = buildMailProps({
    ...base, event, ticket: { ...base.ticket, status, escalatedAt: desk.escalatedAt ?? null }, recipientRoles: who.roles, recipientIsStaff: who.staff ?? false,
    ...('supportAddress' in desk ? { supportAddress: desk.supportAddress } : {}),
  });
  const mail = await renderEmail(templates, event, props as EventProps[typeof event] as never);
  const commands = [...mail.html.matchAll(/href="mailto:([^"?]*)\?[^"]*body=([^"&]*)/g)]
    .filter((m) => decodeURIComponent(m[1]!) === REPLY_ADDRESS)
    .map((m) => decodeURIComponent(m[2]!).split('\r\n')[0]!);
  return { commands, text: mail.text.replace(/\s+/g, ' ') };
}

const ADMIN: Recipient = { roles: ['admin'], staff: true };
const ADMIN_ASSIGNEE: Recipient = { roles: ['assignee', 'admin'], staff: true };
/** An assignee who is not an admin (one since unmarked as admin, or a staff member who is not one). */
const ASSIGNEE: Recipient = { roles: ['assignee'], staff: true };
const SUPPORT: Recipient = { roles: ['support'], staff: true };
/** A staff member copied on the ticket: staff, but only interested in this one. */
const COPIED_STAFF: Recipient = { roles: ['interested'], staff: true };
const NOBODY: Recipient = { roles: [] };
const BUTTON_HINT = 'Each button starts a reply';

describe('the reminder that a ticket has had no update', () => {
  it('offers an admin to mark it fixed or escalate it', async () => {
    for (const who of [ADMIN, ADMIN_ASSIGNEE]) {
      const mail = await render('reminder_stale', who);
      expect(mail.commands, who.roles.join()).toEqual(['#fixed', '#escalate', '#stop']);
      expect(mail.text).toContain('Please add a note with where it stands, mark it as fixed, or escalate it.');
    }
  });

  it('offers an assignee who is not an admin to mark it fixed, never to escalate it', async () => {
    const mail = await render('reminder_stale', ASSIGNEE);
    expect(mail.commands).toEqual(['#fixed', '#stop']);
    expect(mail.text).toContain('Please add a note with where it stands or mark it as fixed.');
    expect(mail.text).not.toMatch(/escalate/i);
  });

  it('offers anyone else it reaches no command but #stop, and asks only for a note', async () => {
    const mail = await render('reminder_stale', NOBODY);
    expect(mail.commands).toEqual(['#stop']);
    expect(mail.text).toContain('Please add a note with where it stands.');
    expect(mail.text).not.toMatch(/escalate|mark it as fixed/i);
    expect(mail.text).not.toContain(BUTTON_HINT);
  });

  it('on a fix said not to work, offers an admin not fixed and escalation, and an assignee who is not one neither', async () => {
    const admin = await render('reminder_stale', ADMIN_ASSIGNEE, 'fixed_verify_needed');
    expect(admin.commands).toEqual(['#notfixed', '#escalate', '#stop']);
    expect(admin.text).toContain('Please add a note with where it stands, mark it as not fixed, close it, or escalate it.');
    const assignee = await render('reminder_stale', ASSIGNEE, 'fixed_verify_needed');
    expect(assignee.commands).toEqual(['#stop']);
    expect(assignee.text).toContain('Please add a note with where it stands.');
    expect(assignee.text).not.toMatch(/escalate|not fixed,|close it/i);
    expect(assignee.text).not.toContain(BUTTON_HINT);
  });

  it('on a fix said not to work, offers the submitter who works it not fixed and closing, not escalation', async () => {
    const mail = await render('reminder_stale', { roles: ['submitter', 'assignee'], staff: true }, 'fixed_verify_needed');
    expect(mail.commands).toEqual(['#notfixed', '#stop']);
    expect(mail.text).toContain('Please add a note with where it stands, mark it as not fixed, or close it.');
    expect(mail.text).not.toMatch(/escalate/i);
  });
});

describe('the not-fixed mail to the people who work the ticket', () => {
  it('offers an admin to mark it fixed or escalate it', async () => {
    expect((await render('not_fixed', ADMIN)).commands).toEqual(['#fixed', '#escalate', '#stop']);
  });

  it('offers an assignee who is not an admin, and the support team, to mark it fixed, not to escalate it', async () => {
    for (const who of [ASSIGNEE, SUPPORT]) expect((await render('not_fixed', who)).commands, who.roles.join()).toEqual(['#fixed', '#stop']);
  });

  it('offers a staff member only copied on the ticket neither', async () => {
    const mail = await render('not_fixed', COPIED_STAFF);
    expect(mail.commands).toEqual(['#stop']);
    expect(mail.text).not.toContain(BUTTON_HINT);
  });
});

describe('the mail about a new ticket that nobody has taken', () => {
  it('offers an admin to take it, mark it fixed or escalate it', async () => {
    expect((await render('new_ticket_admin', ADMIN, 'new')).commands).toEqual(['#assign me', '#fixed', '#escalate', '#stop']);
  });

  it('offers someone who is no longer an admin no command but #stop', async () => {
    const mail = await render('new_ticket_admin', NOBODY, 'new');
    expect(mail.commands).toEqual(['#stop']);
    expect(mail.text).not.toContain(BUTTON_HINT);
  });
});

describe('an Escalate button whose #escalate would be refused', () => {
  it('is not offered on a help desk without a support team, to an admin about a new ticket or one gone stale', async () => {
    const fresh = await render('new_ticket_admin', ADMIN, 'new', { supportAddress: null });
    expect(fresh.commands).toEqual(['#assign me', '#fixed', '#stop']);
    const stale = await render('reminder_stale', ADMIN, 'assigned', { supportAddress: null });
    expect(stale.commands).toEqual(['#fixed', '#stop']);
    expect(stale.text).toContain('Please add a note with where it stands or mark it as fixed.');
    expect(stale.text).not.toMatch(/escalate/i);
  });

  it('is not offered on a ticket already escalated', async () => {
    const mail = await render('not_fixed', ADMIN, 'assigned', { escalatedAt: new Date('2025-03-04T10:00:00Z') });
    expect(mail.commands).toEqual(['#fixed', '#stop']);
  });

  it('is not offered on a ticket closed by the time its mail is made', async () => {
    expect((await render('new_ticket_admin', ADMIN, 'closed')).commands).not.toContain('#escalate');
  });
});
