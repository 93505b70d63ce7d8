// A ticket Waiting for Response waits on its submitter, not on the staff (the guide: "The ClientTrack
// Support Team will move on to other tickets until they hear back from you"): the sweep reminds the
// submitter and the people notified on it of the question, at most once per WAITING_REMINDER_DAYS,
// quoting the note that set it waiting, and never reminds the staff that it is stale. It is never
// closed for want of an answer.
import { describe, expect, it } from 'vitest';
import { planNotifications } from '../../src/outbound/notify-plan.ts';
import { decide, decideScheduled, waitingQuestionOf } from '../../src/tickets/decide.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const settings = { verifyReminderDays: 3, autoCloseDays: 10, staleTicketDays: 5, waitingReminderDays: 3 };

const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const ANN: Participant = { personId: 2, email: 'ann@utah.test', name: 'Ann', role: 'interested', notify: true };
const waiting: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'waiting_for_response', resolution: null, type: 'issue', priority: 'urgent', summary: 'Wrong Org AAAA111111',
  assigneeEmail: 'niko@clienttrack.test', closedAt: null, escalatedAt: null,
};

describe('the sweep on a ticket waiting for a response', () => {
  it('reminds the submitter once WAITING_REMINDER_DAYS have passed, and never the staff that it is stale', () => {
    expect(decideScheduled(waiting, ago(2), NOW, settings)).toBeNull();
    expect(decideScheduled(waiting, ago(4), NOW, settings)).toBe('reminder_waiting');
    // Past STALE_TICKET_DAYS too: still the submitter's reminder, not the staff's.
    expect(decideScheduled(waiting, ago(30), NOW, settings)).toBe('reminder_waiting');
    expect(decideScheduled(waiting, ago(30), NOW, { ...settings, staleTicketDays: 1 })).toBe('reminder_waiting');
  });

  it('reminds at most once per period, and never closes it however long it waits', () => {
    expect(decideScheduled(waiting, ago(5), NOW, settings, ago(1))).toBeNull();
    expect(decideScheduled(waiting, ago(8), NOW, settings, ago(4))).toBe('reminder_waiting');
    // A reminder from before the ticket last moved does not count.
    expect(decideScheduled(waiting, ago(4), NOW, settings, ago(6))).toBe('reminder_waiting');
    expect(decideScheduled(waiting, ago(365), NOW, settings, ago(1))).toBeNull();
  });

  it('reminds nobody when the reminder is turned off', () => {
    expect(decideScheduled(waiting, ago(30), NOW, { ...settings, waitingReminderDays: 0 })).toBeNull();
  });

  it('announces the reminder once per ticket and day, with the note that asked the question, and leaves the ticket waiting', () => {
    const change = decide(waiting, null, { scheduled: 'reminder_waiting', idleDays: 4, question: { noteId: 77, missingInfo: [] } }, NOW);
    expect(change).toEqual({
      kind: 'update', ticketId: 180, outcome: 'updated', patch: { remindedAt: NOW }, note: null, attachments: [], participantChanges: [], corrections: [], undeliverable: [],
      events: [{ event: 'reminder_waiting', actor: null, payload: { idleDays: 4 }, dedupeKey: 'reminder_waiting:180:2026-05-20', noteId: 77 }],
    });
  });

  it('asks again for what a request came in without, and with nothing to quote names the ticket alone', () => {
    const asked = ['Which client ID is affected?'];
    const missing = decide(waiting, null, { scheduled: 'reminder_waiting', idleDays: 4, question: { noteId: null, missingInfo: asked } }, NOW);
    expect(missing.kind === 'update' && missing.events).toEqual([{ event: 'reminder_waiting', actor: null, payload: { idleDays: 4, missingInfo: asked }, dedupeKey: 'reminder_waiting:180:2026-05-20' }]);
    const bare = decide(waiting, null, { scheduled: 'reminder_waiting', idleDays: 4 }, NOW);
    expect(bare.kind === 'update' && bare.events).toEqual([{ event: 'reminder_waiting', actor: null, payload: { idleDays: 4 }, dedupeKey: 'reminder_waiting:180:2026-05-20' }]);
  });

  it('quotes what the ticket still lacks as it holds it now, the staff\'s question instead when the #waiting asked one, and nothing when it lacks nothing', () => {
    const asks: Record<string, string> = { report_name: 'Which: which report are you running?', when_started: 'When: when did the issue start?' };
    const askFor = (item: string) => asks[item] ?? item;
    expect(waitingQuestionOf({ missingInfo: ['when_started'] }, null, askFor)).toEqual({ noteId: null, missingInfo: ['When: when did the issue start?'] });
    expect(waitingQuestionOf({ missingInfo: ['report_name', 'when_started'] }, 77, askFor)).toEqual({ noteId: 77, missingInfo: [] });
    expect(waitingQuestionOf({ missingInfo: [] }, null, askFor)).toBeNull();
    expect(waitingQuestionOf({}, null, askFor)).toBeNull();
  });

  it('leaves out an item the rules no longer know rather than asking for it by its key', () => {
    const askFor = (item: string) => (item === 'when_started' ? 'When: when did the issue start?' : null);
    expect(waitingQuestionOf({ missingInfo: ['program_name', 'when_started'] }, null, askFor)).toEqual({ noteId: null, missingInfo: ['When: when did the issue start?'] });
    expect(waitingQuestionOf({ missingInfo: ['program_name'] }, null, askFor)).toBeNull();
  });

  it('sends the reminder to the submitter and the people notified on the ticket, not to its assignee or the admins, and not to who said stop', () => {
    const plan = (participants: Participant[]) => planNotifications({
      event: 'reminder_waiting', ticket: waiting, participants, actorEmail: null, internal: false,
      adminEmails: ['summer@utah.test'], supportAddress: null,
    }).map((p) => `${p.role} ${p.to}`);
    expect(plan([BECKY, ANN])).toEqual(['submitter becky@utah.test', 'interested ann@utah.test']);
    expect(plan([BECKY, { ...ANN, notify: false }])).toEqual(['submitter becky@utah.test']);
  });
});
