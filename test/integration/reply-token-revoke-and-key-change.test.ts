// Reply addresses can be withdrawn and keys changed without breaking live conversations:
// `deskmail people revoke EMAIL` voids every reply address that person was sent so far, and
// during a key change an address signed with SECRET_KEY_PREVIOUS is still obeyed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { runDeskmail } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const OLD_KEY = 'the-key-before-the-change-0123456789';
const s = (tail: string) => subjectOf(1, tail);

async function handledCount(h: Harness): Promise<number> {
  const [row] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from inbound_messages where status <> 'pending'`;
  return row!.n;
}

async function waitForHandled(h: Harness, count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await handledCount(h)) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} inbound messages handled`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('revoking reply addresses and changing the key', () => {
  let h: Harness;
  let adminMail: ParsedMessage;

  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER, SECRET_KEY_PREVIOUS: OLD_KEY } });
    await h.send(`Alice Example <${ALICE}>`, {
      subject: "Can't add client to caseload AAAA111111",
      text: 'When I click Add to Caseload for client AAAA111111 I get "Access denied".\n\nAlice',
    });
    await waitForNth(h, ALICE, s(TAILS.submitted));
    adminMail = await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin));
    await waitForOutboxDrained(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('obeys a reply to an address signed with the previous key during a key change', async () => {
    const [ids] = await h.service.database.sql<{ ticket: number; person: number }[]>`
      select t.id as ticket, p.id as person from tickets t, people p where t.ref = ${REF} and p.email = ${SUMMER}`;
    const oldAddress = makeReplyAddress(h.helpdesk, { ticketId: ids!.ticket, personId: ids!.person }, OLD_KEY, 0, new Date());
    expect(oldAddress).not.toBe(adminMail.replyTo[0]!.address);
    await h.send(`Summer <${SUMMER}>`, { to: oldAddress, subject: `Re: ${adminMail.subject}`, text: '#priority high' });
    await h.waitForTicket(REF, (t) => t.priority === 'high');
  });

  it('ignores the commands of a revoked person\'s older reply address, and the next status mail carries one that works', async () => {
    const run = await runDeskmail(h.stack.config, ['people', 'revoke', SUMMER]);
    expect(run.code).toBe(0);
    const before = await handledCount(h);
    await h.reply(SUMMER, adminMail, '#priority low');
    await waitForHandled(h, before + 1);
    await waitForOutboxDrained(h);
    expect((await h.ticket(REF))!.priority).toBe('high');

    // Alice writes again; the note mail summer gets is signed for her new epoch and is obeyed.
    const aliceMail = await waitForNth(h, ALICE, s(TAILS.submitted));
    await h.reply(ALICE, aliceMail, 'It also happens for client BBBB222222.');
    const fresh = await waitForNth(h, SUMMER, s(TAILS.newNote));
    expect(fresh.replyTo[0]!.address).not.toBe(adminMail.replyTo[0]!.address);
    await h.reply(SUMMER, fresh, '#priority low');
    await h.waitForTicket(REF, (t) => t.priority === 'low');
  });
});
