// End to end on real servers: an admin's #escalate with a public note sends the support team one
// mail, the escalation that carries the note, and the submitter the new-note mail with it. Written
// with #reopen on a closed ticket, the note rides in the "has been reopened" mail to everyone else:
// the support team still reads it once, in the escalation mail.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { outboundTo, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const SUPPORT = 'support@vendor.example.test';
const s = (tail: string) => subjectOf(1, tail);

describe('a public note written with #escalate', () => {
  const h = useHarness({ users: [ALICE, SUMMER, SUPPORT], env: { ADMIN_EMAILS: SUMMER, SUPPORT_ADDRESS: SUPPORT } });

  it('reaches the support team once, in the escalation mail, and the submitter in the new-note mail', async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      subject: 'Income Calculation Needs Updated to Add Cents',
      text: 'When I enter an income of 1234.56 for client AAAA111111 on the Income screen and save, the total shows 1234.00.\n\nAlice',
    });
    await h.reply(SUMMER, await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin)), '#escalate\nThe rounding happens in the hosted calculation; can you look at it?');
    expect(words(await waitForNth(h, SUPPORT, s(TAILS.escalated)))).toContain('can you look at it?');
    expect(words(await waitForNth(h, ALICE, s(TAILS.newNote)))).toContain('can you look at it?');
    await waitForOutboxDrained(h);
    expect((await outboundTo(h, SUPPORT)).map((m) => m.template)).toEqual(['escalated']);
    expect((await h.mailbox(SUPPORT)).map((m) => m.subject)).toEqual([s(TAILS.escalated)]);
  });

  it('reaches the support team once with #reopen: in the escalation mail, and the submitter in the reopened mail', async () => {
    const n = (tail: string) => subjectOf(2, tail);
    const NOTE = 'The totals round again since the update; please look at the hosted calculation.';
    await h.send(`Alice Example <${ALICE}>`, {
      subject: 'Service totals drop their cents',
      text: 'When I enter a service amount of 99.95 for client BBBB222222 and save, the total shows 99.00.\n\nAlice',
    });
    await h.reply(SUMMER, await waitForNth(h, SUMMER, n(TAILS.newTicketAdmin)), '#close\nRounding fixed in the last update.');
    await h.waitForTicket('Utah_RW-2', (t) => t.status === 'closed');
    await h.reply(SUMMER, await waitForNth(h, SUMMER, n(TAILS.newTicketAdmin)), `#reopen\n#escalate\n${NOTE}`);
    expect(words(await waitForNth(h, SUPPORT, n(TAILS.escalated)))).toContain(NOTE);
    expect(words(await waitForNth(h, ALICE, n(TAILS.reopened)))).toContain(NOTE);
    await waitForOutboxDrained(h);
    const toSupport = (await h.mailbox(SUPPORT)).filter((m) => m.subject?.startsWith(n('')));
    expect(toSupport.filter((m) => words(m).includes(NOTE)).map((m) => m.subject)).toEqual([n(TAILS.escalated)]);
  });
});
