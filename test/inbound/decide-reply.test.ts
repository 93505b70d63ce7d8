// What decide makes of the lifecycle's answer to a reply: the sender's acknowledgements go only
// into the sender's own mail, and a late reply to a closed ticket becomes a new ticket about the
// old one's problem that says why and which commands were not carried out.
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const DAY = 86_400_000;
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['summer@example.test'], supportAddress: null, reopenDays: 14,
  staff: [{ email: 'summer@example.test', name: 'Summer Bammes' }],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
};
const ALICE: Participant = { personId: 1, email: 'alice@example.test', name: 'Alice Example', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 2, email: 'summer@example.test', name: 'Summer Bammes', role: 'admin', notify: true };

const ticketOf = (overrides: Partial<TicketState> = {}): TicketState => ({
  id: 7, ref: 'Utah_RW-7', status: 'new', resolution: null, type: 'question', priority: 'high', summary: 'Wrong Org AAAA111111',
  assigneeEmail: null, closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'client_record', missingInfo: [], ...overrides,
});

const lookupFor = (ticket: TicketState): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: 'token', participants: [ALICE, SUMMER] }),
  personEmail: async (id) => [ALICE, SUMMER].find((p) => p.personId === id)?.email ?? null,
  isAdmin: async (email) => email === SUMMER.email,
  duplicateOf: async () => undefined,
});

/** A reply from `from` to their own signed address on ticket 7, as a mail client writes it. */
function replyMail(from: Participant, body: string): Buffer {
  const to = makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 7, personId: from.personId }, SETTINGS.secretKey, 0, NOW);
  return Buffer.from([
    `From: ${from.name} <${from.email}>`, `To: ${to}`, 'Subject: Re: [ClientTrack Issues Tracking] Issue Utah_RW-7 has been fixed',
    'Message-ID: <reply-1@client.example.test>', 'Date: Wed, 20 May 2026 11:00:00 +0000', 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8', '', body, '',
  ].join('\r\n'));
}

describe('decide on a reply to a ticket', () => {
  it('puts what the sender\'s commands did only into the sender\'s own mail', async () => {
    const r = await runPipeline(replyMail(SUMMER, '#assign me\n#fixd'), SETTINGS, lookupFor(ticketOf()), null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    const assigned = change.events.find((e) => e.event === 'assigned')!;
    expect(assigned.payload).not.toHaveProperty('acknowledgements');
    const refused = change.events.find((e) => e.event === 'command_refused')!;
    expect(refused.payload).toMatchObject({ to: SUMMER.email, acknowledgements: ['Assigned to Summer Bammes.'] });
  });

  it('opens a follow-up about the old ticket\'s problem for a reply after the reopen window, saying why', async () => {
    const closed = ticketOf({ status: 'closed', resolution: 'verified', closedAt: new Date(NOW.getTime() - 20 * DAY) });
    const r = await runPipeline(replyMail(ALICE, '#notfixed\nIt is wrong again since this morning.'), SETTINGS, lookupFor(closed), null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
    expect(change.ticket).toMatchObject({
      summary: 'Wrong Org AAAA111111', description: 'It is wrong again since this morning.', previousTicketId: 7,
      type: 'question', priority: 'high', route: 'ica_helpdesk', topic: 'client_record', status: 'new',
    });
    const submitted = change.events.find((e) => e.event === 'submitted')!;
    expect(submitted.payload).toMatchObject({
      otherTicketRef: 'Utah_RW-7',
      reasonText: 'This request follows up on closed issue Utah_RW-7: ticket Utah_RW-7 was closed more than 14 days ago, so this reply starts a new ticket that names it.',
      refusals: [{ command: '#notfixed', reason: 'ticket Utah_RW-7 was closed more than 14 days ago, so this reply starts a new ticket that names it' }],
    });
  });
});

describe('client IDs named in a reply', () => {
  it('adds the client IDs a note names to the ticket, keeping the ones it had', async () => {
    const { loadIntakeAssessor } = await import('../../src/stage-settings.ts');
    const intake = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
    const ticket = ticketOf({ clientIds: ['AAAA111111'] });
    const r = await runPipeline(replyMail(ALICE, 'The same happens for client BBBB222222 and for AAAA111111.'), SETTINGS, lookupFor(ticket), intake, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.clientIds).toEqual(['AAAA111111', 'BBBB222222']);
  });

  it('leaves the client IDs alone when the reply names none', async () => {
    const { loadIntakeAssessor } = await import('../../src/stage-settings.ts');
    const intake = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
    const r = await runPipeline(replyMail(ALICE, 'Thanks, I will try again tomorrow.'), SETTINGS, lookupFor(ticketOf({ clientIds: ['AAAA111111'] })), intake, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.clientIds).toBeUndefined();
  });
});

describe('#cc in a reply', () => {
  it('adds the named person as interested when the submitter asks through her signed address', async () => {
    const r = await runPipeline(replyMail(ALICE, '#cc Bob Example <bob@example.test>\n\nBob works this case with me.'), SETTINGS, lookupFor(ticketOf()), null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    // A colleague (same mail domain) joins vouched for: they hear the submitter's notes, and their
    // first mail names the submitter as the one who added them.
    expect(change.participantChanges).toContainEqual({
      kind: 'add', person: { email: 'bob@example.test', name: '' }, role: 'interested', vouched: true, by: { email: ALICE.email, name: ALICE.name },
    });
    expect(change.note?.body).toBe('Bob works this case with me.');
  });

  it('refuses #cc from a forged sender that did not come through a signed address', async () => {
    const forged = Buffer.from(replyMail(ALICE, '#cc mallory@example.test').toString().replace(/^To: .*$/m, 'To: helpdesk@example.test'));
    const r = await runPipeline(forged, SETTINGS, { ...lookupFor(ticketOf()), findThread: async () => ({ ticket: ticketOf(), matchedBy: 'subject-tag', participants: [ALICE, SUMMER] }) }, null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.participantChanges.filter((c) => c.kind === 'add')).toEqual([]);
    expect(change.events.map((e) => e.event)).toContain('command_refused');
  });
});

describe('a support agent answering from their own address', () => {
  const support: Participant = { personId: 9, email: 'support@vendor.example.test', name: 'Vendor Support', role: 'support', notify: true };
  const settings: PipelineSettings = { ...SETTINGS, supportAddress: support.email };
  const escalated = ticketOf({ status: 'assigned', assigneeEmail: SUMMER.email, escalatedAt: NOW });
  const lookup: ThreadLookup = {
    findThread: async () => ({ ticket: escalated, matchedBy: 'token', participants: [ALICE, SUMMER, support] }),
    personEmail: async (id) => [ALICE, SUMMER, support].find((p) => p.personId === id)?.email ?? null,
    isAdmin: async (email) => email === SUMMER.email,
    duplicateOf: async () => undefined,
  };
  const fromAgent = (agent: string, body: string) => {
    const to = makeReplyAddress(settings.helpdeskAddress, { ticketId: 7, personId: support.personId }, settings.secretKey, 0, NOW);
    return Buffer.from([`From: Jane Agent <${agent}>`, `To: ${to}`, 'Subject: RE: [ClientTrack Issues Tracking] Issue Utah_RW-7 has been escalated',
      'Message-ID: <agent-1@vendor.example.test>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));
  };

  it('adds the note of a colleague at the support team\'s domain who replies through the team\'s signed address', async () => {
    const r = await runPipeline(fromAgent('jane@vendor.example.test', 'We found the cause and are deploying a fix tonight.'), settings, lookup, null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.note?.body).toBe('We found the cause and are deploying a fix tonight.');
  });

  it('still refuses that colleague\'s commands, which need the address the token names', async () => {
    const r = await runPipeline(fromAgent('jane@vendor.example.test', '#fixed'), settings, lookup, null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.status).toBeUndefined();
  });

  it('does not extend that trust to another domain', async () => {
    const r = await runPipeline(fromAgent('someone@elsewhere.example.test', 'Hello'), settings, lookup, null, NOW);
    expect(r.decision.change.kind).toBe('create');
  });

  it('does not extend it to others at the team\'s domain when that is a free-mail one', async () => {
    const team: Participant = { ...support, email: 'vendor.support@gmail.com' };
    const atGmail: PipelineSettings = { ...settings, supportAddress: team.email };
    const lookupAtGmail: ThreadLookup = { ...lookup, findThread: async () => ({ ticket: escalated, matchedBy: 'token', participants: [ALICE, SUMMER, team] }),
      personEmail: async (id) => [ALICE, SUMMER, team].find((p) => p.personId === id)?.email ?? null };
    const fromTeam = await runPipeline(fromAgent(team.email, 'We found the cause.'), atGmail, lookupAtGmail, null, NOW);
    expect(fromTeam.decision.change.kind).toBe('update');
    const r = await runPipeline(fromAgent('someone@gmail.com', 'Cheap watches at http://spam.example.test/buy'), atGmail, lookupAtGmail, null, NOW);
    expect(r.decision.change.kind).toBe('create');
  });
});

describe('#cc limits', () => {
  it('never adds the help desk itself, nor someone who said #stop', async () => {
    const stopped: Participant = { personId: 3, email: 'bob@example.test', name: 'Bob', role: 'interested', notify: false };
    const lookup: ThreadLookup = { ...lookupFor(ticketOf()), findThread: async () => ({ ticket: ticketOf(), matchedBy: 'token', participants: [ALICE, SUMMER, stopped] }) };
    const r = await runPipeline(replyMail(ALICE, '#cc helpdesk+9-9-abcdefghijklmnop@example.test\n#cc bob@example.test\n\nFYI'), SETTINGS, lookup, null, NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.participantChanges.filter((c) => c.kind === 'add')).toEqual([]);
  });
});

describe('automatic-looking mail on a ticket', () => {
  it('marks every event so that nothing goes back to its sender', async () => {
    const raw = Buffer.from(replyMail(ALICE, '#verified').toString().replace('MIME-Version: 1.0', 'X-Auto-Response-Suppress: All\r\nMIME-Version: 1.0'));
    const fixed = ticketOf({ status: 'fixed_verify_needed' });
    const r = await runPipeline(raw, SETTINGS, lookupFor(fixed), null, NOW);
    expect(r.mayAnswer).toBe(false);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.events.length).toBeGreaterThan(0);
    for (const e of change.events) expect(e.payload).toMatchObject({ notToActor: true });
  });
});
