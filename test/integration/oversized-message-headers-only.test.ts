// A message whose size the mail server reports over MAX_MESSAGE_MB is never downloaded whole:
// the fetcher asks RFC822.SIZE first, keeps the header block, quarantines it with the reason, and
// never parses the body. Mail after it is processed as usual. Real Dovecot, real SMTP relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const TAG = (ref: string) => `[ClientTrack Issues Tracking] Issue ${ref}`;

describe('a message over MAX_MESSAGE_MB', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, BOB], env: { MAX_MESSAGE_MB: '1' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is held with its headers only, and the next request is acknowledged', async () => {
    // 3 MB of text in an attachment: about 4 MB on the wire once base64-encoded.
    const big = Buffer.alloc(3 * 1024 * 1024, 'a line of a very large export file\n');
    const bigId = await h.send(ALICE, {
      subject: 'Here is the whole export',
      text: 'The export is attached.',
      attachments: [{ filename: 'export.txt', content: big, contentType: 'text/plain' }],
    });
    await h.send(BOB, { subject: 'Cannot print the intake form', text: 'Hi,\n\nThe intake form does not print since this morning.\n\nBob' });

    const ack = await h.waitForMail(BOB, (m) => m.subject.startsWith(TAG('Utah_RW-1')), 30_000);
    expect(ack.subject).toContain('has been submitted');
    await h.settle();

    const rows = await h.service.database.sql<{ size: number; status: string; outcome: string; reason: string; raw: Buffer }[]>`
      select size, status, outcome, reason, raw from inbound_messages where message_id = ${`<${bigId}>`} or message_id = ${bigId}`;
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.status).toBe('quarantined');
    expect(row.outcome).toBe('quarantined:MESSAGE_TOO_LARGE');
    expect(row.reason).toMatch(/only the headers were downloaded/);
    expect(row.reason).toMatch(/MAX_MESSAGE_MB/);
    // Headers only: the subject is there, the body and the attachment are not.
    expect(row.size).toBeLessThan(16 * 1024);
    const kept = row.raw.toString('latin1');
    expect(kept).toContain('Subject: Here is the whole export');
    expect(kept).not.toContain('The export is attached.');
    // No ticket was opened for it: Bob's request is the first and only one.
    expect(await h.ticket('Utah_RW-2')).toBeNull();
    expect((await h.ticket('Utah_RW-1'))?.summary ?? '').not.toMatch(/export/i);
  });
});
