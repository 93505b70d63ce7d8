// One reply adds at most 5 people and a ticket holds at most 20 (staff 25 and 100): a participant
// listing two thousand addresses after #cc adds the first few and is told why the rest were not;
// those a stranger adds hear only what staff write until they write themselves.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, decideReplyActions, type Actor, type ReplyDecision } from '../../src/tickets/decide.ts';
import { PARTICIPANT_LIMITS, STAFF_PARTICIPANT_LIMITS } from '../../src/tickets/participant-limits.ts';
import { planNotifications } from '../../src/outbound/notify-plan.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const SUBMITTER: Participant = { personId: 1, email: 'stranger@spam.example.test', name: '', role: 'submitter', notify: true };
const submitter: Actor = { email: SUBMITTER.email, personId: 1, roles: ['submitter'], authenticated: true };
const admin: Actor = { email: 'summer@utah.test', personId: 3, roles: ['admin'], authenticated: true };
const TICKET: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'new', resolution: null, type: 'issue', priority: 'normal',
  summary: 'x', assigneeEmail: null, closedAt: null, escalatedAt: null,
};

const addresses = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => `victim${i + offset}@example.test`);
const others = (n: number): Participant[] => addresses(n, 10_000).map((email, i) => ({ personId: 100 + i, email, name: '', role: 'interested', notify: true }));

const STAFF = [{ email: 'summer@utah.test', name: 'Summer' }];

function reply(actor: Actor, text: string, participants: Participant[]): ReplyDecision {
  const parsed = parseReplyCommands(text);
  return decideReplyActions({
    ticket: TICKET, participants, actor, commands: parsed.commands, noteText: parsed.noteText, problems: parsed.problems,
    staff: STAFF, now: NOW, reopenDays: 14,
  });
}

const adds = (d: ReplyDecision) => (d.kind === 'update' ? d.participantChanges.filter((c) => c.kind === 'add') : []);
const refusals = (d: ReplyDecision) => (d.kind === 'update' ? d.refusals : []);

describe('how many people one reply and one ticket may add', () => {
  it('adds at most 5 of 2,000 #cc addresses from a submitter and refuses the rest with the reason', () => {
    const d = reply(submitter, `#cc ${addresses(2000).join(', ')}\nBuy cheap watches at http://spam.example.test`, [SUBMITTER]);
    expect(adds(d)).toHaveLength(PARTICIPANT_LIMITS.perReply);
    expect(refusals(d).length).toBeGreaterThan(0);
    expect(refusals(d).every((r) => /one reply can add at most 5 people/.test(r.reason))).toBe(true);
  });

  it('stops at 20 people on the ticket however many replies add them', () => {
    const d = reply(submitter, `#cc ${addresses(3).join(' ')}`, [SUBMITTER, ...others(18)]);
    expect(adds(d)).toHaveLength(1);
    expect(refusals(d).map((r) => r.reason)).toEqual([expect.stringMatching(/at most 20 people/), expect.stringMatching(/at most 20 people/)]);
  });

  it('gives staff the higher limits', () => {
    const d = reply(admin, `#cc ${addresses(40).join(' ')}`, [SUBMITTER]);
    expect(adds(d)).toHaveLength(STAFF_PARTICIPANT_LIMITS.perReply);
  });

  it('counts a reply\'s Cc header against the same allowance', () => {
    const parsed = parseReplyCommands(`#cc ${addresses(4).join(' ')}\nsee above`);
    const d = decide(TICKET, submitter, { ...parsed, copied: addresses(10, 500).map((email) => ({ email, name: '' })) }, NOW, {
      participants: [SUBMITTER], staff: STAFF, reopenDays: 14, helpdeskAddress: 'help@utah.test', supportAddress: null,
    });
    if (d.kind !== 'update') throw new Error(`expected an update, got ${d.kind}`);
    expect(d.participantChanges.filter((c) => c.kind === 'add')).toHaveLength(PARTICIPANT_LIMITS.perReply);
  });
});

describe('who hears the notes of a person a stranger added', () => {
  const victim: Participant = { personId: 50, email: 'victim1@example.test', name: '', role: 'interested', notify: true, vouched: false };
  const base = {
    ticket: { ...TICKET, assigneeEmail: 'summer@utah.test' }, participants: [SUBMITTER, victim], internal: false,
    adminEmails: ['summer@utah.test'], supportAddress: null,
  };

  it('joins unvouched when a non-staff participant from another domain adds them, vouched when staff do', () => {
    expect(adds(reply(submitter, '#cc victim1@example.test', [SUBMITTER]))).toEqual([
      { kind: 'add', person: { email: 'victim1@example.test', name: '' }, role: 'interested', vouched: false, by: { email: submitter.email, name: submitter.name ?? '' } },
    ]);
    expect(adds(reply(admin, '#cc victim1@example.test', [SUBMITTER]))[0]).toMatchObject({ vouched: true });
  });

  it('sends them nothing about the stranger\'s note, and the staff member\'s note', () => {
    const fromStranger = planNotifications({ ...base, event: 'new_note', actorEmail: SUBMITTER.email });
    expect(fromStranger.map((p) => p.to)).not.toContain(victim.email);
    const fromStaff = planNotifications({ ...base, event: 'new_note', actorEmail: 'summer@utah.test' });
    expect(fromStaff.map((p) => p.to)).toContain(victim.email);
  });

  it('vouches for them once they write through their own signed address', () => {
    const me: Actor = { email: victim.email, personId: 50, roles: ['interested'], authenticated: true };
    const parsed = parseReplyCommands('I am the colleague, this is real.');
    const d = decide(TICKET, me, parsed, NOW, { participants: [SUBMITTER, victim], staff: STAFF, reopenDays: 14, helpdeskAddress: 'help@utah.test', supportAddress: null });
    if (d.kind !== 'update') throw new Error(`expected an update, got ${d.kind}`);
    expect(d.participantChanges).toContainEqual({ kind: 'vouch', email: victim.email });
  });
});
