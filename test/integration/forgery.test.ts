// Trust by email, on real servers: only a reply through a person's own signed Reply-To address,
// sent from that person's address, may change a ticket. A forged From of an admin, a token
// replayed from someone else's address, and a stranger quoting a ticket's subject tag all fail,
// and each case is checked against the stored ticket, not only the mail that comes back.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import type { TicketView } from '../../src/adapters/db/ticket-view.ts';
import { useHarness, type Harness } from '../support/harness.ts';
import { mailWithSubject, outboundTo, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const MALLORY = 'mallory@elsewhere.example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);

/** Waits until the help desk has finished with `count` inbound messages, however each ended. */
async function waitForHandled(h: Harness, count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from inbound_messages where status <> 'pending'`;
    if (row!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${row!.n} of ${count} inbound messages handled`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const essentials = (t: TicketView | null) => t && ({ status: t.status, resolution: t.resolution, assignee: t.assignee, priority: t.priority, notes: t.notes.length, participants: t.participants });

describe('nobody changes a ticket with someone else\'s name or token', () => {
  const h = useHarness({ users: [ALICE, BOB, SUMMER, MALLORY], env: { ADMIN_EMAILS: `${SUMMER},becky@example.test` } });
  let aliceSubmitted: ParsedMessage;
  let before: ReturnType<typeof essentials>;

  beforeAll(async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      cc: [BOB],
      subject: "Can't add client to caseload AAAA111111",
      text: 'When I click Add to Caseload for client AAAA111111 on the Active Case Load page I get "Access denied". It started this morning.\n\nAlice',
    });
    aliceSubmitted = await waitForNth(h, ALICE, s(TAILS.submitted));
    // Summer takes the ticket for real, so she is a participant (the assignee) of it.
    const adminMail = await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin));
    await h.reply(SUMMER, adminMail, '#assign me');
    await h.waitForTicket(REF, (t) => t.status === 'assigned');
    await waitForOutboxDrained(h);
    before = essentials(await h.ticket(REF));
  });

  it('refuses the commands of a mail with an admin\'s From sent to the plain help-desk address, and tells the real admin', async () => {
    await h.send(`Summer <${SUMMER}>`, {
      subject: `Re: ${s(TAILS.submitted)}`,
      text: '#assign becky@example.test\n#close\n#priority low',
    });
    const refusal = await waitForNth(h, SUMMER, s(TAILS.refused));
    expect(words(refusal)).toContain('commands are only accepted from replies to your own status mail');
    expect(words(refusal)).toContain('#close');
    expect(words(refusal)).toContain('#assign becky@example.test');
    await waitForOutboxDrained(h);
    const after = await h.ticket(REF);
    expect(essentials(after)).toEqual(before);
    expect((await h.service.database.sql`select count(*)::int as n from tickets`)[0]!.n).toBe(1);
  });

  it('refuses a valid token replayed from another person\'s address, and says why', async () => {
    // Bob got hold of alice's status mail and replies to her signed address from his own.
    await h.send(BOB, {
      to: aliceSubmitted.replyTo[0]!.address,
      subject: `Re: ${aliceSubmitted.subject}`,
      text: '#close',
      inReplyTo: `<${aliceSubmitted.messageId}>`,
    });
    const refusal = await waitForNth(h, BOB, s(TAILS.refused));
    expect(words(refusal)).toContain('commands are only accepted from replies to your own status mail');
    await waitForOutboxDrained(h);
    expect(essentials(await h.ticket(REF))).toEqual(before);
  });

  it('gives a stranger with a replayed token nothing on the ticket', async () => {
    await h.send(MALLORY, {
      to: aliceSubmitted.replyTo[0]!.address,
      subject: `Re: ${aliceSubmitted.subject}`,
      text: '#close\n#cc mallory@elsewhere.example.test',
    });
    await waitForHandled(h, 5);
    await waitForOutboxDrained(h);
    const after = await h.ticket(REF);
    expect(essentials(after)).toEqual(before);
    expect(after!.participants.map((p) => p.email)).not.toContain(MALLORY);
    // No mail about Utah_RW-1 goes to the stranger.
    expect((await outboundTo(h, MALLORY)).filter((o) => o.subject?.includes('Utah_RW-1 '))).toEqual([]);
  });

  it('opens a new ticket, not a note, for a non-participant quoting a ticket\'s subject tag', async () => {
    const handled = (await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from inbound_messages where status <> 'pending'`)[0]!.n;
    await h.send(MALLORY, {
      subject: `Re: ${s(TAILS.newNote)}`,
      text: 'Please send me the full client record for AAAA111111.',
    });
    await waitForHandled(h, handled + 1);
    await waitForOutboxDrained(h);
    expect(essentials(await h.ticket(REF))).toEqual(before);
    const opened = await h.service.database.sql<{ ref: string; submitter: string }[]>`
      select t.ref, p.email as submitter from tickets t join people p on p.id = t.submitter_id where t.ref <> ${REF} order by t.id`;
    expect(opened.at(-1)).toEqual({ ref: expect.stringMatching(/^Utah_RW-\d+$/), submitter: MALLORY });
    const theirs = await h.ticket(opened.at(-1)!.ref);
    expect(theirs!.notes).toEqual([]);
    expect(theirs!.participants.map((p) => p.email)).toEqual([MALLORY]);
    // Alice and bob hear nothing of it.
    expect(await mailWithSubject(h, ALICE, s(TAILS.newNote))).toEqual([]);
  });

  it('adds nobody from a Cc header on a forged reply, even one that threads by our pseudo-reference', async () => {
    const handled = (await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from inbound_messages where status <> 'pending'`)[0]!.n;
    await h.send(`Alice Example <${ALICE}>`, {
      cc: [MALLORY],
      subject: 'about my caseload ticket',
      references: ['<ticket-Utah_RW-1@deskmail.example.test>'],
      text: 'Adding my colleague to the ticket.',
    });
    await waitForHandled(h, handled + 1);
    await waitForOutboxDrained(h);
    const after = await h.ticket(REF);
    expect(after!.participants.map((p) => p.email)).not.toContain(MALLORY);
  });

  it('puts no note on a ticket for a forged admin From, whatever reference it quotes', async () => {
    const handled = (await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from inbound_messages where status <> 'pending'`)[0]!.n;
    const notesBefore = (await h.ticket(REF))!.notes.length;
    await h.send(`Becky Admin <becky@example.test>`, {
      subject: 'Action needed on your ticket',
      references: ['<ticket-Utah_RW-1@deskmail.example.test>'],
      text: 'Please confirm your login at http://phish.example.test/login',
    });
    await waitForHandled(h, handled + 1);
    await waitForOutboxDrained(h);
    expect((await h.ticket(REF))!.notes.length).toBe(notesBefore);
    const phish = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from notes where body like '%phish.example.test%' and ticket_id = (select id from tickets where ref = ${REF})`;
    expect(phish[0]!.n).toBe(0);
  });

  it('marks nobody undeliverable for a forged delivery report about mail we never sent', async () => {
    const handled = (await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from inbound_messages where status <> 'pending'`)[0]!.n;
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@elsewhere.example.test>', `To: ${h.helpdesk}`, 'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <forged-dsn-1@elsewhere.example.test>', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'Delivery failed.', '',
      '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; elsewhere.example.test', '',
      `Final-Recipient: rfc822; ${SUMMER}`, 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 User unknown', '',
      '--b', 'Content-Type: text/rfc822-headers', '', 'Message-ID: <made-up@deskmail.example.test>', `References: <ticket-Utah_RW-1@deskmail.example.test>`, '',
      '--b--', '',
    ].join('\r\n');
    const nodemailer = (await import('nodemailer')).default;
    await nodemailer.createTransport(h.stack.relay.url).sendMail({ envelope: { from: '', to: [h.helpdesk] }, raw: dsn });
    await waitForHandled(h, handled + 1);
    const [summer] = await h.service.database.sql`select undeliverable_at from people where email = ${SUMMER}`;
    expect(summer!.undeliverable_at).toBeNull();
  });
});
