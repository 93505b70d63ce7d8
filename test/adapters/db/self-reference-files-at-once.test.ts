// A fresh message whose References name only its own Message-ID has nothing to wait for: the
// store files it at once (no THREAD_UNFILED) and asks nothing about the ids it refers to.
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

describe('a message that refers only to itself', () => {
  const scratch = useScratchDatabase();

  it('is filed as a new ticket without waiting', async () => {
    const inbound = new InboundStore(scratch.db);
    const { id } = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw: Buffer.from('Message-ID: <self@client.test>\r\nReferences: <self@client.test>\r\n\r\nhello') });
    const applied = await new TicketStore(scratch.db, 'T').apply({
      kind: 'create', submitter: { email: 'ann@example.test', name: '' }, participants: [], attachments: [], events: [],
      ticket: { summary: 's', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
    } as TicketChange, id, { kind: 'new', maxAttachmentBytes: 0, messageId: 'self@client.test', threadIds: ['self@client.test'], seen: null, awaitReferenced: true, now: new Date() });
    expect(applied.outcome).toBe('created');
  });
});
