// What counts as activity on a ticket: a person's note moves its activity time (which drives
// stale reminders and auto-close); an automatic reply or a bounce recorded on it does not.
import { describe, expect, it } from 'vitest';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { NewNote, TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const ALICE = { email: 'alice@example.test', name: 'Alice' };
const noteChange = (ticketId: number, note: NewNote): TicketChange => ({
  kind: 'update', ticketId, outcome: 'recorded', patch: {}, note, attachments: [], participantChanges: [], corrections: [], undeliverable: [], events: [],
});

describe('TicketStore activity time', () => {
  const scratch = useScratchDatabase();

  it('keeps updatedAt for an auto-reply note and moves it for a person\'s note', async () => {
    const store = new TicketStore(scratch.db, 'Utah_RW');
    const created = await store.apply({
      kind: 'create', submitter: ALICE, participants: [], attachments: [], events: [],
      ticket: { summary: 's', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
    } as TicketChange, null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() });
    const id = created.ticketId!;
    const before = (await store.byId(id))!;
    await new Promise((r) => setTimeout(r, 20));
    await store.apply(noteChange(id, { author: ALICE, kind: 'auto_reply', body: 'Out of office', stripped: '', internal: true }), null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() });
    const afterAuto = (await store.byId(id))!;
    expect(afterAuto.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    await store.apply(noteChange(id, { author: ALICE, kind: 'note', body: 'Any news?', stripped: '', internal: false }), null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() });
    const afterNote = (await store.byId(id))!;
    expect(afterNote.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
  });
});
