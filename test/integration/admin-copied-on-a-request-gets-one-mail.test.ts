// End to end on real servers: a request by mail that copies an admin and a colleague. The admin,
// on the ticket as an interested person, gets one mail about it, the admins' new-ticket notice;
// the colleague gets "has been submitted", the other admin the notice.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const LEAD = 'lead@example.test';
const ANN = 'ann@example.test';

describe('an admin copied on a request by mail', () => {
  const h = useHarness({ users: [ALICE, SUMMER, LEAD, ANN], env: { ADMIN_EMAILS: `${SUMMER},${LEAD}` } });

  it('gets the admin notice alone, while the copied colleague gets "has been submitted"', async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      cc: [`Summer Lee <${SUMMER}>`, `Ann Colleague <${ANN}>`],
      subject: 'Enrollment will not save',
      text: 'When I save the enrollment for client AAAA111111 on the Program Enrollment screen I get an error and nothing is saved.\n\nAlice',
    });
    await waitForNth(h, ANN, subjectOf(1, TAILS.submitted));
    await waitForNth(h, LEAD, subjectOf(1, TAILS.newTicketAdmin));
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin));
    await h.settle();
    const about = (m: { subject: string }) => m.subject.includes('Utah_RW-1 ');
    expect((await h.mailbox(SUMMER)).filter(about).map((m) => m.subject)).toEqual([subjectOf(1, TAILS.newTicketAdmin)]);
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.submitted))).toHaveLength(1);
    expect((await h.mailbox(ANN)).filter(about).map((m) => m.subject)).toEqual([subjectOf(1, TAILS.submitted)]);
  });
});
