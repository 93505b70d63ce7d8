// One 1 MB hostile message (long runs of spaces, dots, digits and quote markers) delivered into
// the real help-desk mailbox is processed or quarantined, and mail keeps flowing: a normal request
// sent right after it is acknowledged in about its usual time. The usual time is measured first,
// on the same request without the hostile one. Real Dovecot, SMTP relay, PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

const STRANGER = 'stranger@example.test';
const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const TAG = '[ClientTrack Issues Tracking] Issue';
const KB = 1024;

/** About 1 MB of the text patterns that were super-linear: each run a quarter of the body. */
function hostileBody(): string {
  const quarter = 256 * KB;
  const quotes = '> > > > > > > > \n'.repeat(Math.ceil(quarter / 17)).slice(0, quarter);
  return [
    'Hi,',
    `#assign ${' '.repeat(quarter)}x`,
    `#fixed ${'.'.repeat(quarter)}`,
    `Ticket ${'7'.repeat(quarter)}`,
    quotes,
  ].join('\n');
}

const normalRequest = { subject: 'Cannot print the intake form', text: 'Hi,\n\nThe intake form does not print since this morning.\n\nThanks' };

async function ackTime(h: Harness, user: string, send: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await send();
  await h.waitForMail(user, (m) => m.subject.startsWith(TAG) && m.subject.endsWith('has been submitted'), 120_000);
  return Date.now() - started;
}

describe('a 1 MB hostile message', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [STRANGER, ALICE, BOB] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is processed or quarantined while the next request is acknowledged in about its usual time', async () => {
    const usual = await ackTime(h, ALICE, () => h.send(ALICE, normalRequest));
    await h.settle();

    const body = hostileBody();
    expect(body.length).toBeGreaterThanOrEqual(KB * KB);
    const hostileId = await h.send(STRANGER, { subject: `Urgent ${' '.repeat(900)} ${'9'.repeat(90)}`, text: body });
    const afterHostile = await ackTime(h, BOB, () => h.send(BOB, normalRequest));
    console.log(`acknowledgement of a normal request: ${usual} ms alone, ${afterHostile} ms right after a 1 MB hostile message (${(afterHostile / usual).toFixed(2)}x)`);

    await h.settle(120_000);
    const [row] = await h.service.database.sql<{ status: string; outcome: string | null; size: number; ms: number }[]>`
      select status, outcome, size, extract(epoch from processed_at - received_at) * 1000 as ms
      from inbound_messages where message_id in (${hostileId}, ${`<${hostileId}>`})`;
    expect(row, 'the hostile message was stored').toBeDefined();
    console.log(`the hostile message (${row!.size} bytes raw): ${row!.outcome} after ${Math.round(Number(row!.ms))} ms`);
    expect(row!.size).toBeGreaterThan(KB * KB);
    expect(['processed', 'quarantined', 'ignored']).toContain(row!.status);
    // Generous: the hostile message may cost up to its processing budget (15 s) on a shared machine.
    expect(afterHostile).toBeLessThanOrEqual(Math.max(4 * usual, usual + 20_000));
  });
});
