// What a status mail said is kept with its row when it is marked sent, without its link targets
// (the recipient's personal sign-in link, their signed reply address), and the lookup gives it to
// the reply that answers it: the mail its In-Reply-To names first, of the ticket the reply is on
// only, and none for a mail whose text was not kept.
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../../src/adapters/db/outbound-store.ts';
import { outboundMessages } from '../../../src/adapters/db/schema.ts';
import { databaseLookup } from '../../../src/adapters/db/thread-lookup.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const request = (summary: string): TicketChange => ({
  kind: 'create', submitter: { email: 'rosa@example.test', name: 'Rosa' }, participants: [], attachments: [], events: [],
  ticket: { summary, originalSubject: summary, description: summary, status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
} as TicketChange);

const mailText = (n: number) => [
  '##- Please type your reply above this line -##', '', 'Hello Rosa,', '', `Question ${n}: which report are you running?`, '',
  'Open issue K-1', '<https://desk.example.test/tickets/K-1?k=AQAAAAxAAADnT0kQ>', 'to see the ticket and all action taken.', '',
  'You get this email because you are on issue K-1. Stop updating me', '<mailto:helpdesk+1-1-atvys2oif4veqcgq@example.test?subject=Re&body=%23stop>',
].join('\n');

describe('the text of a status mail', () => {
  const scratch = useScratchDatabase();

  it('is kept without its links and found for the reply on its ticket that answers it', async () => {
    const tickets = new TicketStore(scratch.db, 'K');
    const outbound = new OutboundStore(scratch.db, 'desk.example.test', 'K');
    const lookup = databaseLookup(scratch.db, tickets, new InboundStore(scratch.db), null);
    const first = (await tickets.apply(request('Kettle trips the fuse'), null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() })).ticketId!;
    const other = (await tickets.apply(request('Printer jams'), null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() })).ticketId!;
    const rows = await scratch.db.insert(outboundMessages).values([
      { ticketId: first, recipient: 'rosa@example.test', template: 'submitted', messageId: 'a-1@desk.example.test' },
      { ticketId: first, recipient: 'rosa@example.test', template: 'waiting', messageId: 'b-2@desk.example.test' },
      { ticketId: first, recipient: 'rosa@example.test', template: 'new_note', messageId: 'c-3@desk.example.test' },
    ]).returning();
    await outbound.markSent(rows[0]!.id, 'submitted', { text: mailText(1) });
    await outbound.markSent(rows[1]!.id, 'waiting', { text: mailText(2) });
    // Marked sent without its text (a send that found SMTP had taken it in an earlier run).
    await outbound.markSent(rows[2]!.id, 'new note');

    const kept = await lookup.sentMailText!(first, ['b-2@desk.example.test', 'a-1@desk.example.test']);
    expect(kept).toContain('Question 2: which report are you running?');
    expect(kept).toContain('Stop updating me');
    expect(kept).not.toMatch(/https:|mailto:|\?k=|atvys2oif4veqcgq/);
    // The mail named first, whichever row comes first.
    expect(await lookup.sentMailText!(first, ['a-1@desk.example.test', 'b-2@desk.example.test'])).toContain('Question 1');
    // A mail kept without text gives none, and a mail named first that is not ours is passed over.
    expect(await lookup.sentMailText!(first, ['c-3@desk.example.test'])).toBeNull();
    expect(await lookup.sentMailText!(first, ['theirs@client.example.test', 'b-2@desk.example.test'])).toContain('Question 2');
    // Never the mail of another ticket, nor of a ticket no row can be.
    expect(await lookup.sentMailText!(other, ['b-2@desk.example.test'])).toBeNull();
    expect(await lookup.sentMailText!(2 ** 40, ['b-2@desk.example.test'])).toBeNull();
    expect(await lookup.sentMailText!(first, [])).toBeNull();
  });
});
