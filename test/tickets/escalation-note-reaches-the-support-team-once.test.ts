// A public note written with #escalate reaches the support team once, in the escalation mail that
// carries it; everyone else hears of it in the new-note mail as before. An internal note written
// with #escalate and another move is the staff's new note, and the team still reads it only in its
// escalation mail. A note that rides in the status mail of another move of the reply ("has been
// reopened") reaches the team once too, in the escalation mail.
import { describe, expect, it } from 'vitest';
import { planNotifications } from '../../src/outbound/notify-plan.ts';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const SUPPORT = 'team@vendor.test';
const ALICE: Participant = { personId: 1, email: 'alice@utah.test', name: 'Alice', role: 'submitter', notify: true };
const admin: Actor = { email: 'summer@utah.test', roles: ['admin'], authenticated: true };
const CONTEXT: DecideContext = {
  participants: [ALICE], staff: [{ email: admin.email, name: 'Summer' }], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: SUPPORT,
};
const ticket: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Income rounds to whole dollars',
  assigneeEmail: admin.email, closedAt: null, escalatedAt: null,
};

/** Who gets which mail about the reply, each mail with whether it shows the note. */
function mailsOf(text: string, before: TicketState = ticket): Array<[string, string, boolean]> {
  const parsed = parseReplyCommands(text);
  const change = decide(before, admin, { commands: parsed.commands, noteText: parsed.noteText }, NOW, CONTEXT);
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  const after: TicketState = { ...before, escalatedAt: NOW, assigneeEmail: admin.email };
  const participants = [ALICE, { personId: 9, email: SUPPORT, name: 'Support team', role: 'support' as const, notify: true }];
  return change.events.flatMap((e) => planNotifications({
    event: e.event, ticket: after, payload: e.payload, participants, actorEmail: admin.email, internal: change.note?.internal === true && e.withNote === true,
    adminEmails: [admin.email], supportAddress: SUPPORT,
  }).map((p): [string, string, boolean] => [p.to, p.template, e.withNote === true]));
}

describe('a note written with #escalate', () => {
  it('reaches the support team once, in the escalation mail, and the submitter in the new-note mail', () => {
    expect(mailsOf('#escalate\nThe total drops the cents after saving; can you look at the hosted calculation?')).toEqual([
      [SUPPORT, 'escalated', true],
      [ALICE.email, 'new_note', true],
    ]);
  });

  it('reaches the support team once when it is internal and comes with another move', () => {
    const unassigned = { ...ticket, status: 'new' as const, assigneeEmail: null };
    expect(mailsOf('#internal\n#assign me\n#escalate\nThe client was discharged on 3/2.', unassigned).filter(([to]) => to === SUPPORT)).toEqual([
      [SUPPORT, 'escalated', true],
    ]);
  });

  it('reaches the support team once when it rides in the reopened mail of a #reopen, and the submitter in that mail', () => {
    const closed = { ...ticket, status: 'closed' as const, resolution: 'closed' as const, closedAt: new Date(NOW.getTime() - 86_400_000) };
    expect(mailsOf('#reopen\n#escalate\nThe totals round again since the update; please look at the hosted calculation.', closed)).toEqual([
      [ALICE.email, 'reopened', true],
      [SUPPORT, 'escalated', true],
    ]);
  });
});
