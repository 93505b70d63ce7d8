// The vendor's support team (SUPPORT_ADDRESS) works a ticket only once an admin escalated it. A
// requester who writes to the vendor, or to MACCH or NMIS, with the help desk copied has told them
// already: the other desks do not become people on the ticket. And the support address copied in
// by someone before any escalation is an interested person: its commands are not the support team's.
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const SUPPORT = 'support@bitfocus.test';
const MACCH = 'helpdesk@macch.test';
const NMIS = 'hmis@nmis.test';
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['summer@example.test'], supportAddress: SUPPORT, reopenDays: 14,
  staff: [{ email: 'summer@example.test', name: 'Summer Bammes' }],
  routes: {
    macch: { name: 'MACCH', why: 'Coordinated Entry', address: MACCH },
    nmis: { name: 'NMIS', why: 'HMIS policy', address: NMIS },
  },
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
};
const ALICE: Participant = { personId: 1, email: 'alice@example.test', name: 'Alice Example', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 2, email: 'summer@example.test', name: 'Summer Bammes', role: 'admin', notify: true };
/** The support address as a request copied it in before this was fixed, or as a #cc adds it. */
const SUPPORT_COPIED: Participant = { personId: 9, email: SUPPORT, name: '', role: 'interested', notify: true };

const ticketOf = (overrides: Partial<TicketState> = {}): TicketState => ({
  id: 7, ref: 'Utah_RW-7', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Income rounds to whole dollars',
  assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'reports', missingInfo: [], ...overrides,
});

const lookupFor = (ticket: TicketState | null, participants: Participant[] = [ALICE, SUMMER, SUPPORT_COPIED]): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: ticket ? 'token' : 'none', participants: ticket ? participants : [] }),
  personEmail: async (id) => participants.find((p) => p.personId === id)?.email ?? null,
  isAdmin: async (email) => email === SUMMER.email,
  duplicateOf: async () => undefined,
});

function mail(headers: string[], body: string): Buffer {
  return Buffer.from([...headers, 'Date: Wed, 20 May 2026 11:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));
}

/** A new request from Alice with these To and Cc lines. */
const request = (to: string, cc: string) => mail([
  'From: Alice Example <alice@example.test>', `To: ${to}`, `Cc: ${cc}`, 'Subject: Income total drops the cents',
  'Message-ID: <request-1@example.test>',
], 'When I save an income of 1234.56 for client AAAA111111 the total shows 1234.00.');

/** A reply from `sender` through `through`'s signed address on ticket 7. */
const replyThrough = (through: Participant, sender: string, body: string, cc = '') => mail([
  `From: ${sender}`, `To: ${makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 7, personId: through.personId }, SETTINGS.secretKey, 0, NOW)}`,
  ...(cc ? [`Cc: ${cc}`] : []), 'Subject: Re: [ClientTrack Issues Tracking] Issue Utah_RW-7 has been assigned', 'Message-ID: <reply-1@example.test>',
], body);

const copiedIn = async (raw: Buffer) => {
  const change = (await runPipeline(raw, SETTINGS, lookupFor(null), null, NOW)).decision.change;
  if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
  return change.participants.map((p) => p.person.email);
};

async function updateOf(ticket: TicketState, raw: Buffer, participants?: Participant[]) {
  const change = (await runPipeline(raw, SETTINGS, lookupFor(ticket, participants), null, NOW)).decision.change;
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change;
}

describe('a request written to another desk with the help desk copied', () => {
  it('does not copy in the support team it was written to, and copies in the others', async () => {
    expect(await copiedIn(request(`Bitfocus Support <${SUPPORT}>`, 'ICA Help Desk <helpdesk@example.test>, Bob <bob@example.test>'))).toEqual(['bob@example.test']);
  });

  it('does not copy in the organisations requests are forwarded to', async () => {
    expect(await copiedIn(request(`MACCH <${MACCH}>`, `helpdesk@example.test, ${NMIS}, bob@example.test`))).toEqual(['bob@example.test']);
  });

  it('does not bring the other desks in from a reply\'s Cc either', async () => {
    const change = await updateOf(ticketOf(), replyThrough(ALICE, `Alice Example <${ALICE.email}>`, 'Adding Bob, who enters these incomes.', `${MACCH}, bob@example.test`), [ALICE, SUMMER]);
    expect(change.participantChanges.filter((c) => c.kind === 'add').map((c) => c.kind === 'add' && c.person.email)).toEqual(['bob@example.test']);
  });
});

describe('the support address on a ticket not escalated', () => {
  it('does not mark it fixed with the support address\'s #fixed until the ticket was escalated', async () => {
    const before = await updateOf(ticketOf(), replyThrough(SUPPORT_COPIED, `Bitfocus Support <${SUPPORT}>`, '#fixed\nDeployed a patch.'));
    expect(before.patch.status).toBeUndefined();
    expect(before.events.map((e) => e.event)).toContain('command_refused');
    const escalated = ticketOf({ escalatedAt: new Date(NOW.getTime() - 86_400_000) });
    expect((await updateOf(escalated, replyThrough(SUPPORT_COPIED, `Bitfocus Support <${SUPPORT}>`, '#fixed\nDeployed a patch.'))).patch.status).toBe('fixed_verify_needed');
  });

  it('adds no internal note from the support address until the ticket was escalated', async () => {
    const before = await updateOf(ticketOf(), replyThrough(SUPPORT_COPIED, `Bitfocus Support <${SUPPORT}>`, '#internal\nThe hosted calculation rounds.'));
    expect(before.note?.internal ?? false).toBe(false);
    const escalated = ticketOf({ escalatedAt: new Date(NOW.getTime() - 86_400_000) });
    expect((await updateOf(escalated, replyThrough(SUPPORT_COPIED, `Bitfocus Support <${SUPPORT}>`, '#internal\nThe hosted calculation rounds.'))).note?.internal).toBe(true);
  });

  it('does not let a colleague at the vendor speak for the support team through its address until the ticket was escalated', async () => {
    const colleague = replyThrough(SUPPORT_COPIED, `Jane Agent <jane@bitfocus.test>`, 'We are looking at the rounding.');
    const change = (await runPipeline(colleague, SETTINGS, lookupFor(ticketOf()), null, NOW)).decision.change;
    expect(change.kind).toBe('create');
    const escalated = ticketOf({ escalatedAt: new Date(NOW.getTime() - 86_400_000) });
    expect((await updateOf(escalated, colleague)).note?.body).toBe('We are looking at the rounding.');
  });
});
