// A thank-you sent from a carrier's phone, on real servers: the footer "Sent from my Verizon, Samsung
// Galaxy smartphone" is a device line and goes, as "Sent from my iPhone" does, so the note is the
// thanks alone and a closed ticket stays closed; "It works now, thank you!" from the same phone
// verifies a fix as it does from any other.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { fixCopiedRequest, verifiedThreeDaysAgo } from '../support/lifecycle.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const VERIZON = 'Sent from my Verizon, Samsung Galaxy smartphone';
const ATT = 'Sent via the Samsung Galaxy S23, an AT&T 5G smartphone';

describe('thanks from a carrier phone on a closed ticket', () => {
  const h = useHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER } });

  it('keeps the thanks as the note and the ticket closed', async () => {
    const fixed = await verifiedThreeDaysAgo(h, ALICE, SUMMER);
    await h.service.database.sql`update tickets set closed_at = now() where ref = 'Utah_RW-1'`;
    await h.reply(ALICE, fixed, `Thank you so much!\n\n\n\n${VERIZON}`);
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote));
    await h.reply(ALICE, fixed, `Thank you so much!\n\n${ATT}`);
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote), 2);
    const ticket = await h.ticket('Utah_RW-1');
    expect(ticket).toMatchObject({ status: 'closed', resolution: 'verified' });
    expect(ticket!.notes.filter((n) => n.author === ALICE).map((n) => n.body).slice(-2)).toEqual(['Thank you so much!', 'Thank you so much!']);
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, SUMMER, subjectOf(1, TAILS.reopened))).toHaveLength(0);
  });
});

describe('a fix answered from a carrier phone that it works', () => {
  const h = useHarness({ users: [ALICE, BOB, SUMMER], env: { ADMIN_EMAILS: SUMMER } });

  it('verifies it', async () => {
    await fixCopiedRequest(h, { submitter: ALICE, copied: BOB, subject: 'Exit date will not save AAAA111111', text: 'When I open the Exit page for this client and click Save, nothing is saved. It started on Monday.' }, SUMMER, 1, 'The exit date field is editable again.');
    await h.reply(ALICE, await waitForNth(h, ALICE, subjectOf(1, TAILS.fixed)), `It works now, thank you!\n\n\n\n${VERIZON}`);
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed');
    expect(ticket.resolution).toBe('verified');
    expect(ticket.notes.some((n) => n.author === ALICE && n.body === 'It works now, thank you!')).toBe(true);
  });
});
