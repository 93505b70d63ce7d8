// A reply that comes after REOPEN_DAYS opens a follow-up ticket, read like any request for what it
// says now (its urgency, its client IDs). What it says now is the reply's own text: the status
// mail and the old request it quotes below it are the old ticket's, not the new mail's, so a calm
// question under a quoted emergency is not urgent, and a client ID named only in the quote is not
// the follow-up's (the old ticket's own IDs join it where the mail proves its sender, as before).
// Mail that opens a ticket without one to follow up still reads all it carries.
import { describe, expect, it } from 'vitest';
import { ALICE, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import type { TicketState } from '../../src/tickets/types.ts';

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
const DAY = 86_400_000;

const closedTicket: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'closed', resolution: 'verified', type: 'issue', priority: 'urgent',
  summary: 'Client cannot be enrolled in housing', assigneeEmail: 'summer@example.test', closedAt: new Date(REPLY_NOW.getTime() - 30 * DAY), escalatedAt: null,
  route: 'ica_helpdesk', topic: 'enrollment', missingInfo: [], clientIds: ['BBBB222222'], version: 3,
};

const lookup = (ticket: TicketState | null): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: ticket ? 'message-id' : 'none', participants: ticket ? [ALICE] : [] }),
  personEmail: async (id) => (id === 1 ? ALICE.email : null),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
});

const QUOTED_EMERGENCY = [
  'On Mon, 3 Feb 2025 at 09:12, ClientTrack Issues Tracking <helpdesk@example.test> wrote:',
  '> Issue Utah_RW-7 has been verified and closed.',
  '>',
  '> Description: Our client CCCC333333 is being evicted today and cannot be enrolled in housing',
  '> because the Org is wrong. She is waiting in our office right now and will lose her bed tonight.',
];

/** A plain-text reply from Alice to the old ticket's mail, with `typed` above the quote. */
const lateReply = (typed: string, quote = QUOTED_EMERGENCY) => Buffer.from([
  'From: Alice Example <alice@example.test>', 'To: helpdesk@example.test', 'Subject: Re: [ClientTrack Issues Tracking] Issue Utah_RW-7 has been verified and closed',
  'Message-ID: <late-reply@example.test>', 'In-Reply-To: <status-7@example.test>', 'References: <status-7@example.test>',
  'Date: Tue, 04 Mar 2025 17:14:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
  ...typed.split('\n'), '', ...quote, '',
].join('\r\n'));

const created = async (raw: Buffer, ticket: TicketState | null) => {
  const r = await runPipeline(raw, PIPELINE_SETTINGS, lookup(ticket), assess, REPLY_NOW);
  expect(r.decision.change.kind).toBe('create');
  if (r.decision.change.kind !== 'create') throw new Error('no ticket opened');
  return r.decision.change.ticket;
};

describe('a follow-up ticket reads what the late reply says', () => {
  it('is not urgent for an emergency only quoted below a calm question, nor takes a client ID named only there', async () => {
    const ticket = await created(lateReply('Hello, the Org is right now, thank you. Could you also show me how to run the monthly bed-night report?\n\nAlice'), closedTicket);
    expect(ticket.previousTicketId).toBe(7);
    expect(ticket.priority).not.toBe('urgent');
    expect(ticket.clientIds).not.toContain('CCCC333333');
  });

  it('is urgent, with the client IDs it names, when the reply itself says a client is kept from a service now', async () => {
    const ticket = await created(lateReply('The Org is wrong again for client DDDD444444. He is being turned away from the shelter tonight and is waiting in our office right now.\n\nAlice'), closedTicket);
    expect(ticket.previousTicketId).toBe(7);
    expect(ticket.priority).toBe('urgent');
    expect(ticket.clientIds).toContain('DDDD444444');
    expect(ticket.clientIds).not.toContain('CCCC333333');
  });

  it('still reads the quote of mail that names an earlier message but opens a ticket of its own', async () => {
    const ticket = await created(lateReply('Please see below, can you help?\n\nAlice'), null);
    expect(ticket.previousTicketId).toBeNull();
    expect(ticket.clientIds).toContain('CCCC333333');
  });
});
