// `#stop` from an admin who is not on the ticket (admins hear of unassigned and urgent tickets as
// admins, without a participant row) is kept as a mute of their own (ticket_mutes), not as a
// participant row, which would make the ticket one of theirs: the notification plan leaves them out
// as it does anyone else who stopped.
import { describe, expect, it } from 'vitest';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import { ticketMuted } from '../../../src/adapters/db/ticket-page.ts';
import { planNotifications } from '../../../src/outbound/notify-plan.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const ALICE = { email: 'alice@example.test', name: 'Alice' };
const BECKY = 'becky@example.test'; // an admin
const META = { kind: 'test', maxAttachmentBytes: 0, now: new Date() };

/** A new ticket of Alice's, nobody else on it. */
async function newTicket(store: TicketStore, priority: string): Promise<number> {
  const { ticketId } = await store.apply({
    kind: 'create', submitter: ALICE, participants: [], attachments: [], events: [],
    ticket: { summary: 's', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority, route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
  } as TicketChange, null, META);
  return ticketId!;
}

describe('#stop from an admin not on the ticket', () => {
  const scratch = useScratchDatabase();
  const mutedOn = async (ticketId: number) => (await ticketMuted(scratch.db, ticketId)).map((m) => m.email);

  it('stops the mail the admin would get as an admin', async () => {
    const store = new TicketStore(scratch.db, 'Utah_RW');
    const ticketId = await newTicket(store, 'urgent');
    const ticket = TicketStore.toState((await store.byId(ticketId))!, null);
    const plan = async () => planNotifications({
      event: 'new_note', ticket, participants: await store.participantsOf(ticketId), muted: await mutedOn(ticketId), actorEmail: ALICE.email, internal: false, adminEmails: [BECKY], supportAddress: null,
    }).map((p) => p.to);
    expect(await plan()).toContain(BECKY);
    await store.apply({
      kind: 'update', ticketId: ticketId, outcome: 'recorded', patch: {}, note: null, attachments: [], corrections: [], undeliverable: [], events: [],
      participantChanges: [{ kind: 'stop', email: BECKY }],
    } as TicketChange, null, META);
    expect(await plan()).not.toContain(BECKY);
    // Becky is not put on the ticket; a stop on a row that exists changes that row and adds none.
    await store.apply({
      kind: 'update', ticketId: ticketId, outcome: 'recorded', patch: {}, note: null, attachments: [], corrections: [], undeliverable: [], events: [],
      participantChanges: [{ kind: 'stop', email: ALICE.email }],
    } as TicketChange, null, META);
    const rows = await store.participantsOf(ticketId);
    expect(rows.map((p) => [p.email, p.role, p.notify])).toEqual([[ALICE.email, 'submitter', false]]);
    expect(await mutedOn(ticketId)).toEqual([BECKY]);
  });

  it('is lifted when the ticket is then assigned to that admin: the assignee hears of the ticket they work', async () => {
    const store = new TicketStore(scratch.db, 'Utah_RW');
    const ticketId = await newTicket(store, 'normal');
    const update = (change: Partial<TicketChange>) => store.apply({
      kind: 'update', ticketId: ticketId, outcome: 'recorded', patch: {}, note: null, attachments: [], corrections: [], undeliverable: [], events: [], participantChanges: [], ...change,
    } as TicketChange, null, META);
    await update({ participantChanges: [{ kind: 'stop', email: BECKY }] });
    const plan = async (event: 'assigned' | 'new_note') => planNotifications({
      event, ticket: TicketStore.toState((await store.byId(ticketId))!, BECKY), participants: await store.participantsOf(ticketId), muted: await mutedOn(ticketId), actorEmail: ALICE.email, internal: false, adminEmails: [BECKY], supportAddress: null,
    }).map((p) => p.to);
    expect(await plan('new_note')).not.toContain(BECKY);
    await update({ patch: { status: 'assigned', assignee: { email: BECKY, name: 'Becky' } } } as Partial<TicketChange>);
    expect((await store.participantsOf(ticketId)).filter((p) => p.email === BECKY).map((p) => [p.role, p.notify])).toEqual([['assignee', true]]);
    expect(await mutedOn(ticketId)).toEqual([]);
    expect(await plan('assigned')).toContain(BECKY);
    expect(await plan('new_note')).toContain(BECKY);
  });
});
