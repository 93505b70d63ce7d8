// RAW_MAIL_DAYS on real servers: mail goes through Dovecot into tickets, an admin closes one, and
// the `mail-retention` task clears the raw mail of a ticket closed longer ago than the setting
// (and of mail handled without a ticket that long ago), keeping the ticket, its notes and each
// message's Message-ID, hash and outcome. An open ticket, one closed recently and quarantined mail
// keep their bytes; the same mail delivered again is still known as a duplicate; the CLI says a
// cleared file or message was removed instead of failing to read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';
import { runDeskmail } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const CAROL = 'carol@example.test';
const DAVE = 'dave@example.test';
const SUMMER = 'summer@example.test';
const DAYS = 30;
const PDF = Buffer.from('%PDF-1.4\nClient AAAA111111 discharge summary\n%%EOF\n');
// The request's own Date: a copy delivered again keeps it (a duplicate is the same content, Date included).
const SENT_AT = new Date('2026-11-02T09:30:00Z');

interface MessageRow { id: number; message_id: string | null; raw: Buffer | null; raw_cleared_at: string | null; raw_sha256: string; outcome: string | null; status: string }

describe('raw mail cleared after its ticket closed (RAW_MAIL_DAYS)', () => {
  let h: Harness;
  let requestId: string;
  let heldId: number;
  const messagesOf = async (ref: string): Promise<MessageRow[]> => h.service.database.sql<MessageRow[]>`
    select m.id, m.message_id, m.raw, m.raw_cleared_at, m.raw_sha256, m.outcome, m.status
    from inbound_messages m join tickets t on t.id = m.ticket_id where t.ref = ${ref} order by m.id`;
  const retention = () => runScheduledTask(h.service.scheduleDeps, 'mail-retention', new Date());

  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, CAROL, DAVE, SUMMER], env: { ADMIN_EMAILS: SUMMER, RAW_MAIL_DAYS: String(DAYS) } });
    const request = (who: string, subject: string, extra: Partial<Parameters<Harness['send']>[1]> = {}) => h.send(who, {
      subject, text: 'When I open the Exit page and click Save, nothing is saved. It started on Monday.', ...extra,
    });
    // Utah_RW-1: alice's request with a file, closed by summer; then aged past RAW_MAIL_DAYS.
    requestId = await request(ALICE, 'Discharge summary will not save AAAA111111', { attachments: [{ filename: 'discharge.pdf', content: PDF, contentType: 'application/pdf' }], date: SENT_AT });
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin)), '#close\nFixed on our side.');
    await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed');
    // Utah_RW-2: carol's, still open.
    await request(CAROL, 'Org will not save BBBB222222');
    await h.waitForTicket('Utah_RW-2', () => true);
    // Utah_RW-3: dave's, closed just now.
    await request(DAVE, 'Services will not save CCCC333333');
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(3, TAILS.newTicketAdmin)), '#close\nDone.');
    await h.waitForTicket('Utah_RW-3', (t) => t.status === 'closed');
    // An automatic answer: handled without a ticket.
    await h.send(CAROL, { subject: 'Out of office', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' }, messageId: '<away@example.test>' });
    await h.settle();
    await waitForOutboxDrained(h);
    // Time passes: ticket 1 closed, and the automatic answer handled, longer ago than the setting.
    const { sql } = h.service.database;
    await sql`update tickets set closed_at = now() - interval '31 days' where ref = 'Utah_RW-1'`;
    await sql`update inbound_messages set processed_at = now() - interval '31 days', received_at = now() - interval '31 days' where message_id = 'away@example.test'`;
    // Mail held for an admin, stored long ago: never cleared, however old.
    ({ id: heldId } = await new InboundStore(h.service.database.db).store({
      mailbox: 'held-by-test', uidValidity: 1, uid: 1, raw: Buffer.from(`From: ${DAVE}\r\nSubject: Held\r\nMessage-ID: <held@example.test>\r\n\r\nHeld.\r\n`), held: { code: 'MESSAGE_TOO_LARGE', reason: 'test' },
    }));
    await sql`update inbound_messages set received_at = now() - interval '400 days', processed_at = now() - interval '400 days' where id = ${heldId}`;
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('clears the raw mail of a ticket closed longer ago than RAW_MAIL_DAYS, and keeps its notes and each message\'s facts', async () => {
    const before = await messagesOf('Utah_RW-1');
    expect(before.length).toBeGreaterThanOrEqual(2); // the request and summer's #close
    const notesBefore = (await h.ticket('Utah_RW-1'))!.notes.map((n) => n.body);

    expect(await retention()).toMatch(/cleared the raw mail of 3 messages/);

    const after = await messagesOf('Utah_RW-1');
    for (const [i, m] of after.entries()) {
      expect(m.raw).toBeNull();
      expect(m.raw_cleared_at).not.toBeNull();
      expect({ id: m.id, messageId: m.message_id, hash: m.raw_sha256, outcome: m.outcome, status: m.status })
        .toEqual({ id: before[i]!.id, messageId: before[i]!.message_id, hash: before[i]!.raw_sha256, outcome: before[i]!.outcome, status: before[i]!.status });
    }
    const ticket = (await h.ticket('Utah_RW-1'))!;
    expect(ticket.notes.map((n) => n.body)).toEqual(notesBefore);
    expect(ticket.notes.flatMap((n) => n.attachments.map((a) => a.filename))).toContain('discharge.pdf');
    const [away] = await h.service.database.sql<{ raw: Buffer | null }[]>`select raw from inbound_messages where message_id = 'away@example.test'`;
    expect(away!.raw).toBeNull();
  });

  it('leaves an open ticket, one closed recently and quarantined mail as they were', async () => {
    for (const ref of ['Utah_RW-2', 'Utah_RW-3']) {
      const rows = await messagesOf(ref);
      expect(rows.length, ref).toBeGreaterThan(0);
      for (const m of rows) expect({ ref, kept: m.raw !== null && m.raw.length > 0, clearedAt: m.raw_cleared_at }).toEqual({ ref, kept: true, clearedAt: null });
    }
    const [held] = await h.service.database.sql<{ raw: Buffer | null; status: string }[]>`select raw, status from inbound_messages where id = ${heldId}`;
    expect(held!.status).toBe('quarantined');
    expect(held!.raw?.toString()).toContain('Held.');
    // A second run finds nothing more to clear.
    expect(await retention()).toMatch(/cleared the raw mail of 0 messages/);
  });

  it('still knows the same mail delivered again as a duplicate of the cleared one', async () => {
    await h.send(ALICE, {
      subject: 'Discharge summary will not save AAAA111111', text: 'When I open the Exit page and click Save, nothing is saved. It started on Monday.',
      attachments: [{ filename: 'discharge.pdf', content: PDF, contentType: 'application/pdf' }], messageId: `<${requestId}>`, date: SENT_AT,
    });
    await h.settle();
    const copies = await h.service.database.sql<{ outcome: string | null; ticket_id: number | null }[]>`
      select outcome, ticket_id from inbound_messages where message_id = ${requestId} order by id`;
    expect(copies).toHaveLength(2);
    expect(copies[1]!.outcome).toMatch(/^ignored:duplicate/);
    expect(await h.ticket('Utah_RW-4')).toBeNull();
  });

  it('says on the command line that a cleared file and a cleared message were removed', async () => {
    const file = (await h.ticket('Utah_RW-1'))!.notes.flatMap((n) => n.attachments).find((a) => a.filename === 'discharge.pdf')!;
    const got = await runDeskmail(h.stack.config, ['attachments', 'get', file.checksum!]);
    expect(got.code).toBe(1);
    expect(got.stderr).toMatch(/was removed: the mail that carried it was cleared on \d{4}-\d\d-\d\dT.* under RAW_MAIL_DAYS/);
    const shown = await runDeskmail(h.stack.config, ['tickets', 'show', 'Utah_RW-1']);
    expect(shown.stdout).toMatch(/\[file\] discharge\.pdf \(\d+ bytes, removed \d{4}-\d\d-\d\d under RAW_MAIL_DAYS\)/);
    const [request] = await messagesOf('Utah_RW-1');
    const show = await runDeskmail(h.stack.config, ['quarantine', 'show', String(request!.id)]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/raw mail\s+removed \S+ under RAW_MAIL_DAYS; only these facts are kept/);
    expect(show.stdout).toContain(`messageId  ${requestId}`);
  });
});
