// The SMTP server goes away for a while (the real receiver the tests use is stopped, then started
// again on the same port): the worker keeps taking requests in, says once that SMTP is away and
// once that it is back, reports it on /healthz meanwhile, and then sends every "has been
// submitted" mail exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpRelay, type SmtpRelay } from '../../src/devmail/smtp-relay.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { appendRequests, captureLog, expectEachHandledOnce, startHealthz, waitFor, type Healthz, type Request } from '../support/outage.ts';

const ALICE = 'alice@example.test';
/** How long SMTP stays away: 8 s by default, OUTAGE_SECONDS=60 for the full minute (same code path). */
const OUTAGE_MS = Number(process.env.OUTAGE_SECONDS ?? 8) * 1000;

describe('SMTP down for a while', () => {
  const captured = captureLog();
  let h: Harness;
  let health: Healthz;
  let restarted: SmtpRelay | null = null;
  const healthz = () => health.get();
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE], log: captured.log, env: { AUTO_MAIL_LIMIT_PER_HOUR: '1000' } });
    health = await startHealthz(h, captured.log, 30_000);
  });
  afterAll(async () => {
    await health?.ops.close();
    await h?.stop();
    await restarted?.stop();
  });

  it('takes requests in while SMTP is away, says so once each way, and sends each status mail once', async () => {
    const before = await appendRequests(h, ALICE, ['Before the outage 1', 'Before the outage 2']);
    await expectEachHandledOnce(h, ALICE, before);
    expect((await healthz()).status).toBe(200);

    const port = h.stack.relay.port;
    await h.stack.relay.stop();
    const during: Request[] = await appendRequests(h, ALICE, Array.from({ length: 6 }, (_, i) => `During the outage ${i + 1}`));
    await waitFor('the outage is noticed', () => captured.count(/^smtp: unavailable/) > 0);
    const sick = await healthz();
    expect(sick.status).toBe(503);
    expect(sick.body.reasons).toEqual([expect.stringMatching(/^smtp: unavailable for \d+ s \(ECONNREFUSED: .+\)$/)]);
    // Requests still become tickets; only their mail waits.
    await waitFor('tickets made while SMTP is away', async () => {
      const [row] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from tickets where original_subject like 'During the outage %'`;
      return row!.n === during.length;
    });
    await new Promise((r) => setTimeout(r, OUTAGE_MS));

    restarted = await startSmtpRelay({ lmtpHost: h.stack.mail.host, lmtpPort: h.stack.mail.lmtpPort, port });
    h.stack.relay = restarted;
    await expectEachHandledOnce(h, ALICE, [...before, ...during]);
    await waitFor('back again is said', () => captured.count(/^smtp: available again after \d+ s$/) > 0);
    expect((await healthz()).status).toBe(200);

    // One line each way, not one per retry.
    expect(captured.count(/^smtp: unavailable \(ECONNREFUSED\), retrying with back-off$/)).toBe(1);
    expect(captured.count(/^smtp: available again after \d+ s$/)).toBe(1);
    expect(captured.count(/^smtp: /)).toBe(2);
    expect(captured.count('job failed')).toBe(0);
    // Nothing was set aside as failed.
    expect(await h.service.queues.sendMail.getFailedCount()).toBe(0);
  }, 120_000 + OUTAGE_MS);
});
