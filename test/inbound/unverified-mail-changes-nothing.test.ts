// What mail that cannot prove its sender may do, on the pure pipeline: a forged From (DMARC
// failed) gets no acknowledgement, is forwarded nowhere, brings nobody in, obeys no command and
// reaches admins marked "unverified sender"; a participant's From without their signed address
// changes no ticket field and opens a follow-up that copies nothing; automatic mail with a
// guessable reference lands nowhere. 'none' (no DMARC record) keeps ordinary mail working.
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { startBudget } from '../../src/inbound/processing-budget.ts';
import type { SenderAuth } from '../../src/inbound/sender-auth.ts';
import type { ThreadMatch } from '../../src/inbound/thread.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
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
const FAIL: SenderAuth = { verified: 'fail', reason: 'dmarc=fail (p=reject) for example.test' };
const NONE: SenderAuth = { verified: 'none', reason: 'dmarc=none for example.test' };
const PASS: SenderAuth = { verified: 'pass', reason: 'dmarc=pass for example.test', domain: 'example.test' };
const intake = loadIntakeAssessor({ MACCH_ADDRESS: 'macch@example.test', NMIS_ADDRESS: null });

const ticketOf = (overrides: Partial<TicketState> = {}): TicketState => ({
  id: 7, ref: 'Utah_RW-7', status: 'new', resolution: null, type: 'question', priority: 'high', summary: 'Wrong Org AAAA111111',
  assigneeEmail: null, closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'client_record', missingInfo: [], clientIds: ['AAAA111111'], ...overrides,
});
const noTicket: ThreadLookup = {
  findThread: async () => ({ ticket: null, matchedBy: 'none', participants: [] }),
  personEmail: async () => null, isAdmin: async () => false, duplicateOf: async () => undefined,
};
const onTicket = (ticket: TicketState, matchedBy: ThreadMatch): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy, participants: [ALICE, SUMMER] }),
  personEmail: async (id) => [ALICE, SUMMER].find((p) => p.personId === id)?.email ?? null,
  isAdmin: async (email) => email === SUMMER.email,
  duplicateOf: async () => undefined,
});

function mail(lines: { from: string; to?: string; cc?: string; subject: string; body: string; extra?: string[] }): Buffer {
  return Buffer.from([
    `From: ${lines.from}`, `To: ${lines.to ?? 'helpdesk@example.test'}`, ...(lines.cc ? [`Cc: ${lines.cc}`] : []), `Subject: ${lines.subject}`,
    ...(lines.extra ?? []), 'Message-ID: <m-1@sender.example.test>', 'Date: Wed, 20 May 2026 11:00:00 +0000', 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8', '', lines.body, '',
  ].join('\r\n'));
}
const run = (raw: Buffer, lookup: ThreadLookup, auth: SenderAuth) => runPipeline(raw, SETTINGS, lookup, intake, NOW, {}, startBudget(), auth);
const eventsOf = (change: { events?: { event: string }[] }) => (change.events ?? []).map((e) => e.event);

const PHISH = { from: 'IT Department <alice@example.test>', cc: 'bob@example.test, carol@example.test', subject: 'Your account is locked - verify at http://phish.example.test', body: 'Click the link to keep your account.' };
const NOFA = { from: 'Bob Builder <bob@example.test>', subject: 'NOFA question', body: 'Hello,\n\nWhen is the deadline for the CoC NOFA project application this year, and where do we send our letter of intent?\n\nThanks,\nBob' };

describe('a new request whose From fails DMARC', () => {
  it('gets no acknowledgement, adds no Cc\'d people, and reaches admins once, marked unverified', async () => {
    const change = (await run(mail(PHISH), noTicket, FAIL)).decision.change;
    if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
    expect(eventsOf(change)).toEqual(['new_ticket_admin']);
    expect(change.participants).toEqual([]);
    expect(change.ticket.unverifiedSender).toBe(FAIL.reason);
    const admin = change.events[0]!;
    expect(admin.payload).toMatchObject({ unverifiedSender: FAIL.reason });
    expect(String((admin.payload as { reasonText?: string }).reasonText)).toContain('Unverified sender');
  });

  it('is not forwarded to MACCH even when its text routes there', async () => {
    const change = (await run(mail(NOFA), noTicket, FAIL)).decision.change;
    if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
    expect(eventsOf(change)).not.toContain('forwarded');
    expect(eventsOf(change)).not.toContain('routed');
  });

  it('is acknowledged and forwarded as before when the domain has no DMARC record (none) or passes', async () => {
    for (const auth of [NONE, PASS]) {
      const change = (await run(mail(NOFA), noTicket, auth)).decision.change;
      if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
      expect(eventsOf(change)).toEqual(['routed', 'forwarded']);
      const phish = (await run(mail(PHISH), noTicket, auth)).decision.change;
      if (phish.kind !== 'create') throw new Error(`expected a new ticket, got ${phish.kind}`);
      expect(eventsOf(phish)).toContain('submitted');
      expect(phish.participants.map((p) => p.person.email)).toEqual(['bob@example.test', 'carol@example.test']);
    }
  });
});

describe('a reply whose From fails DMARC', () => {
  const signed = makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 7, personId: SUMMER.personId }, SETTINGS.secretKey, 0, NOW);
  it('obeys no command and brings nobody in, even through the admin\'s signed address', async () => {
    const raw = mail({ from: `Summer <${SUMMER.email}>`, to: signed, cc: 'mallory@elsewhere.example.test', subject: 'Re: [ClientTrack Issues Tracking] Issue Utah_RW-7', body: '#close\n#priority low\n#cc eve@elsewhere.example.test' });
    const change = (await run(raw, onTicket(ticketOf(), 'token'), FAIL)).decision.change;
    if (change.kind !== 'update' && change.kind !== 'ignore') throw new Error(`unexpected ${change.kind}`);
    if (change.kind === 'update') {
      expect(change.patch).toEqual({});
      expect(change.participantChanges).toEqual([]);
      expect(change.events.filter((e) => e.event === 'command_refused')).toEqual([]);
    }
    // The same mail, proven, is obeyed: the test can fail.
    const proven = (await run(raw, onTicket(ticketOf(), 'token'), PASS)).decision.change;
    if (proven.kind !== 'update') throw new Error(`expected an update, got ${proven.kind}`);
    expect(proven.patch.priority).toBe('low');
  });

  it('never publishes a note its sender meant to be internal, even through the admin\'s signed address', async () => {
    const raw = mail({ from: `Summer <${SUMMER.email}>`, to: signed, subject: 'Re: [ClientTrack Issues Tracking] Issue Utah_RW-7', body: '#internal\nClient flagged for a review of their benefits.' });
    const change = (await run(raw, onTicket(ticketOf(), 'token'), FAIL)).decision.change;
    if (change.kind === 'update') {
      expect(change.note?.internal ?? true).toBe(true);
      expect(eventsOf(change)).not.toContain('new_note');
    } else {
      expect(change.kind).toBe('ignore');
    }
    // Proven, the same mail is an internal note: the test can fail.
    const proven = (await run(raw, onTicket(ticketOf(), 'token'), PASS)).decision.change;
    if (proven.kind !== 'update') throw new Error(`expected an update, got ${proven.kind}`);
    expect(proven.note).toMatchObject({ internal: true });
  });

  it('moves no ticket back to work, even through the submitter\'s signed address', async () => {
    const aliceSigned = makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 7, personId: ALICE.personId }, SETTINGS.secretKey, 0, NOW);
    const raw = mail({ from: `Alice Example <${ALICE.email}>`, to: aliceSigned, subject: 'Re: [ClientTrack Issues Tracking] Issue Utah_RW-7', body: 'Here is the answer you asked for: the client moved last week.' });
    const waiting = ticketOf({ status: 'waiting_for_response', assigneeEmail: SUMMER.email });
    const change = (await run(raw, onTicket(waiting, 'token'), FAIL)).decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.status).toBeUndefined();
    // With no DMARC record, through her own address, her answer ends the wait: the test can fail.
    const proven = (await run(raw, onTicket(waiting, 'token'), NONE)).decision.change;
    if (proven.kind !== 'update') throw new Error(`expected an update, got ${proven.kind}`);
    expect(proven.patch.status).toBe('assigned');
  });
});

describe('mail that does not prove its sender changes no ticket field', () => {
  const forgedNote = mail({ from: `Alice Example <${ALICE.email}>`, subject: 'Re: [ClientTrack Issues Tracking] Issue Utah_RW-7', body: 'Also client ZZZZ999999 and client YYYY888888 are affected.' });

  it('adds the note of a forged participant but no client IDs or missing-information changes', async () => {
    const waiting = ticketOf({ status: 'waiting_for_response', topic: 'merge_request', missingInfo: ['duplicate_client_ids', 'correct_record'] });
    const change = (await run(forgedNote, onTicket(waiting, 'subject-tag'), NONE)).decision.change;
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.clientIds).toBeUndefined();
    expect(change.patch.missingInfo).toBeUndefined();
    // Through her signed address the same text does change the client IDs.
    const token = makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 7, personId: ALICE.personId }, SETTINGS.secretKey, 0, NOW);
    const real = mail({ from: `Alice Example <${ALICE.email}>`, to: token, subject: 'Re: [ClientTrack Issues Tracking] Issue Utah_RW-7', body: 'Also client ZZZZ999999 and client YYYY888888 are affected.' });
    const proven = (await run(real, onTicket(waiting, 'token'), NONE)).decision.change;
    if (proven.kind !== 'update') throw new Error(`expected an update, got ${proven.kind}`);
    expect(proven.patch.clientIds).toEqual(expect.arrayContaining(['ZZZZ999999']));
  });

  it('opens a follow-up on a closed ticket that copies nothing from it and adds nobody', async () => {
    const closed = ticketOf({ status: 'closed', resolution: 'verified', closedAt: new Date(NOW.getTime() - 20 * DAY), summary: 'Secret: client AAAA111111 eviction' });
    const raw = mail({ from: `Alice Example <${ALICE.email}>`, cc: 'outsider@elsewhere.example.test', subject: 'Re: [ClientTrack Issues Tracking] Issue Utah_RW-7', body: 'It is broken again.' });
    const change = (await run(raw, onTicket(closed, 'subject-tag'), NONE)).decision.change;
    if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
    expect(change.ticket.summary).not.toContain('Secret');
    expect(change.ticket.route).not.toBe('ica_helpdesk');
    expect(change.participants).toEqual([]);
    // Through her signed address the follow-up keeps the old ticket's summary (the test can fail).
    const token = makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 7, personId: ALICE.personId }, SETTINGS.secretKey, 0, NOW);
    const real = Buffer.from(raw.toString().replace('To: helpdesk@example.test', `To: ${token}`));
    const proven = (await run(real, onTicket(closed, 'token'), NONE)).decision.change;
    if (proven.kind !== 'create') throw new Error(`expected a new ticket, got ${proven.kind}`);
    expect(proven.ticket.summary).toContain('Secret');
  });
});

describe('automatic mail', () => {
  const autoReply = mail({ from: 'robot@elsewhere.example.test', subject: 'Re: [ClientTrack Issues Tracking] Issue Utah_RW-7', body: 'I am out of office. Internal note spam.', extra: ['Auto-Submitted: auto-replied'] });

  it('lands nowhere when it finds the ticket only by its guessable reference', async () => {
    const change = (await run(autoReply, onTicket(ticketOf(), 'subject-tag'), NONE)).decision.change;
    expect(change.kind).toBe('ignore');
  });

  it('is kept as an internal note when it answers one of our own Message-IDs or signed reply addresses', async () => {
    for (const matchedBy of ['message-id', 'token'] as const) {
      const change = (await run(autoReply, onTicket(ticketOf(), matchedBy), NONE)).decision.change;
      expect(change.kind).toBe('update');
    }
  });
});
