// A reply to a closed ticket that only thanks or says it works ("Thank you so much!" after "has
// been verified", "Thanks, will contact MACCH." after a ticket was routed away) is kept as a note on
// the closed ticket: no reopening, no follow-up, no "has been reopened" to anyone; the staff hear of
// it as of any note. Every other reply does what it did: reopens within REOPEN_DAYS, opens a
// follow-up after.
import { describe, expect, it } from 'vitest';
import { planNotifications } from '../../src/outbound/notify-plan.ts';
import { decide, type Actor, type DecideContext, type TicketActions, type TicketDecision } from '../../src/tickets/decide.ts';
import type { AttachmentInfo, Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');
const ADMINS = ['summer@utah.test'];

const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: true };
const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const interested: Actor = { email: ANN.email, personId: 2, roles: ['interested'], authenticated: true };
const context: DecideContext = {
  participants: [BECKY, ANN], staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }], reopenDays: 14,
  helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};

const closed = (daysAgo: number, overrides: Partial<TicketState> = {}): TicketState => ({
  id: 180, ref: 'Utah_RW-180', status: 'closed', resolution: 'verified', type: 'issue', priority: 'normal', summary: 'Wrong Org AAAA111111',
  assigneeEmail: 'summer@utah.test', closedAt: new Date(NOW.getTime() - daysAgo * DAY), escalatedAt: null, ...overrides,
});

const say = (noteText: string, more: Partial<TicketActions> = {}): TicketActions => ({ commands: [], noteText, ...more });

function update(decision: TicketDecision) {
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}`);
  return decision;
}

/** Who gets which status mail for the change, as the notify plan says. */
function mailOf(ticket: TicketState, decision: TicketDecision, actor: Actor): string[] {
  const change = update(decision);
  const after = { ...ticket, ...(change.patch.status ? { status: change.patch.status } : {}) };
  return change.events.flatMap((e) => planNotifications({
    event: e.event, ticket: after, payload: e.payload, participants: context.participants, actorEmail: actor.email, internal: false,
    adminEmails: ADMINS, supportAddress: null,
  })).map((p) => `${p.template} -> ${p.to}`);
}

const FILE: AttachmentInfo = { filename: 'error.png', contentType: 'image/png', size: 2048, checksum: 'ab'.repeat(32), contentId: null, inline: false };

describe('thanks on a closed ticket', () => {
  it('keeps "Thank you so much!" after "has been verified" as a note, the ticket closed as verified', () => {
    const ticket = closed(1);
    const change = update(decide(ticket, submitter, say('Thank you so much!'), NOW, context));
    expect(change.patch).toEqual({});
    expect(change.outcome).toBe('appended');
    expect(change.note).toMatchObject({ body: 'Thank you so much!', internal: false });
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
    // The assignee hears of the note as of any other; the sender gets nothing back, nobody "has been reopened".
    expect(mailOf(ticket, change, submitter).sort()).toEqual(['new_note -> ann@utah.test', 'new_note -> summer@utah.test']);
  });

  it('keeps a ticket routed away closed when its requester answers that they will contact the organisation; the admins hear a note', () => {
    const ticket = closed(1, { resolution: 'routed', assigneeEmail: null, route: 'macch' });
    const change = update(decide(ticket, submitter, say('Thanks, will contact MACCH.'), NOW, context));
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
    expect(mailOf(ticket, change, submitter).sort()).toEqual(['new_note -> ann@utah.test', 'new_note -> summer@utah.test']);
  });

  it('keeps "it works now" and a colleague\'s thanks as notes too', () => {
    for (const [actor, text] of [[submitter, 'It works now, thanks!'], [interested, 'Thanks!\nAnn'], [submitter, 'Hi Summer,\n\nGreat, thank you.\n\nBecky']] as const) {
      const change = update(decide(closed(2), actor, say(text), NOW, context));
      expect(change.patch, text).toEqual({});
      expect(change.events.map((e) => e.event), text).toEqual(['new_note']);
    }
  });

  it('opens no follow-up for thanks that come after REOPEN_DAYS: the note joins the old ticket, still closed', () => {
    const change = update(decide(closed(30), submitter, say('Works now, thank you!'), NOW, context));
    expect(change).toMatchObject({ ticketId: 180, patch: {}, note: { body: 'Works now, thank you!' } });
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('adds thanks that did not come through the sender\'s own status mail as a note, rather than a new ticket', () => {
    const change = update(decide(closed(2), { ...submitter, authenticated: false }, say('Thank you!'), NOW, context));
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('still reopens on any other reply within REOPEN_DAYS, and still opens a follow-up after', () => {
    for (const text of ['It broke again after the update.', 'Thank you! Can you also add Bob to the caseload?', 'Thanks, but the dates are gone again.']) {
      const change = update(decide(closed(2), submitter, say(text), NOW, context));
      expect(change.patch, text).toMatchObject({ status: 'assigned', resolution: null });
      expect(change.events.map((e) => e.event), text).toEqual(['reopened']);
      expect(decide(closed(30), submitter, say(text), NOW, context), text).toMatchObject({ kind: 'new_ticket', followUp: { ticket: { id: 180 } } });
    }
    expect(decide(closed(2), { ...submitter, authenticated: false }, say('It broke again.'), NOW, context)).toMatchObject({ kind: 'new_ticket' });
  });

  it('reopens on thanks sent with a file, which is for someone to look at; an inline signature image is no such file', () => {
    const withFile = update(decide(closed(2), submitter, say('Thanks!', { attachments: [FILE] }), NOW, context));
    expect(withFile.events.map((e) => e.event)).toEqual(['reopened']);
    const withLogo = update(decide(closed(2), submitter, say('Thanks!', { attachments: [{ ...FILE, filename: 'logo.png', inline: true, contentId: 'logo' }] }), NOW, context));
    expect(withLogo.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('still reopens when the thanks comes with #reopen, or #notfixed with what is wrong', () => {
    const reopened = update(decide(closed(2), submitter, say('Thanks!', { commands: [{ kind: 'reopen' }] }), NOW, context));
    expect(reopened.patch).toMatchObject({ status: 'assigned' });
    const notFixed = update(decide(closed(2), submitter, say('The dates vanished again.', { commands: [{ kind: 'notfixed' }] }), NOW, context));
    expect(notFixed.patch).toMatchObject({ status: 'assigned' });
  });
});
