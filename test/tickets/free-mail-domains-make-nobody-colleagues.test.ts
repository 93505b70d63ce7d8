// Someone a non-staff participant adds joins vouched for only when they are her colleague: the same
// mail domain, and one that is the organisation's own. Two gmail.com (or outlook.com, comcast.net,
// proton.me ...) addresses are strangers, so a stranger at a free-mail domain who adds other people
// there, by #cc or a reply's Cc header, mails none of them (README, "Security").
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor } from '../../src/tickets/decide.ts';
import { joinsVouched } from '../../src/tickets/participant-limits.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const TICKET: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'new', resolution: null, type: 'issue', priority: 'normal',
  summary: 'x', assigneeEmail: null, closedAt: null, escalatedAt: null,
};
const STAFF = [{ email: 'summer@utah.test', name: 'Summer' }];

describe('joinsVouched', () => {
  it.each([
    ['stranger@gmail.com', 'victim0@gmail.com'],
    ['stranger@googlemail.com', 'victim0@googlemail.com'],
    ['stranger@outlook.com', 'victim0@outlook.com'],
    ['stranger@hotmail.co.uk', 'victim0@hotmail.co.uk'],
    ['stranger@yahoo.com.br', 'victim0@yahoo.com.br'],
    ['stranger@gmx.de', 'victim0@GMX.de'],
    ['stranger@icloud.com', 'victim0@icloud.com'],
    ['stranger@proton.me', 'victim0@proton.me'],
    ['stranger@comcast.net', 'victim0@comcast.net'],
  ])('does not vouch for someone %s adds at %s: a shared domain makes nobody colleagues', (actor, added) => {
    expect(joinsVouched(['submitter'], actor, added)).toBe(false);
    expect(joinsVouched(['interested'], actor, added)).toBe(false);
  });

  it('vouches for a colleague at the organisation\'s own domain, as before', () => {
    expect(joinsVouched(['submitter'], 'alice@utah.gov', 'bob@utah.gov')).toBe(true);
    expect(joinsVouched(['submitter'], 'alice@agency.example', 'bob@other.example')).toBe(false);
  });

  it('vouches for anyone staff add, at a free-mail domain too', () => {
    expect(joinsVouched(['admin'], 'summer@utah.test', 'victim0@gmail.com')).toBe(true);
    expect(joinsVouched(['assignee'], 'jo@gmail.com', 'victim0@gmail.com')).toBe(true);
  });
});

describe('a submitter at gmail.com adding other gmail.com people', () => {
  const SUBMITTER: Participant = { personId: 1, email: 'stranger@gmail.com', name: '', role: 'submitter', notify: true };
  const submitter: Actor = { email: SUBMITTER.email, personId: 1, roles: ['submitter'], authenticated: true };
  const context = { participants: [SUBMITTER], staff: STAFF, reopenDays: 14, helpdeskAddress: 'help@utah.test', supportAddress: null };
  const addsOf = (text: string, copied: string[] = []) => {
    const d = decide(TICKET, submitter, { ...parseReplyCommands(text), copied: copied.map((email) => ({ email, name: '' })) }, NOW, context);
    if (d.kind !== 'update') throw new Error(`expected an update, got ${d.kind}`);
    return d.participantChanges.filter((c) => c.kind === 'add');
  };

  it('adds those named after #cc unvouched', () => {
    const adds = addsOf('#cc victim0@gmail.com, victim1@gmail.com\n\nCheap watches at http://spam.example.test/buy');
    expect(adds.map((c) => c.person.email)).toEqual(['victim0@gmail.com', 'victim1@gmail.com']);
    expect(adds.map((c) => c.vouched)).toEqual([false, false]);
  });

  it('adds those in her reply\'s Cc header unvouched', () => {
    const adds = addsOf('Cheap watches at http://spam.example.test/buy', ['victim2@gmail.com', 'victim3@gmail.com']);
    expect(adds.map((c) => c.person.email)).toEqual(['victim2@gmail.com', 'victim3@gmail.com']);
    expect(adds.map((c) => c.vouched)).toEqual([false, false]);
  });
});
