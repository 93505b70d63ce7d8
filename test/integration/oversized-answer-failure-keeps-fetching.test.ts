// Mail over MAX_MESSAGE_MB whose answer cannot be made (its sender's domain answers DNS with
// SERVFAIL, so the sender check fails for now) is still held for an admin, stored quarantined
// from the start, and the mail behind it is fetched and acknowledged: one sender's broken DNS
// must not stop the help desk's mailbox. Real Dovecot, SMTP relay, PostgreSQL and Redis.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DNSResolver } from 'mailauth';
import { startHarness, type Harness } from '../support/harness.ts';

const DORA = 'dora@broken-dns.example.test';
const BOB = 'bob@example.test';

const resolver: DNSResolver = async (name, type) => {
  const key = name.toLowerCase().replace(/\.$/, '');
  if (key.endsWith('broken-dns.example.test')) throw Object.assign(new Error(`SERVFAIL for ${key}`), { code: 'ESERVFAIL' });
  throw Object.assign(new Error(`no ${type} record for ${key}`), { code: 'ENOTFOUND' });
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ users: [DORA, BOB], env: { MAX_MESSAGE_MB: '1', SENDER_AUTH: 'verify' }, service: { mailAuthResolver: resolver } });
}, 60_000);
afterAll(async () => h?.stop());

it('holds the large message and acknowledges the request after it', async () => {
  await h.send(DORA, {
    subject: 'Scanned intake forms',
    text: 'The scans are attached.',
    attachments: [{ filename: 'scans.txt', content: Buffer.alloc(1536 * 1024, 'page after page of scanned forms\n'), contentType: 'text/plain' }],
  });
  await h.send(BOB, { subject: 'Cannot print the intake form', text: 'Hi,\n\nThe intake form does not print since this morning.\n\nBob' });
  const ack = await h.waitForMail(BOB, (m) => m.subject.includes('has been submitted'), 30_000);
  expect(ack.subject).toContain('Utah_RW-1');
  await h.settle();
  const rows = await h.service.database.sql<{ status: string; outcome: string; reason: string; attempts: number }[]>`
    select status, outcome, reason, attempts from inbound_messages where outcome like 'quarantined:%'`;
  expect(rows).toHaveLength(1);
  expect(rows[0]!.outcome).toBe('quarantined:MESSAGE_TOO_LARGE');
  expect(rows[0]!.reason).toMatch(/\(dora@broken-dns\.example\.test\)$/);
  expect(rows[0]!.attempts).toBe(0); // never taken for processing
  expect(await h.ticket('Utah_RW-2')).toBeNull();
  expect(await h.mailbox(DORA)).toEqual([]); // no answer could be made for now
});
