// The signed reply token is read only from the recipient our receiving server recorded (the
// topmost Delivered-To, added at delivery). A sender who writes an admin's signed address into a
// lower Delivered-To or X-Original-To header, and forges the admin's From, commands nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const MALLORY = 'mallory@elsewhere.example.test';
const REF = 'Utah_RW-1';
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

describe('the reply token comes only from our own delivery record', () => {
  let h: Harness;
  let adminMail: ParsedMessage;

  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, SUMMER, MALLORY], env: { ADMIN_EMAILS: SUMMER } });
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

  it('refuses #priority urgent from a forged admin From whose signed address sits in a forged Delivered-To below the real one', async () => {
    const summerToken = adminMail.replyTo[0]!.address;
    expect(summerToken).not.toBe(h.helpdesk);
    const before = await handledCount(h);
    const priorityBefore = (await h.ticket(REF))!.priority;
    expect(priorityBefore).not.toBe('urgent');
    await h.send(`Summer <${SUMMER}>`, {
      to: h.helpdesk,
      subject: `Re: ${adminMail.subject}`,
      headers: { 'Delivered-To': summerToken, 'X-Original-To': summerToken, 'Envelope-To': summerToken },
      text: '#priority urgent',
    });
    await waitForHandled(h, before + 1);
    await waitForOutboxDrained(h);
    expect((await h.ticket(REF))!.priority).toBe(priorityBefore);
  });

  it('still obeys the admin replying through her own signed address (the real delivery line carries it)', async () => {
    await h.reply(SUMMER, adminMail, '#priority urgent');
    await h.waitForTicket(REF, (t) => t.priority === 'urgent');
  });
});
