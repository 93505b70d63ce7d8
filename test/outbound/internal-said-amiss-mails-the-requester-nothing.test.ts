// An admin's reply through her own signed address that says #internal amiss (`#internal - staff
// only`, `#interal`, under "Becky,") goes from the mail, through decide, to the mail plan: the
// requester is mailed nothing, and the admin alone hears that the note was not added. The same
// reply with a well-formed #internal is an internal note that the requester does not hear of either.
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { startBudget } from '../../src/inbound/processing-budget.ts';
import type { SenderAuth } from '../../src/inbound/sender-auth.ts';
import { planNotifications, type PlannedNotification } from '../../src/outbound/notify-plan.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import type { NewNote, TicketChange } from '../../src/tickets/ticket-change.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@utah.test', adminEmails: ['summer@utah.test'], supportAddress: null, reopenDays: 14,
  staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
};
const BECKY: Participant = { personId: 1, email: 'becky@agency.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 2, email: 'summer@utah.test', name: 'Summer Bammes', role: 'admin', notify: true };
const TICKET: TicketState = {
  id: 7, ref: 'Utah_RW-7', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Enrollment will not save',
  assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null,
};
const LOOKUP: ThreadLookup = {
  findThread: async () => ({ ticket: TICKET, matchedBy: 'token', participants: [BECKY, SUMMER] }),
  personEmail: async (id) => [BECKY, SUMMER].find((p) => p.personId === id)?.email ?? null,
  isAdmin: async (email) => email === SUMMER.email,
  duplicateOf: async () => undefined,
};
const PASS: SenderAuth = { verified: 'pass', reason: 'dmarc=pass for utah.test' };
const FAIL: SenderAuth = { verified: 'fail', reason: 'dmarc=fail (p=reject) for utah.test' };
const SECRET = 'Client disclosed a new HIV diagnosis; do not share with the agency.';

/** Summer's reply to her own signed address on ticket 7, as her mail client sends it. */
function summersReply(body: string): Buffer {
  const to = makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 7, personId: SUMMER.personId }, SETTINGS.secretKey, 0, NOW);
  return Buffer.from([
    `From: Summer Bammes <${SUMMER.email}>`, `To: ${to}`, 'Subject: Re: [ClientTrack Issues Tracking] Issue Utah_RW-7 has been assigned',
    'Message-ID: <reply-1@utah.test>', 'Date: Wed, 20 May 2026 11:00:00 +0000', 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8', '', body, '',
  ].join('\r\n'));
}

/** Every mail the change plans, with whether it carries the reply's note (as the outbox relays it). */
async function mailsOf(body: string, auth: SenderAuth = PASS): Promise<{ change: TicketChange; note: NewNote | null; mails: (PlannedNotification & { withNote: boolean })[] }> {
  const { change } = (await runPipeline(summersReply(body), SETTINGS, LOOKUP, null, NOW, {}, startBudget(), auth)).decision;
  if (change.kind === 'ignore') return { change, note: null, mails: [] };
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  const mails = change.events.flatMap((e) => planNotifications({
    event: e.event, ticket: TICKET, participants: [BECKY, SUMMER], actorEmail: e.actor?.email ?? null,
    internal: e.withNote === true && change.note?.internal === true, payload: e.payload,
    adminEmails: SETTINGS.adminEmails, supportAddress: null,
  }).map((p) => ({ ...p, withNote: e.withNote === true && change.note !== null })));
  return { change, note: change.note, mails };
}

describe('the mail plan of a reply that says #internal amiss', () => {
  it.each([
    '#internal - staff only',
    '#internal note',
    '#internal: staff only',
    '#interal',
    'Becky,\n#internal',
  ])('mails the requester nothing for %j and tells the admin alone', async (line) => {
    const { change, note, mails } = await mailsOf(`${line}\n${SECRET}`);
    expect(note).toBeNull();
    expect(mails.filter((m) => m.to === BECKY.email)).toEqual([]);
    expect(mails).toEqual([{ to: SUMMER.email, role: 'named', template: 'command_refused', withNote: false }]);
    expect(JSON.stringify(change)).not.toContain('HIV');
  });

  it('mails the requester nothing when the mail also fails DMARC, which answers no one', async () => {
    const { note, mails } = await mailsOf(`#internal note\n${SECRET}`, FAIL);
    expect(note).toBeNull();
    expect(mails).toEqual([]);
  });

  it('makes the same reply with a well-formed #internal an internal note the requester does not hear of', async () => {
    const { note, mails } = await mailsOf(`#internal\n${SECRET}`);
    expect(note).toMatchObject({ internal: true, body: SECRET });
    expect(mails.filter((m) => m.to === BECKY.email)).toEqual([]);
    // The admin who wrote it is its only staff reader here, so no one is mailed; under "Becky," it is withheld instead.
    const { mails: underName } = await mailsOf(`Becky,\n#internal\n${SECRET}`);
    expect(underName.filter((m) => m.to === BECKY.email)).toEqual([]);
  });
});
