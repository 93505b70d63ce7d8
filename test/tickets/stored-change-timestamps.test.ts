// Which timestamps a stored change sets, and what a duplicate becomes: decided in
// tickets/stored-change.ts before the ticket store writes anything.
import { describe, expect, it } from 'vitest';
import { closedAtOnCreate, duplicateOf, updateStamps } from '../../src/tickets/stored-change.ts';
import type { NewNote, TicketChange, TicketPatch } from '../../src/tickets/ticket-change.ts';

type UpdateChange = Extract<TicketChange, { kind: 'update' }>;
const NOW = new Date('2026-03-02T10:00:00Z');
const REMINDED = new Date('2026-03-02T09:00:00Z');

function update(patch: TicketPatch, note: NewNote['kind'] | null = null): UpdateChange {
  return {
    kind: 'update', ticketId: 7, outcome: 'updated', patch,
    note: note === null ? null : { author: null, kind: note, body: 'b', stripped: '', internal: false },
    attachments: [], participantChanges: [], corrections: [], undeliverable: [], events: [],
  };
}

describe('what a duplicate becomes', () => {
  it('is an ignore on the ticket the first copy went to', () => {
    expect(duplicateOf(12)).toEqual({ kind: 'ignore', reason: 'duplicate-message-id', ticketId: 12 });
    expect(duplicateOf(null)).toEqual({ kind: 'ignore', reason: 'duplicate-message-id', ticketId: null });
  });
});

describe('timestamps of a new ticket', () => {
  it('is closed at birth only when filed as closed', () => {
    expect(closedAtOnCreate('closed', NOW)).toBe(NOW);
    expect(closedAtOnCreate('new', NOW)).toBeNull();
  });
});

describe('timestamps of an update', () => {
  it('counts a person\'s note or any field change as activity', () => {
    expect(updateStamps(update({}, 'note'), NOW)).toEqual({ updatedAt: NOW });
    expect(updateStamps(update({ priority: 'urgent' }), NOW)).toEqual({ updatedAt: NOW });
  });

  it('leaves the activity time alone for an automatic reply, a bounce or a reminder', () => {
    expect(updateStamps(update({}, 'auto_reply'), NOW)).toEqual({});
    expect(updateStamps(update({}, 'bounce'), NOW)).toEqual({});
    expect(updateStamps(update({ remindedAt: REMINDED }), NOW)).toEqual({ lastReminderAt: REMINDED });
    expect(updateStamps(update({ remindedAt: REMINDED }, 'bounce'), NOW)).toEqual({ lastReminderAt: REMINDED });
  });

  it('counts a reminder that comes with a person\'s note as activity', () => {
    expect(updateStamps(update({ remindedAt: REMINDED }, 'note'), NOW)).toEqual({ updatedAt: NOW, lastReminderAt: REMINDED });
  });

  it('sets closedAt on closing, clears it otherwise, and restarts the reminders on any status change', () => {
    expect(updateStamps(update({ status: 'closed' }), NOW)).toEqual({ updatedAt: NOW, closedAt: NOW, lastReminderAt: null });
    expect(updateStamps(update({ status: 'assigned' }), NOW)).toEqual({ updatedAt: NOW, closedAt: null, lastReminderAt: null });
  });

  it('sets fixedAt when the fix awaits verification', () => {
    expect(updateStamps(update({ status: 'fixed_verify_needed' }), NOW)).toEqual({ updatedAt: NOW, closedAt: null, fixedAt: NOW, lastReminderAt: null });
  });

  it('keeps the reminder time when the reminder itself changes the status', () => {
    expect(updateStamps(update({ status: 'closed', remindedAt: REMINDED }), NOW)).toEqual({ updatedAt: NOW, closedAt: NOW, lastReminderAt: REMINDED });
  });

  it('sets escalatedAt on escalation only', () => {
    expect(updateStamps(update({ escalated: true }), NOW)).toEqual({ updatedAt: NOW, escalatedAt: NOW });
    expect(updateStamps(update({ escalated: false }), NOW)).toEqual({ updatedAt: NOW });
  });
});
