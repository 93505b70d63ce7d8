// A message whose file in the private Dovecot's maildir is shorter than the size Dovecot recorded
// for it (cut short after delivery, as a full disk or a botched copy leaves it): Dovecot announces
// the recorded size, sends what the file has, and closes the connection with no BYE, on every
// session. That does not hold up the mail behind it: the cut counts against the message being sent
// while the server lets the fetcher log in again in between, and after REFUSALS_BEFORE_HOLD passes
// in a row the message is held as FETCH_REFUSED with a reason in an admin's words, and its
// neighbours each get one ticket. `quarantine retry` fetches it again: still short, it is held again
// with that reason; once the file is whole again, it is filed like any request.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFUSALS_BEFORE_HOLD } from '../../src/inbound/fetch-refusal.ts';
import { CUT_COUNTED, CUT_HELD } from '../../src/workers/fetch-mail.ts';
import { runDeskmail } from '../support/cli.ts';
import { restartService, useHarness, type Harness } from '../support/harness.ts';
import { dovecotLogLinesOf, maildirFileNow, maildirFileOf } from '../support/maildir.ts';
import { appendRequests, captureLog, expectEachHandledOnce, waitFor, type Request } from '../support/outage.ts';

const ALICE = 'alice@example.test';
/** Text every request carries in its body (outage.ts requestMail): never in a log line. */
const BODY_TEXT = 'The Programs tab shows a blank page';

/** Times Dovecot ran out of this file's bytes in the middle of sending it (one line each). */
async function cutFetches(h: Harness, file: string): Promise<number> {
  return (await dovecotLogLinesOf(h, file)).filter((l) => l.includes('Cached message size larger than expected') && l.includes('(FETCH BODY[])')).length;
}

describe('a message whose file on the mail server was cut short', () => {
  const captured = captureLog();
  const h = useHarness({ users: [ALICE], log: captured.log, service: { fetch: false }, env: { IMAP_POLL_SECONDS: '1' } });

  it('is held as FETCH_REFUSED after the server cut the connection in it a few passes in a row, its neighbours get their tickets, and retry fetches it again', async () => {
    const [first, broken, third] = await appendRequests(h, ALICE, ['Cut short neighbour one', 'Cut short on the server', 'Cut short neighbour three'], { padding: 20_000 }) as [Request, Request, Request];
    const file = await maildirFileOf(h, broken.subject);
    const whole = await fs.readFile(file);
    // Dovecot wrote the size into the file name at delivery (S=): that is what it announces.
    const recorded = Number(/,S=(\d+)/.exec(path.basename(file))?.[1]);
    expect(recorded).toBe(whole.length);
    await fs.truncate(file, Math.floor(whole.length / 2));
    await restartService(h);

    await expectEachHandledOnce(h, ALICE, [first, third], 45_000);
    const sql = h.service.database.sql;
    const held = await sql<{ id: number; uid: number; status: string; reason: string; size: number }[]>`
      select id, uid::int as uid, status, reason, size from inbound_messages where outcome = 'quarantined:FETCH_REFUSED'`;
    expect(held).toHaveLength(1);
    const row = held[0]!;
    expect(row).toMatchObject({ status: 'quarantined', size: 0 });
    expect(row.reason).toContain(`the mail server cut the connection ${REFUSALS_BEFORE_HOLD} times in a row while sending this message (UID ${row.uid} of INBOX)`);
    expect(row.reason).toMatch(/its file on the server may be damaged/);
    // Dovecot ran out of the file's bytes once per pass, and no more once it was held.
    expect(await cutFetches(h, file)).toBe(REFUSALS_BEFORE_HOLD);
    // One line when the cutting started, one when it was held; no outage, no line per pass, no bodies.
    expect(captured.count(CUT_COUNTED)).toBe(1);
    expect(captured.count(CUT_HELD)).toBe(1);
    const fetchLines = captured.lines().filter((l) => l.level >= 40 && ['fetch-mail', 'imap', 'availability'].includes(String(l.component)));
    expect(fetchLines.map((l) => l.msg)).toEqual([CUT_HELD]);
    expect(captured.count(/^imap: /)).toBe(0);
    expect(JSON.stringify(captured.lines())).not.toContain(BODY_TEXT);

    const list = await runDeskmail(h.stack.config, ['quarantine', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`#${row.id} .*quarantined:FETCH_REFUSED .*cut the connection`));

    // Asked for again while the file is still short: fetched again, cut again, held again with why.
    const retried = await runDeskmail(h.stack.config, ['quarantine', 'retry', String(row.id)]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/fetched again from the mail server/);
    const reasonNow = async () => (await sql<{ status: string; reason: string }[]>`select status, reason from inbound_messages where id = ${row.id}`)[0]!;
    await waitFor('held again after the retry', async () => {
      const now = await reasonNow();
      return now.status === 'quarantined' && /cut the connection again/.test(now.reason);
    }, 30_000);
    expect(await cutFetches(h, file)).toBe(REFUSALS_BEFORE_HOLD + 1);

    // The file whole again (as from a backup): retry fetches it and it is filed like any request.
    await fs.writeFile(await maildirFileNow(file), whole);
    const again = await runDeskmail(h.stack.config, ['quarantine', 'retry', String(row.id)]);
    expect(again.code).toBe(0);
    await expectEachHandledOnce(h, ALICE, [first, broken, third], 30_000);
    const [after] = await sql<{ status: string; size: number }[]>`select status, size from inbound_messages where id = ${row.id}`;
    expect(after!.status).toBe('processed');
    expect(after!.size).toBeGreaterThan(0);
    expect(captured.count(CUT_HELD)).toBe(1);
  }, 150_000);
});
