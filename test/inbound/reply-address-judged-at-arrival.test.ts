// A signed reply address is judged as old as it was when the mail arrived (REPLY_ADDRESS_DAYS):
// mail an admin releases days later proves whom it proved on arrival, no more. An address already
// too old when the mail arrived proves nobody however it is handled, and one retired meanwhile
// (`deskmail people revoke`, a raised epoch) proves nobody when the mail is handled.
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { stagesOnThisThread } from '../../src/inbound/pipeline.ts';
import { SENDER_AUTH_OFF } from '../../src/inbound/sender-auth.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const ARRIVED = new Date('2026-05-20T12:00:00Z');
const RELEASED = new Date(ARRIVED.getTime() + 3 * DAY);
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['summer@example.test'], supportAddress: null, reopenDays: 14,
  staff: [{ email: 'summer@example.test', name: 'Summer Bammes' }],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789', replyAddressDays: 7,
};
const ALICE: Participant = { personId: 3, email: 'alice@example.test', name: 'Alice Example', role: 'submitter', notify: true };
const TICKET: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'new', resolution: null, type: 'question', priority: 'normal', summary: 'Wrong Org AAAA111111',
  assigneeEmail: null, closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'client_record', missingInfo: [],
};
const lookup = (epoch = 0): ThreadLookup => ({
  findThread: async () => ({ ticket: TICKET, matchedBy: 'token', participants: [ALICE] }),
  personEmail: async (id) => (id === ALICE.personId ? ALICE.email : null),
  tokenEpochs: async (ids) => new Map(ids.map((id) => [id, epoch])),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
});
const mail = (to: string): Buffer => Buffer.from([
  'From: Alice Example <alice@example.test>', `To: ${to}`, 'Subject: Re: Issue Utah_RW-7', 'Message-ID: <m-1@client.example.test>',
  'Date: Wed, 20 May 2026 11:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', '#close\n\nIt works again.', '',
].join('\r\n'));
const addressMade = (daysBeforeArrival: number) =>
  makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: TICKET.id, personId: ALICE.personId }, SETTINGS.secretKey, 0, new Date(ARRIVED.getTime() - daysBeforeArrival * DAY));
const handle = (to: string, now: Date, arrivedAt: Date, epoch = 0) =>
  runPipeline(mail(to), SETTINGS, lookup(epoch), null, now, {}, undefined, SENDER_AUTH_OFF, stagesOnThisThread(null), arrivedAt);
const closes = (change: { kind: string }) => change.kind === 'update' && (change as { patch?: { status?: string } }).patch?.status === 'closed';

describe('a signed reply address handled days after its mail arrived', () => {
  it('proves its person when it was young enough on arrival, though too old by the time it is handled', async () => {
    const r = await handle(addressMade(7), RELEASED, ARRIVED);
    expect(r.senderProven).toBe(true);
    expect(closes(r.decision.change)).toBe(true);
  });

  it('proves nobody when it was already too old on arrival', async () => {
    const r = await handle(addressMade(8), RELEASED, ARRIVED);
    expect(r.senderProven).toBe(false);
    expect(closes(r.decision.change)).toBe(false);
  });

  it('proves nobody once the person\'s addresses were revoked, even when it was valid on arrival', async () => {
    const r = await handle(addressMade(1), RELEASED, ARRIVED, 1);
    expect(r.senderProven).toBe(false);
    expect(closes(r.decision.change)).toBe(false);
  });

  it('is judged on the handling day when that is earlier than the stored arrival (a clock behind)', async () => {
    const r = await handle(addressMade(7), ARRIVED, new Date(ARRIVED.getTime() + 2 * DAY));
    expect(r.senderProven).toBe(true);
  });
});
