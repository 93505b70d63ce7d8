// End to end on real servers: a requester who pastes her own personal ticket link or signed reply
// address into a reply or a request (what she was mailed) does not hand it to the others on the
// ticket. The status mails that carry her text (the new note to the admin and the support team,
// the request in the admins' notice, the escalation and the forward to MACCH) show the ticket's
// plain link and the help desk's own address in their place; what is stored keeps every byte, and
// her own mails still carry her own link, as the template gives it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const SUPPORT = 'support@vendor.example.test';
const MACCH = 'macch@example.test';
const TOKEN = /\/tickets\/Utah_RW-1\?k=([A-Za-z0-9_-]{44})/;

/** Everything a mail shows, its text and HTML, with line breaks and spaces taken out (a wrapped link is whole again). */
const whole = (m: ParsedMessage) => `${m.text}\n${m.html ?? ''}`.replace(/\s+/g, '').replace(/&amp;/g, '&');

describe('a personal link pasted into mailed text', () => {
  const h = useHarness({ users: [ALICE, SUMMER, SUPPORT, MACCH], env: { ADMIN_EMAILS: SUMMER, SUPPORT_ADDRESS: SUPPORT, MACCH_ADDRESS: MACCH } });
  let submitted: ParsedMessage;
  let token: string;
  let link: string;
  let replyAddress: string;

  /** Neither her token nor her signed reply address, in the mail's text or HTML. */
  function expectNothingOfHers(m: ParsedMessage, who: string): void {
    expect(whole(m).includes(token), `${who} got her token`).toBe(false);
    expect(whole(m).toLowerCase().includes(replyAddress.toLowerCase()), `${who} got her reply address`).toBe(false);
  }

  beforeAll(async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      subject: "Can't add client to caseload AAAA111111",
      text: 'When I click Add to Caseload for client AAAA111111 I get "Access denied".\n\nAlice',
    });
    submitted = await waitForNth(h, ALICE, subjectOf(1, TAILS.submitted));
    token = TOKEN.exec(submitted.text)![1]!;
    link = `http://localhost:3000${TOKEN.exec(submitted.text)![0]!}`;
    expect(submitted.text).toContain(link);
    replyAddress = submitted.replyTo[0]!.address;
    expect(replyAddress).toMatch(/^helpdesk\+1-\d+-[a-z2-7]{16}@/);
    // Summer hands it to the support team, who hear of every note from then on.
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin)), '#escalate\nPlease look at the caseload permissions.');
    await waitForNth(h, SUPPORT, subjectOf(1, TAILS.escalated));
    await waitForOutboxDrained(h);
  });

  it('leaves her reply\'s link and address out of the new-note mail to the admin and the support team', async () => {
    await h.reply(ALICE, submitted, `Here is the link you sent me: ${link}\nand the address I answer to: ${replyAddress}\nIt is still broken this morning.`);
    for (const who of [SUMMER, SUPPORT]) {
      const note = await waitForNth(h, who, subjectOf(1, TAILS.newNote));
      expect(words(note), who).toContain('It is still broken this morning.');
      expectNothingOfHers(note, who);
      // The ticket's plain link and the help desk's own address stand in their place.
      expect(words(note), who).toContain('Here is the link you sent me: http://localhost:3000/tickets/Utah_RW-1 and the address I answer to: helpdesk@example.test');
    }
    // The note as stored keeps what she wrote.
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.body.includes('still broken')));
    expect(ticket.notes.map((n) => n.body).join('\n')).toContain(token);

    // Her own mail still opens the ticket for her with her own link.
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote)), 'Thank you, we are on it.');
    const answer = await h.waitForMail(ALICE, (m) => m.subject === subjectOf(1, TAILS.newNote) && words(m).includes('Thank you, we are on it.'));
    expect(answer.text).toMatch(TOKEN);
    expect(answer.replyTo[0]!.address).toMatch(/^helpdesk\+1-\d+-[a-z2-7]{16}@/);
  });

  it('leaves a request\'s pasted link out of the admins\' notice and the escalation to the support team', async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      subject: "Can't add client BBBB222222 to caseload either",
      text: `Same as my other request (${link}), now for client BBBB222222: "Access denied" on Add to Caseload.\n\nAlice`,
    });
    const notice = await waitForNth(h, SUMMER, subjectOf(2, TAILS.newTicketAdmin));
    expect(words(notice)).toContain('now for client BBBB222222');
    expectNothingOfHers(notice, SUMMER);
    await h.reply(SUMMER, notice, '#escalate\nSame permissions problem as Utah_RW-1.');
    const escalated = await waitForNth(h, SUPPORT, subjectOf(2, TAILS.escalated));
    expect(words(escalated)).toContain('now for client BBBB222222');
    expect(words(escalated)).toContain('Same as my other request (http://localhost:3000/tickets/Utah_RW-1)');
    expectNothingOfHers(escalated, SUPPORT);
    const [stored] = await h.service.database.sql<{ description: string }[]>`select description from tickets where ref = 'Utah_RW-2'`;
    expect(stored!.description).toContain(token);
  });

  it('leaves a request\'s pasted link out of the forward to MACCH', async () => {
    const question = 'When is the deadline for the CoC NOFA project application this year, and where do we send our letter of intent?';
    await h.send(`Alice Example <${ALICE}>`, { subject: 'NOFA question', text: `Hello,\n\n${question}\nMy help desk link, in case: ${link}\n\nThanks,\nAlice` });
    const forward = await waitForNth(h, MACCH, subjectOf(3, 'forwarded to you'));
    expect(words(forward)).toContain(question);
    expectNothingOfHers(forward, MACCH);
    await waitForOutboxDrained(h);
  });
});
