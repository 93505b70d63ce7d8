// `deskmail schedule run` on real servers: it runs the task with only the database, the stores
// and the relay into the send queue. No worker starts in the command, so the mail the task
// queues is sent by the running service, and stored mail waiting for processing is left to it.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/client.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { openQueues } from '../../src/adapters/queue/queues.ts';
import { startService } from '../../src/main.ts';
import { runDeskmail } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';

describe('deskmail schedule run', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('queues the digest for the running worker to send, and starts no worker of its own', async () => {
    await h.send(ALICE, { subject: 'Exit date will not save', text: 'When I open the Exit page and click Save, nothing is saved. It started on Monday.' });
    await h.waitForTicket('Utah_RW-1', () => true);
    await h.settle();
    await h.service.stop();

    // Mail stored while no service runs: only a worker (or its startup recovery) processes it.
    const database = openDatabase(h.stack.config.DATABASE_URL, { max: 2 });
    const queues = openQueues(h.stack.config.REDIS_URL, h.stack.config.QUEUE_PREFIX, { attempts: h.stack.config.JOB_ATTEMPTS });
    try {
      const raw = Buffer.from(`From: ${ALICE}\r\nTo: ${h.helpdesk}\r\nSubject: Second question\r\nMessage-ID: <waiting@example.test>\r\n\r\nHow do I export the APR?\r\n`);
      await new InboundStore(database.db).store({ mailbox: 'cli-test', uidValidity: 1, uid: 1, raw });

      const run = await runDeskmail(h.stack.config, ['schedule', 'run', 'digest']);
      expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/\S/) });
      const digest = await database.sql`select status from outbound_messages where template = 'digest'`;
      expect(digest).toEqual([{ status: 'pending' }]);
      const [waiting] = await database.sql`select status from inbound_messages where message_id = 'waiting@example.test'`;
      expect(waiting).toEqual({ status: 'pending' });
      expect(await queues.sendMail.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
    } finally {
      await queues.close();
      await database.close();
    }

    // The service, once running again, sends the queued digest and processes the stored mail.
    h.service = await startService(h.stack.config, pino({ level: h.stack.config.LOG_LEVEL }), { schedule: false });
    await h.waitForMail(SUMMER, (m) => /Daily digest/.test(m.subject));
    await h.settle();
    const [processed] = await h.service.database.sql`select status from inbound_messages where message_id = 'waiting@example.test'`;
    expect(processed).toEqual({ status: 'processed' });
  });

  it('refuses to act as at a time ahead without --yes, and says so when Redis does not answer, instead of waiting for ever', async () => {
    const ahead = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const refused = await runDeskmail(h.stack.config, ['schedule', 'run', 'lifecycle-sweep', '--now', ahead]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    const noRedis = await runDeskmail({ ...h.stack.config, REDIS_URL: 'redis://127.0.0.1:1' }, ['schedule', 'run', 'recover']);
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toContain('Redis does not answer');
    // With --yes and Redis there, it runs: the test can fail.
    const done = await runDeskmail(h.stack.config, ['schedule', 'run', 'lifecycle-sweep', '--now', ahead, '--yes']);
    expect(done).toMatchObject({ code: 0, stdout: expect.stringMatching(/tickets acted on|deferred/) });
  });
});
