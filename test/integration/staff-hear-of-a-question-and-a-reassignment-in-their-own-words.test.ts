// The staff on a ticket, by email on real servers: when an admin asks the submitter a question
// (#waiting) on a ticket assigned to Niko, Alice is asked for her response, while Niko and Becky
// (an admin Alice copied on the request) are told the ticket waits for a response from the
// requester, with the question; when Becky then takes the ticket ("#assign me"), Niko, whose it
// was, is told it has been reassigned to her, and Alice gets the guide's "has been assigned".
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BECKY = 'becky@example.test';
const NIKO = 'niko@example.test';
const SUMMER = 'summer@example.test';
const QUESTION = 'Which exit date did you enter? A screenshot of the Exit page would help too.';
const s = (tail: string) => subjectOf(1, tail);
const STAFF_WAITING = 'is waiting for a response from the requester';

describe('status mail to the staff on a ticket', () => {
  const h = useHarness({ users: [ALICE, BECKY, NIKO, SUMMER], env: { ADMIN_EMAILS: [SUMMER, BECKY, NIKO].join(',') } });

  beforeAll(async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      cc: [BECKY], subject: 'Exit date will not save AAAA111111',
      text: 'When I open the Exit page for client AAAA111111 and click Save, nothing is saved. It started on Monday.\n\nAlice',
    });
    const adminMail = await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin));
    await h.reply(`Summer Bammes <${SUMMER}>`, adminMail, `#assign ${NIKO}`);
    await h.waitForTicket('Utah_RW-1', (t) => t.assignee === NIKO);
    await waitForNth(h, NIKO, s(TAILS.assigned));
    await h.reply(`Summer Bammes <${SUMMER}>`, adminMail, `#waiting\n${QUESTION}`);
    await h.waitForTicket('Utah_RW-1', (t) => t.status === 'waiting_for_response');
    await waitForOutboxDrained(h);
  });

  it('asks the submitter for her response, and tells the assignee and an admin copied on it whose response it waits for, with the question', async () => {
    const alice = await waitForNth(h, ALICE, s(TAILS.waiting));
    expect(words(alice)).toContain('needs your response before work on issue Utah_RW-1 can go on');
    for (const staff of [NIKO, BECKY]) {
      const mail = await waitForNth(h, staff, s(STAFF_WAITING));
      expect(words(mail), staff).toContain(`Issue Utah_RW-1 ${STAFF_WAITING}`);
      expect(words(mail), staff).toContain(QUESTION);
      expect(words(mail), staff).not.toContain('needs your response');
      expect((await h.mailbox(staff)).map((m) => m.subject), staff).not.toContain(s(TAILS.waiting));
    }
  });

  it('tells whom a reassignment took the ticket from that it is no longer theirs', async () => {
    const beckys = await waitForNth(h, BECKY, s(STAFF_WAITING));
    await h.reply(`Becky Tyler <${BECKY}>`, beckys, '#assign me');
    await h.waitForTicket('Utah_RW-1', (t) => t.assignee === BECKY);
    const niko = await waitForNth(h, NIKO, s('has been reassigned'));
    expect(words(niko)).toContain('issue Utah_RW-1, which was assigned to you, has been reassigned to Becky Tyler.');
    // Alice gets the guide's words, naming Becky; Becky hears nothing of her own action (her one
    // "has been assigned" is the first, to Niko, which she got as copied on the request).
    expect(words(await waitForNth(h, ALICE, s(TAILS.assigned), 2))).toContain('issue Utah_RW-1 has been assigned to Becky Tyler.');
    await waitForOutboxDrained(h);
    expect((await h.mailbox(BECKY)).filter((m) => m.subject === s(TAILS.assigned))).toHaveLength(1);
  });
});
