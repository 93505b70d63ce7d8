// A reply whose In-Reply-To and References name the status mail of two tickets (an old thread
// replied to again, a mail client keeping References from an earlier thread) is filed on the ticket
// of the message it answers (RFC 5322 section 3.6.4): In-Reply-To's first, then References from the
// last (the newest) to the first. Each case stores the status mail that must lose first, under the
// id that sorts first, so neither the table's order nor the index's can give the right answer by luck.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { outboundMessages } from '../../../src/adapters/db/schema.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { processMail, type ProcessMailDeps } from '../../../src/workers/process-mail.ts';
import { PIPELINE_SETTINGS } from '../../support/pipeline-settings.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const ALICE = 'alice@example.test';
const HOST = 'helpdesk.example.test';

/** Which status mail each header names: A's, B's, or a message the help desk never saw. */
type Named = 'A' | 'B' | 'unseen';
interface Case { inReplyTo: Named[]; references: Named[]; filedOn: 'A' | 'B' }

const CASES: Case[] = [
  { inReplyTo: ['B'], references: ['A', 'B'], filedOn: 'B' },
  { inReplyTo: ['A'], references: ['B', 'A'], filedOn: 'A' },
  // In-Reply-To names the message answered, whatever the order of References.
  { inReplyTo: ['B'], references: ['B', 'A'], filedOn: 'B' },
  { inReplyTo: ['A'], references: ['A', 'B'], filedOn: 'A' },
  // Without In-Reply-To, the last of References is the newest.
  { inReplyTo: [], references: ['A', 'B'], filedOn: 'B' },
  { inReplyTo: [], references: ['B', 'A'], filedOn: 'A' },
  // A message never seen names nothing; the nearest one that is ours decides.
  { inReplyTo: ['unseen'], references: ['A', 'B', 'unseen'], filedOn: 'B' },
  { inReplyTo: ['unseen'], references: ['B', 'A', 'unseen'], filedOn: 'A' },
];

describe('a reply naming the status mail of two tickets', () => {
  const scratch = useScratchDatabase();
  let uid = 0;

  const request = (summary: string): TicketChange => ({
    kind: 'create', submitter: { email: ALICE, name: 'Alice' }, participants: [], attachments: [], events: [],
    ticket: { summary, originalSubject: summary, description: summary, status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
  } as TicketChange);

  const deps = (): ProcessMailDeps => ({
    db: scratch.db, inbound: new InboundStore(scratch.db), tickets: new TicketStore(scratch.db, PIPELINE_SETTINGS.prefix), settings: PIPELINE_SETTINGS,
    assessIntake: null, maxAttachmentBytes: 1 << 20, log: pino({ level: 'silent' }), afterChange: async () => {}, awaitReferencedMs: 0,
  });

  it.each(CASES)('In-Reply-To $inReplyTo, References $references: filed on ticket $filedOn', async ({ inReplyTo, references, filedOn }) => {
    const store = new TicketStore(scratch.db, PIPELINE_SETTINGS.prefix);
    const meta = { kind: 'test', maxAttachmentBytes: 0, now: new Date() };
    const ticketOf = {
      A: (await store.apply(request('Caseload export is empty'), null, meta)).ticketId!,
      B: (await store.apply(request('Intake page times out'), null, meta)).ticketId!,
    };
    // The loser's status mail is stored first and sorts first.
    const loser = filedOn === 'A' ? 'B' : 'A';
    const run = randomBytes(4).toString('hex');
    const idOf: Record<Named, string> = { [loser]: `a-${run}@${HOST}`, [filedOn]: `z-${run}@${HOST}`, unseen: `${run}@client.example.test` } as Record<Named, string>;
    for (const t of [loser, filedOn] as const) {
      await scratch.db.insert(outboundMessages).values({ ticketId: ticketOf[t], recipient: ALICE, template: 'submitted', messageId: idOf[t], status: 'sent' });
    }
    const header = (name: string, named: Named[]) => (named.length ? [`${name}: ${named.map((n) => `<${idOf[n]}>`).join(' ')}`] : []);
    const { id } = await new InboundStore(scratch.db).store({
      mailbox: 'INBOX', uidValidity: 1, uid: ++uid,
      raw: Buffer.from([
        `From: Alice <${ALICE}>`, `To: ${PIPELINE_SETTINGS.helpdeskAddress}`, 'Subject: Re: your request', `Message-ID: <reply-${run}@client.example.test>`,
        ...header('In-Reply-To', inReplyTo), ...header('References', references),
        `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
        'It still happens for client AAAA123456 this morning.', '',
      ].join('\r\n')),
    });

    expect(await processMail(deps(), id)).toBe('appended');
    const [row] = await scratch.sql<{ ticket_id: number }[]>`select n.ticket_id from notes n where n.inbound_message_id = ${id}`;
    expect(row?.ticket_id).toBe(ticketOf[filedOn]);
  });
});
