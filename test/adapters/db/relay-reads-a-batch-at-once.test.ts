// The relay reads what the notification plans need for a whole batch in few statements: the
// events with their actor's address and whether their note is internal, and the tickets with
// their assignee and participants. Each plan gets what the separate reads gave it.
import { describe, expect, it } from 'vitest';
import { OutboundStore, type PlanFn } from '../../../src/adapters/db/outbound-store.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const NOW = new Date();

describe('OutboundStore.relay, the plan inputs of a batch', () => {
  const scratch = useScratchDatabase();

  it('gives each event its ticket, assignee, participants, actor and note visibility', async () => {
    const store = new TicketStore(scratch.db, 'T');
    const meta = { kind: 'test', maxAttachmentBytes: 0, now: NOW };
    const ann = { email: 'ann@example.test', name: '' };
    const created = await store.apply({
      kind: 'create', submitter: ann, attachments: [], participants: [{ person: { email: 'cid@example.test', name: '' }, role: 'interested', addedBy: ann }],
      events: [{ event: 'submitted', actor: ann, payload: { n: 1 } }],
      ticket: { summary: 's', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
    } as TicketChange, null, meta);
    const ticketId = created.ticketId!;
    await store.apply({
      kind: 'update', ticketId, outcome: 'recorded', patch: { assignee: { email: 'sam@example.test', name: 'Sam' } },
      note: { author: { email: 'sam@example.test', name: 'Sam' }, kind: 'note', body: 'checked', stripped: '', internal: true },
      attachments: [], participantChanges: [], corrections: [], undeliverable: [],
      events: [{ event: 'new_note', actor: { email: 'sam@example.test', name: 'Sam' }, payload: { n: 2 }, withNote: true }, { event: 'assigned', actor: null, payload: { n: 3 }, withNote: false }],
    } as TicketChange, null, meta);
    await store.insertEvents(scratch.db, null, [{ event: 'digest', actor: null, payload: { n: 4 } }], null);

    const seen: Parameters<PlanFn>[0][] = [];
    const batch = await new OutboundStore(scratch.db, 'helpdesk.test', 'T').relay((input) => { seen.push(input); return []; });
    expect(batch).toEqual({ events: 4, ids: [] });
    const people = ['submitter:ann@example.test', 'interested:cid@example.test', 'assignee:sam@example.test'];
    expect(seen.map((i) => ({
      event: i.event, n: i.payload.n, ticket: i.ticket?.id ?? null, assignee: i.ticket?.assigneeEmail ?? null,
      people: i.participants.map((p) => `${p.role}:${p.email}`), actor: i.actorEmail, internal: i.internal,
    }))).toEqual([
      // The ticket as it is when relayed (assigned since), for every event on it.
      { event: 'submitted', n: 1, ticket: ticketId, assignee: 'sam@example.test', people, actor: 'ann@example.test', internal: false },
      { event: 'new_note', n: 2, ticket: ticketId, assignee: 'sam@example.test', people, actor: 'sam@example.test', internal: true },
      { event: 'assigned', n: 3, ticket: ticketId, assignee: 'sam@example.test', people, actor: null, internal: false },
      { event: 'digest', n: 4, ticket: null, assignee: null, people: [], actor: null, internal: false },
    ]);
    expect(seen[0]!.participants[0]).toEqual({ personId: expect.any(Number), email: 'ann@example.test', name: '', role: 'submitter', notify: true, vouched: true });
    expect(await new OutboundStore(scratch.db, 'helpdesk.test', 'T').relay(() => [])).toEqual({ events: 0, ids: [] });
  });
});
