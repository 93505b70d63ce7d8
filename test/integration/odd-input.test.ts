// Odd bytes on real servers: mail carrying NUL bytes and other control characters in its subject,
// body, sender name and file name becomes a ticket like any other request, not quarantined
// (PostgreSQL text refuses NUL; parsing drops such characters).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

const fixture = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail/nul-bytes.eml');
const NORA = 'nora@example.test';

/** The fixture addressed to this harness's help desk, with a Message-ID of its own. */
async function nulMail(h: Harness, id: string): Promise<Buffer> {
  const raw = await readFile(fixture);
  const text = raw.toString('latin1')
    .replace('To: help@helpdesk.example.test', `To: ${h.helpdesk}`)
    .replace('<nul-bytes-1@example.test>', `<${id}@example.test>`);
  return Buffer.from(text, 'latin1');
}

async function inboundRow(h: Harness, messageId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await h.service.database.sql`select status, outcome, reason from inbound_messages where message_id = ${messageId}`;
    if (row && row.status !== 'pending') return row;
    if (Date.now() > deadline) throw new Error(`inbound ${messageId} not processed: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('mail with NUL bytes on real servers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [NORA] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('makes a ticket of a stored message whose subject and body carry NUL bytes', async () => {
    // Stored as the fetcher stores it, so the NUL bytes surely reach processing whatever the
    // IMAP server does with them.
    const raw = await nulMail(h, 'nul-stored');
    expect(raw.includes(0)).toBe(true);
    const { id } = await h.service.scheduleDeps.inbound.store({ mailbox: 'odd-input', uidValidity: 1, uid: 1, raw });
    await h.service.scheduleDeps.enqueueInbound(id);
    const row = await inboundRow(h, 'nul-stored@example.test');
    expect(row).toMatchObject({ status: 'processed', outcome: 'created' });
    await h.settle();
    const ticket = await h.ticket('Utah_RW-1', true);
    expect(ticket?.originalSubject).toBe('Export fails after the upgrade');
    expect(ticket?.submitter).toBe(NORA);
    expect(ticket?.description).toContain('the CSV export of the APR stops half way.');
    expect(JSON.stringify(ticket)).not.toContain('\\u0000');
  });

  it('makes a ticket of such a mail sent through SMTP and read over IMAP', async () => {
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.stack.relay.port, secure: false, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);
    try {
      await smtp.sendMail({ envelope: { from: NORA, to: [h.helpdesk] }, raw: await nulMail(h, 'nul-sent') });
    } finally {
      smtp.close();
    }
    const row = await inboundRow(h, 'nul-sent@example.test');
    expect(row).toMatchObject({ status: 'processed', outcome: 'created' });
    await h.settle();
    expect((await h.ticket('Utah_RW-2'))?.originalSubject).toMatch(/^Export.? fails after the upgrade/);
  });
});
