// End to end on real servers for the mail a help desk actually gets: autoresponders on the other
// side (with and without RFC 3834 headers), a bounce of a status mail, attachments (inline, twice,
// too large) and a message with no From. The mail limits have their own tests (loop-limits.test.ts).
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskmail } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitUntilQuiet } from '../support/status-mail.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const TAG = (ref: string) => `[ClientTrack Issues Tracking] Issue ${ref}`;
const SUMMER = 'summer@example.test';
/** The ticket a status mail is about, read from its subject tag. */
const refOf = (mail: ParsedMessage) => /Issue (Utah_RW-\d+)/.exec(mail.subject)?.[1] ?? '';
const isSubmitted = (m: ParsedMessage) => /Issue Utah_RW-\d+ has been submitted$/.test(m.subject);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Raw mail through the relay with our own envelope (an empty sender for a DSN, as MTAs send them). */
async function sendRaw(h: Harness, envelope: { from: string; to: string[] }, raw: string): Promise<void> {
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.stack.relay.port, secure: false, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    await smtp.sendMail({ envelope, raw: raw.replace(/\r?\n/g, '\r\n') });
  } finally {
    smtp.close();
  }
}

/**
 * A mailbox that answers every message it gets, as a badly behaved autoresponder does: it watches
 * its INBOX over IMAP and replies to Reply-To (else From). `rfc3834` adds Auto-Submitted.
 */
function startAutoResponder(h: Harness, user: string, style: 'rfc3834' | 'plain') {
  let handled = 0;
  let running = true;
  const sent: string[] = [];
  const loop = (async () => {
    while (running) {
      const box = await h.mailbox(user).catch(() => [] as ParsedMessage[]);
      for (const m of box.slice(handled)) {
        handled++;
        const to = m.replyTo[0]?.address ?? m.from?.address;
        if (!to) continue;
        const subject = style === 'rfc3834' ? `Automatic reply: ${m.subject}` : `Out of Office: ${m.subject}`;
        await h.send(`Away Person <${user}>`, {
          to, subject,
          text: 'I am out of the office until Monday with limited access to email. For urgent matters call the front desk.',
          inReplyTo: m.messageId ? `<${m.messageId}>` : undefined,
          references: m.messageId ? [`<${m.messageId}>`] : undefined,
          headers: style === 'rfc3834' ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {},
        });
        sent.push(to);
      }
      await sleep(200);
    }
  })();
  return { sent, async stop() { running = false; await loop; } };
}

describe('messy mail on real servers', () => {
  let h: Harness;
  const users = ['alice@example.test', 'ooo@example.test', 'away@example.test', 'bea@example.test', 'gone@example.test', 'cal@example.test', SUMMER];
  beforeAll(async () => {
    h = await startHarness({ users, env: { ADMIN_EMAILS: SUMMER, MAX_ATTACHMENT_MB: '1' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('stops an exchange with autoresponders after one automatic message each way, and records their replies quietly', async () => {
    let ref = '';
    const rfc = startAutoResponder(h, 'ooo@example.test', 'rfc3834');
    const plain = startAutoResponder(h, 'away@example.test', 'plain');
    try {
      await h.send('Alice Example <alice@example.test>', {
        subject: 'Intake assessment will not save',
        cc: ['ooo@example.test', 'away@example.test'],
        text: 'When I save the intake assessment for client AAAA111111 on the Assessments tab I get "Error 500". It started this morning after I entered the household members.\n\nThanks,\nAlice',
      });
      ref = refOf(await h.waitForMail('alice@example.test', isSubmitted));
      await h.waitForTicket(ref, (t) => t.notes.filter((n) => n.kind === 'auto_reply').length === 2, 20_000);
      const total = async () => (await Promise.all(['ooo@example.test', 'away@example.test', 'alice@example.test', h.helpdesk].map(async (u) => (await h.mailbox(u)).length))).reduce((a, b) => a + b, 0);
      await waitUntilQuiet(total, 3000);
    } finally {
      await rfc.stop();
      await plain.stop();
    }
    const fromDesk = (m: ParsedMessage) => m.from?.address === h.helpdesk;
    for (const responder of ['ooo@example.test', 'away@example.test']) {
      const box = await h.mailbox(responder);
      // Alice's own request (they were in Cc) and exactly one status mail from the help desk.
      expect(box.filter(fromDesk).map((m) => m.subject)).toEqual([`${TAG(ref)} has been submitted`]);
      const toDesk = (await h.mailbox(h.helpdesk)).filter((m) => m.from?.address === responder);
      expect(toDesk).toHaveLength(1);
    }
    const ticket = (await h.ticket(ref))!;
    const automatic = ticket.notes.filter((n) => n.kind === 'auto_reply');
    expect(automatic.map((n) => n.author).sort()).toEqual(['away@example.test', 'ooo@example.test']);
    expect(automatic.every((n) => n.internal)).toBe(true);
    expect(ticket.notes.filter((n) => n.kind === 'note')).toEqual([]);
    // Alice got her confirmation and the two autoreplies to her own mail, nothing more from us.
    expect((await h.mailbox('alice@example.test')).filter(fromDesk).map((m) => m.subject)).toEqual([`${TAG(ref)} has been submitted`]);
    const rows = await h.service.database.sql`select recipient, template, status from outbound_messages where ticket_id = (select id from tickets where ref = ${ref}) order by id`;
    expect(rows.filter((r) => r.recipient !== SUMMER).map((r) => `${r.recipient} ${r.template}`).sort()).toEqual([
      'alice@example.test submitted', 'away@example.test submitted', 'ooo@example.test submitted',
    ]);
  });

  it('records a bounced status mail on its ticket, stops mailing that address and tells the admins', async () => {
    await h.send('Bea Example <bea@example.test>', {
      subject: 'Program missing from the drop-down',
      cc: ['gone@example.test'],
      text: 'Our "Harbor House Emergency Shelter" program does not show in the enrollment drop-down on the Programs tab since yesterday.\n\nThanks,\nBea',
    });
    const original = await h.waitForMail('gone@example.test', isSubmitted);
    const ref = refOf(original);
    const boundary = `dsn-${randomBytes(4).toString('hex')}`;
    const report = () => sendRaw(h, { from: '', to: [h.helpdesk] }, [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.test>',
      `To: ${h.helpdesk}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <dsn-${randomBytes(6).toString('hex')}@mx.example.test>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'This is the mail system at host mx.example.test.',
      '',
      "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
      '',
      '<gone@example.test>: host mx.example.test said: 550 5.1.1 <gone@example.test>: Recipient address rejected: User unknown',
      '',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.test',
      '',
      'Final-Recipient: rfc822; gone@example.test',
      'Original-Recipient: rfc822;gone@example.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <gone@example.test>: Recipient address rejected: User unknown',
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `From: "ClientTrack Help Desk" <${h.helpdesk}>`,
      'To: gone@example.test',
      `Subject: ${original.subject}`,
      `Message-ID: <${original.messageId}>`,
      '',
      `--${boundary}--`,
      '',
    ].join('\n'));
    await report();
    const ticket = await h.waitForTicket(ref, (t) => t.notes.some((n) => n.kind === 'bounce'));
    const bounce = ticket.notes.find((n) => n.kind === 'bounce')!;
    expect(bounce.body).toMatch(/^could not deliver to gone@example\.test: 5\.1\.1 .*User unknown/);
    expect(bounce.internal).toBe(true);
    const [person] = await h.service.database.sql`select undeliverable_at, undeliverable_reason from people where email = 'gone@example.test'`;
    expect(person!.undeliverable_at).not.toBeNull();
    expect(person!.undeliverable_reason).toMatch(/^5\.1\.1/);
    const notice = await h.waitForMail(SUMMER, (m) => m.subject === `${TAG(ref)} update could not be delivered`);
    expect(notice.text).toContain('could not be delivered to gone@example.test');
    // The same report again (or a sender repeating it): recorded on the ticket, the admins not told twice the same day.
    await report();
    await h.waitForTicket(ref, (t) => t.notes.filter((n) => n.kind === 'bounce').length === 2);
    await h.settle();
    expect((await h.mailbox(SUMMER)).filter((m) => m.subject === `${TAG(ref)} update could not be delivered`)).toHaveLength(1);
    // A later status mail to that address is suppressed, not sent.
    const submitted = await h.waitForMail('bea@example.test', (m) => m.subject === `${TAG(ref)} has been submitted`);
    await h.reply('bea@example.test', submitted, 'It is also missing from the exit screen.');
    const deadline = Date.now() + 10_000;
    let rows: { status: string; reason: string | null }[] = [];
    while (Date.now() < deadline) {
      rows = await h.service.database.sql`select status, reason from outbound_messages where recipient = 'gone@example.test' and template = 'new_note'`;
      if (rows.length && rows.every((r) => r.status !== 'pending')) break;
      await sleep(150);
    }
    expect(rows).toEqual([{ status: 'suppressed', reason: expect.stringMatching(/^recipient undeliverable: 5\.1\.1/) }]);
    expect((await h.mailbox('gone@example.test')).filter((m) => m.from?.address === h.helpdesk)).toHaveLength(1);
  });

  it('stores attachments once by content, links them to the note and lists them by name and size, never attaching them', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(20_000)]);
    const big = randomBytes(1_300_000);
    await h.send('Cal Example <cal@example.test>', {
      subject: 'Report shows the wrong totals',
      html: '<p>The APR for our Harbor House Emergency Shelter program shows 0 leavers since yesterday. Screenshot:</p><p><img src="cid:shot@cal"></p><p>Thanks,<br>Cal</p>',
      attachments: [
        { filename: 'screenshot.png', content: png, contentType: 'image/png', cid: 'shot@cal' } as never,
        { filename: 'apr-export.pdf', content: pdf, contentType: 'application/pdf' },
      ],
    });
    const submitted = await h.waitForMail('cal@example.test', isSubmitted);
    const ref = refOf(submitted);
    await h.waitForTicket(ref, (t) => t.notes.some((n) => n.attachments.length === 2));
    // The same PDF again, and one file over MAX_ATTACHMENT_MB=1.
    const replyId = await h.send('cal@example.test', {
      to: submitted.replyTo[0]!.address, subject: `Re: ${submitted.subject}`, text: 'Here is the export again, and the full data file.',
      inReplyTo: `<${submitted.messageId}>`,
      attachments: [{ filename: 'apr-export.pdf', content: pdf, contentType: 'application/pdf' }, { filename: 'full-data.csv', content: big, contentType: 'text/csv' }],
    });
    expect(replyId).toBeTruthy();
    const ticket = await h.waitForTicket(ref, (t) => t.notes.some((n) => n.kind === 'note'));
    const files = ticket.notes.flatMap((n) => n.attachments.map(({ checksum: _checksum, ...a }) => ({ note: n.kind, ...a })));
    expect(files).toEqual([
      { note: 'system', filename: 'screenshot.png', size: png.length, contentType: 'image/png', stored: true },
      { note: 'system', filename: 'apr-export.pdf', size: pdf.length, contentType: 'application/pdf', stored: true },
      { note: 'note', filename: 'apr-export.pdf', size: pdf.length, contentType: 'application/pdf', stored: true },
      { note: 'note', filename: 'full-data.csv', size: big.length, contentType: 'text/csv', stored: false },
    ]);
    const note = ticket.notes.find((n) => n.kind === 'note')!;
    expect(note.body).toBe('Here is the export again, and the full data file.\n\nNot stored: full-data.csv (1.2 MB) was over the 1 MB limit for attached files. Please share it another way if the help desk needs it.');
    const stored = await h.service.database.sql`select checksum, size from attachments order by size`;
    expect(stored.map((r) => Number(r.size))).toEqual([png.length, pdf.length]);
    const links = await h.service.database.sql`select count(*)::int as n from note_attachments where checksum = (select checksum from attachments where size = ${pdf.length})`;
    expect(links[0]!.n).toBe(2);
    // A stored file reads back byte for byte, by the checksum `tickets show --json` lists.
    const pdfChecksum = ticket.notes.flatMap((n) => n.attachments).find((a) => a.filename === 'apr-export.pdf')!.checksum!;
    const out = path.join(os.tmpdir(), `deskmail-attachment-${process.pid}.pdf`);
    const got = await runDeskmail(h.stack.config, ['attachments', 'get', pdfChecksum, '--out', out]);
    expect(got.code).toBe(0);
    expect((await readFile(out)).equals(pdf)).toBe(true);
    await rm(out, { force: true });
    // `tickets show` lists every file by name and size.
    const shown = await runDeskmail(h.stack.config, ['tickets', 'show', ref]);
    expect(shown.stdout).toContain(`[file] screenshot.png (${png.length} bytes)`);
    expect(shown.stdout).toContain(`[file] full-data.csv (${big.length} bytes, not stored)`);
    // The status mail names the files and sizes but carries none of them.
    expect(submitted.attachments).toEqual([]);
    expect(submitted.text).toMatch(/screenshot\.png \(\d/);
    expect(submitted.text).toMatch(/apr-export\.pdf \(\d+ KB\)/);
    const admin = await h.waitForMail(SUMMER, (m) => m.subject.startsWith(TAG(ref)) && m.subject.endsWith('New Note'));
    expect(admin.attachments).toEqual([]);
    expect(admin.text).toMatch(/full-data\.csv \(not stored: over the size limit\)/);
  });

  it('quarantines mail without a From, with a reason, and lets an admin list, show, retry and drop it without losing it', async () => {
    await sendRaw(h, { from: 'someone@example.test', to: [h.helpdesk] }, [
      `To: ${h.helpdesk}`,
      'Subject: no sender here',
      `Message-ID: <nofrom-${randomBytes(6).toString('hex')}@example.test>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'This message has no From header.',
      '',
    ].join('\n'));
    const deadline = Date.now() + 15_000;
    let list: { id: number; outcome: string; reason: string }[] = [];
    while (Date.now() < deadline) {
      const r = await runDeskmail(h.stack.config, ['quarantine', 'list', '--json']);
      list = JSON.parse(r.stdout || '[]');
      if (list.length) break;
      await sleep(300);
    }
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ outcome: 'quarantined:NO_SENDER', reason: 'no usable From address' });
    const id = String(list[0]!.id);
    const shown = JSON.parse((await runDeskmail(h.stack.config, ['quarantine', 'show', id, '--json'])).stdout);
    expect(shown).toMatchObject({ status: 'quarantined', subject: 'no sender here', from: null, reason: 'no usable From address' });
    // Retry: processed again, held again for the same reason (not looped, not lost).
    const [first] = await h.service.database.sql<{ t: number }[]>`select extract(epoch from processed_at)::float8 as t from inbound_messages where id = ${Number(id)}`;
    const retried = await runDeskmail(h.stack.config, ['quarantine', 'retry', id]);
    expect(retried.code).toBe(0);
    const again = Date.now() + 10_000;
    let row: { status: string; outcome: string; t: number } | undefined;
    while (Date.now() < again) {
      [row] = await h.service.database.sql<{ status: string; outcome: string; t: number }[]>`select status, outcome, extract(epoch from processed_at)::float8 as t from inbound_messages where id = ${Number(id)}`;
      if (row?.status === 'quarantined' && row.t > first!.t) break;
      await sleep(200);
    }
    expect(row).toMatchObject({ status: 'quarantined', outcome: 'quarantined:NO_SENDER' });
    expect(row!.t).toBeGreaterThan(first!.t);
    await sleep(1500);
    const [still] = await h.service.database.sql`select status, extract(epoch from processed_at)::float8 as t from inbound_messages where id = ${Number(id)}`;
    expect(still).toEqual({ status: 'quarantined', t: row!.t });
    // Drop: kept, never processed, off the list.
    expect((await runDeskmail(h.stack.config, ['quarantine', 'drop', id])).code).toBe(0);
    expect(JSON.parse((await runDeskmail(h.stack.config, ['quarantine', 'list', '--json'])).stdout)).toEqual([]);
    const [dropped] = await h.service.database.sql`select status, length(raw)::int as bytes from inbound_messages where id = ${Number(id)}`;
    expect(dropped).toMatchObject({ status: 'dropped' });
    expect(dropped!.bytes).toBeGreaterThan(0);
    expect((await runDeskmail(h.stack.config, ['quarantine', 'retry', id])).code).toBe(1);
    expect((await h.mailbox(h.helpdesk)).some((m) => m.subject === 'no sender here')).toBe(true);
  });
});
