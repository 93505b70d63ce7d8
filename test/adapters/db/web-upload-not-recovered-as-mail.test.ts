// A web note's files and a web request are stored like fetched mail just before their page files
// them. The recover task, run in that window, must not take them up as mail: a web note is never
// recovered (its page files it or drops it), a web request only once its claim ran out (its page
// died before filing it). Real PostgreSQL; the recover task as the scheduler runs it.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { InboundStore } from '../../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../../src/adapters/db/outbound-store.ts';
import { inboundMessages } from '../../../src/adapters/db/schema.ts';
import { storeWebUpload } from '../../../src/adapters/db/web-uploads.ts';
import { WEB_MAILBOX } from '../../../src/inbound/web-mailbox.ts';
import { composeRequestMail, WEB_REQUEST_CLAIM_MS } from '../../../src/web/submit-request.ts';
import { runScheduledTask, type ScheduleDeps } from '../../../src/workers/schedule.ts';
import { createLogger } from '../../../src/log.ts';
import { useScratchDatabase } from '../../support/harness.ts';

describe('recovery and web rows stored just before filing', () => {
  const scratch = useScratchDatabase();

  /** Runs the recover task and returns the inbound ids it enqueued for processing as mail. */
  async function recover(): Promise<number[]> {
    const enqueued: number[] = [];
    const deps = {
      db: scratch.db, inbound: new InboundStore(scratch.db), outbound: new OutboundStore(scratch.db, 'deskmail.example.test', 'Utah_RW'), log: createLogger('silent'),
      relay: async () => 0, enqueueInbound: async (id: number) => { enqueued.push(id); }, enqueueOutbound: async () => {},
    } as unknown as ScheduleDeps;
    await runScheduledTask(deps, 'recover', new Date());
    return enqueued;
  }

  const mail = (n: number) => Buffer.from(`From: a@example.test\r\nTo: helpdesk@example.test\r\nSubject: mail ${n}\r\nMessage-ID: <m${n}@example.test>\r\n\r\nhello\r\n`);

  it('never enqueues a stored web note, while fetched mail stored at the same time is recovered', async () => {
    const fetched = await new InboundStore(scratch.db).store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw: mail(1) });
    const note = await storeWebUpload(scratch.db, {
      from: 'alice@example.test', helpdeskAddress: 'helpdesk@example.test', ticketRef: 'Utah_RW-1', text: 'see the export',
      files: [{ filename: 'export.csv', contentType: 'text/csv', content: Buffer.from('a,b\n1,2\n') }],
    });
    const enqueued = await recover();
    expect(enqueued).toContain(fetched.id);
    expect(enqueued).not.toContain(note.inboundId);
    // Still pending: its page files it (or drops it) as before.
    const [row] = await scratch.db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, note.inboundId));
    expect(row?.status).toBe('pending');
  });

  it('leaves a web request to its page while claimed, and recovers it once the claim ran out', async () => {
    const now = new Date();
    const raw = await composeRequestMail({
      submitter: { email: 'bob@example.test', name: 'Bob', phone: '' }, additional: [], summary: 'Cannot log in', description: 'since this morning', type: 'issue', files: [],
    }, { HELPDESK_ADDRESS: 'helpdesk@example.test' }, now);
    const store = new InboundStore(scratch.db);
    const claimed = await store.store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: 101, raw, claimedUntil: new Date(now.getTime() + WEB_REQUEST_CLAIM_MS) });
    expect(await recover()).not.toContain(claimed.id);
    // The page died before filing it: once the claim has run out, recovery files it as stored mail.
    await scratch.db.update(inboundMessages).set({ claimedUntil: new Date(now.getTime() - 1000) }).where(eq(inboundMessages.id, claimed.id));
    expect(await recover()).toContain(claimed.id);
  });
});
