// A message the mail server will not give us (its file in the private Dovecot's maildir made
// unreadable, so Dovecot ends every FETCH of it with "BYE FETCH failed") does not hold up the mail
// behind it: after REFUSALS_BEFORE_HOLD passes in a row it is held in quarantine as FETCH_REFUSED
// with the server's answer, the cursor moves past it, it is not asked for again, and
// `quarantine retry` fetches it again once the server can read it.
import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFUSALS_BEFORE_HOLD } from '../../src/inbound/fetch-refusal.ts';
import { REFUSED_HELD } from '../../src/workers/fetch-mail.ts';
import { restartService, useHarness, type Harness } from '../support/harness.ts';
import { runDeskmail } from '../support/cli.ts';
import { dovecotLogLinesOf, maildirFileNow, maildirFileOf } from '../support/maildir.ts';
import { appendRequests, captureLog, expectEachHandledOnce, waitFor, type Request } from '../support/outage.ts';

const ALICE = 'alice@example.test';

/** How many times Dovecot gave up a FETCH of this file (it logs each, then ends the session). */
async function refusedFetches(h: Harness, file: string): Promise<number> {
  return (await dovecotLogLinesOf(h, file)).filter((l) => l.includes('Disconnected: FETCH failed')).length;
}

describe('a message the mail server refuses', () => {
  const captured = captureLog();
  const h = useHarness({ users: [ALICE], log: captured.log, service: { fetch: false }, env: { IMAP_POLL_SECONDS: '1' } });

  it('is held as FETCH_REFUSED after a few passes, the mail behind it gets its tickets, and retry fetches it again', async () => {
    const [first, refused, third] = await appendRequests(h, ALICE, ['Refused neighbour one', 'Refused by the server', 'Refused neighbour three']) as [Request, Request, Request];
    // Dovecot reads a message file as the mail user: mode 000 refuses it even when the test runs as root.
    const file = await maildirFileOf(h, refused.subject);
    await fs.chmod(file, 0o000);
    await restartService(h);

    await expectEachHandledOnce(h, ALICE, [first, third], 45_000);
    const sql = h.service.database.sql;
    const held = await sql<{ id: number; uid: number; status: string; outcome: string; reason: string; size: number }[]>`
      select id, uid::int as uid, status, outcome, reason, size from inbound_messages where outcome = 'quarantined:FETCH_REFUSED'`;
    expect(held).toHaveLength(1);
    const row = held[0]!;
    expect(row).toMatchObject({ status: 'quarantined', size: 0 });
    expect(row.reason).toContain(`UID ${row.uid}`);
    expect(row.reason).toMatch(/FETCH failed/);
    expect(await refusedFetches(h, file)).toBe(REFUSALS_BEFORE_HOLD);
    expect(captured.count(REFUSED_HELD)).toBe(1);

    const list = await runDeskmail(h.stack.config, ['quarantine', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`#${row.id} .*quarantined:FETCH_REFUSED .*UID ${row.uid}`));

    // Later passes go past it: new mail gets its ticket and the refused message is not asked for again.
    const passes = h.service.fetcher!.passes;
    const [fourth] = await appendRequests(h, ALICE, ['Refused neighbour four']) as [Request];
    await expectEachHandledOnce(h, ALICE, [first, third, fourth], 30_000);
    await waitFor('three more fetch passes', () => h.service.fetcher!.passes >= passes + 3, 20_000);
    expect(await refusedFetches(h, file)).toBe(REFUSALS_BEFORE_HOLD);
    expect(captured.count(REFUSED_HELD)).toBe(1);
    // Nothing else said about it: no outage, no failed pass, no line per pass.
    const fetchLines = captured.lines().filter((l) => l.level >= 40 && ['fetch-mail', 'imap', 'availability'].includes(String(l.component)));
    expect(fetchLines.map((l) => l.msg)).toEqual([REFUSED_HELD]);
    expect((await sql`select 1 from inbound_messages where uid = ${row.uid}`).length).toBe(1);

    // Once the server can read it again, an admin's retry fetches it and it is filed like any request.
    await fs.chmod(await maildirFileNow(file), 0o644);
    const retry = await runDeskmail(h.stack.config, ['quarantine', 'retry', String(row.id)]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toMatch(/fetched again from the mail server/);
    await expectEachHandledOnce(h, ALICE, [first, refused, third, fourth], 30_000);
    const [after] = await sql<{ status: string; size: number }[]>`select status, size from inbound_messages where id = ${row.id}`;
    expect(after!.status).toBe('processed');
    expect(after!.size).toBeGreaterThan(0);
  }, 150_000);
});
