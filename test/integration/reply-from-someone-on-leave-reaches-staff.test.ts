// A submitter on leave answers a fix from her phone, on real servers: "I am on vacation until 3/10
// but I checked from my phone and the report still shows the wrong totals" is her reply, not an
// autoresponder's: it becomes her public note and the staff get the "New Note" with her words. An
// out-of-office notice with no automatic-mail headers that says nothing else is still recorded as
// an automatic reply and sends nothing.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { fixCopiedRequest } from '../support/lifecycle.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const ON_LEAVE = 'Thanks Summer. I am on vacation until 3/10 but I checked from my phone and the report still shows the wrong totals for our RRH program. Juan can verify too.\n\nAlice';
const NOTICE = 'I am currently out of the office and will return on Monday, March 10. Need immediate help? Please contact the front desk at (801) 555-0111.';

describe('a reply from someone on leave', () => {
  const h = useHarness({ users: [ALICE, BOB, SUMMER], env: { ADMIN_EMAILS: SUMMER } });

  it('is her note, and the staff hear it; a notice that says only that she is away is not', async () => {
    await fixCopiedRequest(h, { submitter: ALICE, copied: BOB, subject: 'RRH totals wrong on the APR', text: 'The APR for our RRH program shows the wrong totals since Monday.' }, SUMMER, 1, 'The report query was corrected.');
    const fixed = await waitForNth(h, ALICE, subjectOf(1, TAILS.fixed));
    await h.reply(ALICE, fixed, `${ON_LEAVE}\n\nSent from my iPhone`);
    const noted = await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote));
    expect(words(noted)).toContain('the report still shows the wrong totals for our RRH program');
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.author === ALICE && n.body === ON_LEAVE));
    expect(ticket.notes.find((n) => n.body === ON_LEAVE)).toMatchObject({ internal: false });
    expect(ticket.status).toBe('fixed_verify_needed');

    await h.reply(ALICE, fixed, NOTICE);
    await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.kind === 'auto_reply'));
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, SUMMER, subjectOf(1, TAILS.newNote))).toHaveLength(1);
    expect(await h.ticket('Utah_RW-1')).toMatchObject({ status: 'fixed_verify_needed' });
  });
});
