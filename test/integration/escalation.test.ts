// Escalation to the vendor tier by email, on real servers: an admin's #escalate sends the ticket
// to SUPPORT_ADDRESS with its subject tag and a signed reply address; the support team's
// tracker answers with its own number in the subject, and that answer threads back as a note,
// reaches the submitter, and leaves the ticket holding both references.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const SUPPORT = 'support@vendor.example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);

describe('escalating a ticket to the support team and back', () => {
  const h = useHarness({ users: [ALICE, SUMMER, SUPPORT], env: { ADMIN_EMAILS: SUMMER, SUPPORT_ADDRESS: SUPPORT } });
  let escalated: ParsedMessage;

  beforeAll(async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      subject: 'Income Calculation Needs Updated to Add Cents',
      text: 'When I enter an income of 1234.56 for client AAAA111111 on the Income screen and save, the total shows 1234.00. It started after the last release. I logged out and back in and tried another browser; same result.\n\nAlice',
    });
    await waitForNth(h, ALICE, s(TAILS.submitted));
  });

  it('sends the ticket to the support address with its tag when an admin says #escalate', async () => {
    const adminMail = await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin));
    await h.reply(SUMMER, adminMail, '#assign me\n#escalate\nThe rounding happens in the hosted calculation; can you look at it?');
    const ticket = await h.waitForTicket(REF, (t) => t.status === 'assigned' && t.participants.some((p) => p.role === 'support'));
    expect(ticket.participants).toContainEqual({ email: SUPPORT, role: 'support', notify: true });
    escalated = await waitForNth(h, SUPPORT, s(TAILS.escalated));
    // The vendor gets the request itself and a signed reply address of its own.
    expect(words(escalated)).toContain('the total shows 1234.00');
    // And the admin's question, written for it with the #escalate.
    expect(words(escalated)).toContain('can you look at it?');
    expect(escalated.replyTo[0]!.address).toMatch(/^helpdesk\+1-\d+-[a-z2-7]{16}@example\.test$/);
    expect(escalated.references).toContain('ticket-Utah_RW-1@deskmail.example.test');
    // Alice hears of the assignment with the admin's note in it, not the escalation mail meant for the vendor.
    const assigned = await waitForNth(h, ALICE, s(TAILS.assigned));
    expect(words(assigned)).toContain('can you look at it?');
    await waitForOutboxDrained(h);
    expect((await h.mailbox(ALICE)).map((m) => m.subject)).not.toContain(s(TAILS.escalated));
  });

  it('threads the tracker\'s answer with its own number in the subject back as a note, keeping both references', async () => {
    const trackerSubject = `RE: [Vendor #48213] ${s(TAILS.escalated)}`;
    // Trackers write a new mail to the Reply-To address and keep none of our threading headers.
    await h.reply(SUPPORT, escalated, 'We found the rounding bug; a patch ships on Thursday.', { subject: trackerSubject, keepHeaders: false });
    const ticket = await h.waitForTicket(REF, (t) => t.notes.some((n) => n.author === SUPPORT));
    expect(ticket.ref).toBe(REF);
    expect(ticket.externalRefs).toEqual(['Vendor #48213']);
    expect(ticket.notes.at(-1)).toMatchObject({ author: SUPPORT, kind: 'note', body: 'We found the rounding bug; a patch ships on Thursday.', internal: false });
    // Submitter and assignee both hear it.
    expect(words(await waitForNth(h, ALICE, s(TAILS.newNote)))).toContain('a patch ships on Thursday');
    expect(words(await waitForNth(h, SUMMER, s(TAILS.newNote)))).toContain('a patch ships on Thursday');
    expect((await h.service.database.sql`select count(*)::int as n from tickets`)[0]!.n).toBe(1);
  });

  it('threads a tracker follow-up sent to the plain help-desk address by the subject tag, and marks it fixed', async () => {
    await h.send(`Vendor Support <${SUPPORT}>`, {
      subject: `RE: [Vendor #48213] ${s(TAILS.escalated)}`,
      text: 'The patch is live. Please check again.',
    });
    const ticket = await h.waitForTicket(REF, (t) => t.notes.some((n) => n.body === 'The patch is live. Please check again.'));
    expect(ticket.externalRefs).toEqual(['Vendor #48213']);
    expect(ticket.status).toBe('assigned');
    await waitForOutboxDrained(h);
    // Support's own signed address carries #fixed.
    const supportMail = (await h.mailbox(SUPPORT)).filter((m) => m.subject.startsWith(s(''))).at(-1)!;
    await h.reply(SUPPORT, supportMail, '#fixed\nDeployed to production.');
    const fixed = await h.waitForTicket(REF, (t) => t.status === 'fixed_verify_needed');
    expect(fixed.externalRefs).toEqual(['Vendor #48213']);
    expect(words(await waitForNth(h, ALICE, s(TAILS.fixed)))).toContain('Deployed to production.');
  });
});
