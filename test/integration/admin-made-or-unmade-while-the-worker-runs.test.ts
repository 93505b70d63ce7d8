// An operator who makes someone an admin with `deskmail people admin`, or takes it back with
// `deskmail people unadmin`, while the worker runs: the running worker follows the people table
// without a restart: who is obeyed as an admin at once, who hears what admins hear within
// STAFF_FRESH_MS. A new admin hears of new requests and is obeyed by mail; one no longer an admin
// is no longer obeyed and hears of none. Real servers, the real CLI.
import { describe, expect, it } from 'vitest';
import { STAFF_FRESH_MS } from '../../src/main.ts';
import { runDeskmail } from '../support/cli.ts';
import { useHarness } from '../support/harness.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BECKY = 'becky@example.test';
const SUMMER = 'summer@example.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const request = (n: number) => ({ subject: `Exit date will not save ${n}`, text: `When I open the Exit page for client AAAA11111${n} and click Save, nothing is saved. It started on Monday.` });

describe('admin standing changed while the worker runs', () => {
  const h = useHarness({ users: [ALICE, BECKY, SUMMER], env: { ADMIN_EMAILS: SUMMER } });

  it('a person made an admin hears of new requests and is obeyed; unmade, neither', async () => {
    // Becky is known (she files a request) but no admin: the admins' notice goes to Summer only.
    await h.send(BECKY, request(1));
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin));
    await h.settle();
    expect(await mailWithSubject(h, BECKY, subjectOf(1, TAILS.newTicketAdmin))).toHaveLength(0);

    expect((await runDeskmail(h.stack.config, ['people', 'admin', BECKY])).code).toBe(0);
    await sleep(STAFF_FRESH_MS + 500);
    await h.send(ALICE, request(2));
    await h.send(ALICE, request(3));
    const second = await waitForNth(h, BECKY, subjectOf(2, TAILS.newTicketAdmin));
    const third = await waitForNth(h, BECKY, subjectOf(3, TAILS.newTicketAdmin));
    // Obeyed as an admin: she takes request 2 by mail.
    await h.reply(BECKY, second, '#assign me\nI will look at this one.');
    await h.waitForTicket('Utah_RW-2', (t) => t.assignee === BECKY);

    expect((await runDeskmail(h.stack.config, ['people', 'unadmin', BECKY])).code).toBe(0);
    // No longer an admin, at once (a sender's standing is read with each message), she has no part
    // on request 3: her #assign there is not obeyed, and her mail is filed as anyone's who is not on
    // a ticket is, as a request of her own (ticket 4).
    await h.reply(BECKY, third, '#assign me\nThis one too.');
    await waitForNth(h, BECKY, subjectOf(4, TAILS.submitted));
    expect(await h.ticket('Utah_RW-4')).toMatchObject({ submitter: BECKY, assignee: null });
    expect((await h.ticket('Utah_RW-3'))!.assignee).toBeNull();
    // Nor is she told of the next request.
    await sleep(STAFF_FRESH_MS + 500);
    await h.send(ALICE, request(5));
    await waitForNth(h, SUMMER, subjectOf(5, TAILS.newTicketAdmin));
    await h.settle();
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, BECKY, subjectOf(5, TAILS.newTicketAdmin))).toHaveLength(0);
  }, 120_000);
});
