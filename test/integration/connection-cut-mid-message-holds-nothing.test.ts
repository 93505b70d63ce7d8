// Network trouble that cuts the IMAP connection in the middle of a large message, once and then
// once more (a TCP proxy between the worker and the private Dovecot severs every connection partway
// through the message's transfer, and lets the worker straight back in), holds nothing: the cuts
// count against that message, but fewer than REFUSALS_BEFORE_HOLD in a row, and once it comes
// whole the count starts again. Every request gets exactly one ticket, nothing is quarantined, and
// nothing is said to be unavailable, since the server never was.
import { describe, expect, it } from 'vitest';
import { REFUSALS_BEFORE_HOLD } from '../../src/inbound/fetch-refusal.ts';
import { CUT_COUNTED, CUT_HELD } from '../../src/workers/fetch-mail.ts';
import { restartService, useHarness } from '../support/harness.ts';
import { appendRequests, captureLog, expectEachHandledOnce, type Request } from '../support/outage.ts';

const ALICE = 'alice@example.test';
/** The large message's padding, and how far into a session's bytes the proxy severs it: inside that message. */
const LARGE = 3_000_000;
const SEVER_AT = 1_500_000;

describe('IMAP connection cut in the middle of a large message', () => {
  const captured = captureLog();
  const h = useHarness({ users: [ALICE], log: captured.log, service: { fetch: false }, imapProxy: true });

  it(`holds nothing when cut ${REFUSALS_BEFORE_HOLD - 1} times in the same message, and handles every request once`, async () => {
    const proxy = h.imapProxy!;
    const [before] = await appendRequests(h, ALICE, ['Cut in transfer before']) as [Request];
    const [large] = await appendRequests(h, ALICE, ['Cut in transfer large'], { padding: LARGE }) as [Request];
    const [after] = await appendRequests(h, ALICE, ['Cut in transfer after']) as [Request];
    let cut = proxy.severAfter(SEVER_AT);
    await restartService(h);
    for (let i = 1; i < REFUSALS_BEFORE_HOLD; i++) {
      await cut;
      // Straight back: the next login works, as after a blip on the network.
      await proxy.open();
      if (i < REFUSALS_BEFORE_HOLD - 1) cut = proxy.severAfter(SEVER_AT);
    }

    await expectEachHandledOnce(h, ALICE, [before, large, after], 90_000);
    const sql = h.service.database.sql;
    expect(await sql`select id from inbound_messages where status <> 'processed'`).toEqual([]);
    // The cuts were counted against the large message, and the count started again once it came.
    const [largeRow] = await sql<{ uid: number }[]>`select uid::int as uid from inbound_messages where message_id like ${`%${large.messageId}%`}`;
    expect(captured.lines().filter((l) => l.msg === CUT_COUNTED).map((l) => l.uid)).toEqual([largeRow!.uid]);
    expect(await sql`select refused_uid, refused_passes from mailbox_cursors`).toEqual([{ refused_uid: null, refused_passes: 0 }]);
    expect(captured.count(CUT_HELD)).toBe(0);
    expect(captured.count(/^imap: /)).toBe(0);
  }, 150_000);
});
