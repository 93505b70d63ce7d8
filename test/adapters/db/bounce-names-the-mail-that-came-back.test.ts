// A delivery report names the mail that came back by its Message-ID, and the mail that one answered
// by its In-Reply-To and References, which are often our earlier status mail to someone else on
// the ticket. Only the address of the mail that came back is marked undeliverable: the recipient of
// the first id in the report's order that is ours (the returned mail, then the mail it answered,
// nearest first), never a row the database happens to read first. Each case stores the mail that
// must lose first, under the id that sorts first, so neither the table's order nor the index's
// gives the right answer by luck.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { outboundMessages } from '../../../src/adapters/db/schema.ts';
import { databaseLookup } from '../../../src/adapters/db/thread-lookup.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { processMail, type ProcessMailDeps } from '../../../src/workers/process-mail.ts';
import { PIPELINE_SETTINGS } from '../../support/pipeline-settings.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const HOST = 'helpdesk.example.test';

describe('a bounce names the mail that came back', () => {
  const scratch = useScratchDatabase();
  let uid = 0;

  const request = (summary: string): TicketChange => ({
    kind: 'create', submitter: { email: ALICE, name: 'Alice' }, participants: [{ person: { email: BOB, name: 'Bob' }, role: 'interested' }], attachments: [], events: [],
    ticket: { summary, originalSubject: summary, description: summary, status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
  } as TicketChange);

  const deps = (): ProcessMailDeps => ({
    db: scratch.db, inbound: new InboundStore(scratch.db), tickets: new TicketStore(scratch.db, PIPELINE_SETTINGS.prefix), settings: PIPELINE_SETTINGS,
    assessIntake: null, maxAttachmentBytes: 1 << 20, log: pino({ level: 'silent' }), afterChange: async () => {}, awaitReferencedMs: 0,
  });

  /** Our status mail on a new ticket to each of `recipients`, stored in that order under ids that sort in that order. */
  async function sent(recipients: string[]): Promise<string[]> {
    const store = new TicketStore(scratch.db, PIPELINE_SETTINGS.prefix);
    const { ticketId } = await store.apply(request('Caseload export is empty'), null, { kind: 'test', maxAttachmentBytes: 0, now: new Date() });
    const run = randomBytes(4).toString('hex');
    const ids = recipients.map((_, i) => `${String.fromCharCode(97 + i)}-${run}@${HOST}`);
    for (const [i, recipient] of recipients.entries()) {
      await scratch.db.insert(outboundMessages).values({ ticketId, recipient, template: 'note_added', messageId: ids[i]!, status: 'sent', sentAt: new Date(Date.now() - (recipients.length - i) * 60_000) });
    }
    return ids;
  }

  /** A delivery report that `failed` could not be reached, returning the headers of our mail `returned`. */
  async function bounce(failed: string, returned: { messageId: string; inReplyTo?: string; references?: string[] }): Promise<number> {
    const raw = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.test>', `To: ${PIPELINE_SETTINGS.helpdeskAddress}`, 'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <dsn-${randomBytes(4).toString('hex')}@mx.example.test>`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'Delivery failed.', '',
      '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.test', '',
      `Final-Recipient: rfc822; ${failed}`, 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 User unknown', '',
      '--b', 'Content-Type: text/rfc822-headers', '',
      `Message-ID: <${returned.messageId}>`,
      ...(returned.inReplyTo ? [`In-Reply-To: <${returned.inReplyTo}>`] : []),
      ...(returned.references?.length ? [`References: ${returned.references.map((id) => `<${id}>`).join(' ')}`] : []), '',
      '--b--', '',
    ].join('\r\n');
    return (await new InboundStore(scratch.db).store({ mailbox: 'INBOX', uidValidity: 1, uid: ++uid, raw: Buffer.from(raw) })).id;
  }

  const undeliverable = async () => (await scratch.sql<{ email: string }[]>`select email from people where undeliverable_at is not null order by email`).map((r) => r.email);
  const clear = () => scratch.sql`update people set undeliverable_at = null, undeliverable_reason = null`;

  it('marks the address of the returned mail, not of the earlier mail its References name', async () => {
    await clear();
    // Alice's mail went first; the mail to Bob came back, naming hers in its References.
    const [toAlice, toBob] = await sent([ALICE, BOB]);
    expect(await processMail(deps(), await bounce(BOB, { messageId: toBob!, references: [toAlice!] }))).toBe('recorded');
    expect(await undeliverable()).toEqual([BOB]);
  });

  it('marks nobody when the report names an address the returned mail was not sent to', async () => {
    await clear();
    const [toAlice, toBob] = await sent([ALICE, BOB]);
    // A report about the mail to Bob that says Alice's address failed: not hers to say.
    expect(await processMail(deps(), await bounce(ALICE, { messageId: toBob!, inReplyTo: toAlice!, references: [toAlice!] }))).toBe('recorded');
    expect(await undeliverable()).toEqual([]);
  });

  it('without our mail under its own id, takes the mail it answered, nearest first', async () => {
    const lookup = databaseLookup(scratch.db, new TicketStore(scratch.db, PIPELINE_SETTINGS.prefix), new InboundStore(scratch.db), null);
    const [toAlice, toBob, toCarol] = await sent([ALICE, BOB, CAROL]);
    const unseen = `unseen-${randomBytes(4).toString('hex')}@client.example.test`;
    expect(await lookup.bouncedRecipient!([toCarol!, toAlice!, toBob!])).toBe(CAROL);
    expect(await lookup.bouncedRecipient!([unseen, toBob!, toAlice!])).toBe(BOB);
    expect(await lookup.bouncedRecipient!([unseen, toCarol!, toBob!, toAlice!])).toBe(CAROL);
    expect(await lookup.bouncedRecipient!([unseen])).toBeNull();
    expect(await lookup.bouncedRecipient!([])).toBeNull();
  });
});
