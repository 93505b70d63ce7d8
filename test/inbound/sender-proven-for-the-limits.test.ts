// Whether a message proves its sender, as the mail limits read it (outbound/loop-brake.ts exempts
// proven staff only): a DMARC pass, or the sender's own signed reply address for the ticket the
// mail is filed on. A From that names an admin proves nothing by itself.
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['summer@example.test'], supportAddress: null, reopenDays: 14,
  staff: [{ email: 'summer@example.test', name: 'Summer Bammes' }],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
};
const SUMMER: Participant = { personId: 2, email: 'summer@example.test', name: 'Summer Bammes', role: 'admin', notify: true };
const TICKET: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'new', resolution: null, type: 'question', priority: 'normal', summary: 'Wrong Org AAAA111111',
  assigneeEmail: null, closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'client_record', missingInfo: [],
};
const lookup = (ticket: TicketState | null): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: ticket ? 'token' : 'none', participants: ticket ? [SUMMER] : [] }),
  personEmail: async (id) => (id === SUMMER.personId ? SUMMER.email : null),
  isAdmin: async (email) => email === SUMMER.email,
  duplicateOf: async () => undefined,
});
const mail = (to: string, subject: string, body: string): Buffer => Buffer.from([
  'From: Summer Bammes <summer@example.test>', `To: ${to}`, `Subject: ${subject}`, 'Message-ID: <m-1@client.example.test>',
  'Date: Wed, 20 May 2026 11:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
].join('\r\n'));
const PASS = { verified: 'pass' as const, reason: 'dmarc=pass for example.test', domain: 'example.test' };

describe('a message proves its sender', () => {
  it('not by an admin\'s address in its From', async () => {
    const r = await runPipeline(mail('helpdesk@example.test', 'Reports are blank', 'The monthly report is blank for client AAAA111111.'), SETTINGS, lookup(null), null, NOW);
    expect(r.decision.change.kind).toBe('create');
    expect(r.senderProven).toBe(false);
  });

  it('by a DMARC pass', async () => {
    const r = await runPipeline(mail('helpdesk@example.test', 'Reports are blank', 'The monthly report is blank for client AAAA111111.'), SETTINGS, lookup(null), null, NOW, {}, undefined, PASS);
    expect(r.senderProven).toBe(true);
  });

  it('by the sender\'s own signed reply address for the ticket', async () => {
    const own = makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 7, personId: SUMMER.personId }, SETTINGS.secretKey, 0, NOW);
    const r = await runPipeline(mail(own, 'Re: Issue Utah_RW-7', 'Looking at it now.'), SETTINGS, lookup(TICKET), null, NOW);
    expect(r.decision.change.kind).toBe('update');
    expect(r.senderProven).toBe(true);
  });
});
