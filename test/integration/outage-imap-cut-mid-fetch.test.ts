// The IMAP connection cut in the middle of a fetch (a TCP proxy between the worker and the
// private Dovecot severs every connection once part of a batch went through, and refuses new ones
// for a few seconds): the worker says once that IMAP is away and once that it is back, fetches
// again from its cursor, and handles every request exactly once.
import { describe, expect, it } from 'vitest';
import { restartService, useHarness } from '../support/harness.ts';
import { appendRequests, captureLog, expectEachHandledOnce, ticketsFor } from '../support/outage.ts';

const ALICE = 'alice@example.test';
const REQUESTS = 40;
const PADDING = 30_000;

describe('IMAP connection cut mid-fetch', () => {
  const captured = captureLog();
  const h = useHarness({ users: [ALICE], log: captured.log, service: { fetch: false }, env: { AUTO_MAIL_LIMIT_PER_HOUR: '1000' }, imapProxy: true });

  it('fetches again after the cut and handles each request once', async () => {
    const proxy = h.imapProxy!;
    const requests = await appendRequests(h, ALICE, Array.from({ length: REQUESTS }, (_, i) => `Cut mid-fetch ${String(i + 1).padStart(2, '0')}`), { padding: PADDING });
    // About a quarter of the mailbox goes through before the cut: the worker is mid-batch.
    const cut = proxy.severAfter(Math.floor((REQUESTS * PADDING) / 4));
    await restartService(h);
    await cut;
    const handledAtCut = await ticketsFor(h, requests);
    expect(handledAtCut).toBeLessThan(REQUESTS);
    await new Promise((r) => setTimeout(r, 3000));
    await proxy.open();

    await expectEachHandledOnce(h, ALICE, requests, 90_000);
    expect(captured.count(/^imap: unavailable \(\w+\), retrying with back-off$/)).toBe(1);
    expect(captured.count(/^imap: available again after \d+ s$/)).toBe(1);
    expect(captured.count(/^imap: /)).toBe(2);
    expect(captured.count('fetch pass failed; reconnecting with backoff')).toBe(0);
  }, 150_000);
});
