// The ticket a message's clues point at is found with one statement per clue: the ticket with
// its assignee's address and its participants, and for a Message-ID clue our mail's ticket, else
// the latest filed one of theirs (under a Message-ID a sender used again for other mail filed on
// its own ticket, the first of those tickets). Each answer is what the separate reads gave (byId/byRef,
// participantsOf, the assignee's row), and the clues keep their order and their rules.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { inboundMessages, outboundMessages } from '../../../src/adapters/db/schema.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import { databaseLookup } from '../../../src/adapters/db/thread-lookup.ts';
import type { ThreadClues } from '../../../src/inbound/thread.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const NOW = new Date();
const clues = (over: Partial<ThreadClues>): ThreadClues => ({ recipientAddresses: [], messageIds: [], pseudoRefs: [], subjectRef: null, bareSubjectRef: null, ...over });
const create = (email: string, cc: string[]): TicketChange => ({
  kind: 'create', submitter: { email, name: '' }, attachments: [], events: [],
  participants: cc.map((c) => ({ person: { email: c, name: '' }, role: 'interested' as const, addedBy: { email, name: '' } })),
  ticket: { summary: 's', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
} as TicketChange);

describe('findThread, one statement per clue', () => {
  const scratch = useScratchDatabase();

  it('finds the ticket, its assignee and its participants by each clue as before', async () => {
    const store = new TicketStore(scratch.db, 'T');
    const inbound = new InboundStore(scratch.db);
    const meta = { kind: 'test', maxAttachmentBytes: 0, now: NOW };
    const a = await store.apply(create('ann@example.test', ['cid@example.test', 'dan@example.test']), null, meta);
    const b = await store.apply(create('bea@example.test', []), null, meta);
    const c = await store.apply(create('cyd@example.test', []), null, meta);
    await store.apply({
      kind: 'update', ticketId: a.ticketId!, outcome: 'recorded', patch: { assignee: { email: 'sam@example.test', name: 'Sam' } },
      note: null, attachments: [], participantChanges: [], corrections: [], undeliverable: [], events: [],
    } as TicketChange, null, meta);
    await scratch.db.insert(outboundMessages).values({ ticketId: a.ticketId!, recipient: 'ann@example.test', template: 'ack', messageId: 'ours-a@helpdesk.test' });
    // Theirs: two filed messages with one Message-ID (other mail under a reused id: the first one's
    // ticket is named), a later one under its own id (the latest of theirs wins), one not filed.
    let uid = 0;
    const theirs = async (messageId: string, ticketId: number | null) => {
      const { id } = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw: Buffer.from(`Message-ID: <${messageId}>\r\n\r\nx ${uid}`) });
      await scratch.db.update(inboundMessages).set({ ticketId }).where(eq(inboundMessages.id, id));
    };
    await theirs('theirs@client.test', b.ticketId!);
    await theirs('theirs@client.test', c.ticketId!);
    await theirs('later@client.test', a.ticketId!);
    await theirs('unfiled@client.test', null);

    const lookup = databaseLookup(scratch.db, store, inbound, null);
    const find = async (cl: Partial<ThreadClues>, token: number | null = null, sender: string | null = null) => {
      const r = await lookup.findThread(clues(cl), token, sender);
      return { id: r.ticket?.id ?? null, assignee: r.ticket?.assigneeEmail ?? null, by: r.matchedBy, people: r.participants.map((p) => `${p.role}:${p.email}`) };
    };
    const refOf = async (id: number) => (await store.byId(id))!.ref;
    const aPeople = (await store.participantsOf(a.ticketId!)).map((p) => `${p.role}:${p.email}`);
    expect(aPeople).toEqual(['submitter:ann@example.test', 'interested:cid@example.test', 'interested:dan@example.test', 'assignee:sam@example.test']);

    expect(await find({ messageIds: ['theirs@client.test'] }, a.ticketId!)).toEqual({ id: a.ticketId, assignee: 'sam@example.test', by: 'token', people: aPeople });
    expect(await find({ messageIds: ['unfiled@client.test', 'ours-a@helpdesk.test', 'theirs@client.test'] })).toMatchObject({ id: a.ticketId, by: 'message-id', people: aPeople });
    expect(await find({ messageIds: ['theirs@client.test'] })).toEqual({ id: b.ticketId, assignee: null, by: 'message-id', people: ['submitter:bea@example.test'] });
    expect(await find({ messageIds: ['theirs@client.test', 'later@client.test'] })).toMatchObject({ id: a.ticketId, by: 'message-id', people: aPeople });
    expect(await find({ messageIds: ['unfiled@client.test'], pseudoRefs: [await refOf(b.ticketId!)] })).toMatchObject({ id: b.ticketId, by: 'pseudo-id' });
    // The subject tag counts only for a participant; the bare ref is tried after the tag.
    expect(await find({ subjectRef: await refOf(a.ticketId!) }, null, 'eve@example.test')).toMatchObject({ id: null, by: 'none', people: [] });
    expect(await find({ subjectRef: await refOf(a.ticketId!), bareSubjectRef: (await refOf(b.ticketId!)).toLowerCase() }, null, 'bea@example.test'))
      .toMatchObject({ id: b.ticketId, by: 'subject-tag', people: ['submitter:bea@example.test'] });
    expect(await find({ subjectRef: await refOf(a.ticketId!) }, null, 'dan@example.test')).toMatchObject({ id: a.ticketId, assignee: 'sam@example.test', by: 'subject-tag' });
    expect(await find({ messageIds: ['nobody@client.test'] }, 999_999)).toEqual({ id: null, assignee: null, by: 'none', people: [] });
  });
});
