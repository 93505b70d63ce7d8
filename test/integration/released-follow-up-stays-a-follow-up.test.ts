// A late reply (to a ticket closed more than REOPEN_DAYS ago) opens a follow-up ticket, and a
// follow-up counts against its sender's hourly new-request cap. Held over the cap and released by
// an admin's `deskmail quarantine retry`, it becomes the follow-up it would have been had it not
// been held: it names the old ticket and keeps its summary, type, route, topic and client IDs, with
// the submitter as their signed reply address proved them when the mail arrived, even when the admin
// releases it after that address has grown older than REPLY_ADDRESS_DAYS. On real servers; the
// reply address is made with the service's key, dated back as a mail from a week ago carries it,
// and the release happens on a service restarted with its clock three days on.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { runDeskmail } from '../support/cli.ts';
import { restartService, useHarness } from '../support/harness.ts';
import { verifiedThreeDaysAgo } from '../support/lifecycle.ts';
import { waitForOutboxDrained } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const BOB = 'bob@example.test';
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a follow-up held over its sender\'s cap and released by an admin', () => {
  const h = useHarness({ users: [ALICE, SUMMER, BOB], env: { ADMIN_EMAILS: SUMMER, REOPEN_DAYS: '2', REPLY_ADDRESS_DAYS: '7', NEW_REQUESTS_PER_SENDER_PER_HOUR: '1' } });
  let aliceFixed: ParsedMessage;

  beforeAll(async () => {
    aliceFixed = await verifiedThreeDaysAgo(h, ALICE, SUMMER);
  });

  it('is filed on release as the follow-up of the closed ticket, with what it copies from it', async () => {
    const old = (await h.ticket(REF))!;
    expect(old.route).not.toBeNull();
    // Her reply goes through the address of the fix mail, made seven days ago: still valid (REPLY_ADDRESS_DAYS=7).
    const [, ticketId, personId] = /\+(\d+)-(\d+)-/.exec(aliceFixed.replyTo[0]!.address)!;
    const weekOld = makeReplyAddress(h.helpdesk, { ticketId: Number(ticketId), personId: Number(personId) }, h.stack.config.SECRET_KEY, 0, new Date(Date.now() - 7 * DAY));
    await h.send(`Alice Example <${ALICE}>`, {
      to: weekOld, cc: [BOB], subject: `Re: ${aliceFixed.subject}`,
      text: 'The Org field shows Salt Lake again for client AAAA111111 since this morning.',
      inReplyTo: `<${aliceFixed.messageId}>`, references: [`<${aliceFixed.messageId}>`],
    });
    // The sender's second new request within the hour (NEW_REQUESTS_PER_SENDER_PER_HOUR=1): held.
    const deadline = Date.now() + 20_000;
    let held: { id: number }[] = [];
    while (Date.now() < deadline) {
      held = await h.service.database.sql<{ id: number }[]>`select id from inbound_messages where outcome = 'quarantined:NEW_REQUEST_LIMIT'`;
      if (held.length > 0) break;
      await sleep(200);
    }
    expect(held).toHaveLength(1);
    expect(await h.ticket('Utah_RW-2')).toBeNull();

    // The admin comes to it three days later: the address is ten days old by then.
    await restartService(h, { now: () => new Date(Date.now() + 3 * DAY) });
    expect((await runDeskmail(h.stack.config, ['quarantine', 'retry', String(held[0]!.id)])).code).toBe(0);
    await h.settle(20_000);
    const [row] = await h.service.database.sql<{ outcome: string }[]>`select outcome from inbound_messages where id = ${held[0]!.id}`;
    expect(row!.outcome).toBe('created');
    const ticket = (await h.ticket('Utah_RW-2'))!;
    expect(ticket.previousTicket).toBe(REF);
    expect(ticket.submitter).toBe(ALICE);
    expect({ summary: ticket.summary, type: ticket.type, route: ticket.route, topic: ticket.topic })
      .toEqual({ summary: old.summary, type: old.type, route: old.route, topic: old.topic });
    expect(ticket.clientIds).toEqual(expect.arrayContaining(['AAAA111111', 'BBBB222222']));
    // Her Cc joins, as it does on a follow-up from mail that proves its sender.
    expect(ticket.participants).toEqual(expect.arrayContaining([expect.objectContaining({ email: BOB, role: 'interested' })]));
    // Nobody is told the address expired: it had not when the mail arrived.
    await waitForOutboxDrained(h);
    expect((await h.mailbox(ALICE)).filter((m) => m.text.includes('reply address has expired'))).toEqual([]);
  });
});
