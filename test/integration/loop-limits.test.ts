// The mail limits on real servers (PostgreSQL, Redis, a private Dovecot, the SMTP relay): robots
// that hide every automatic sign stop getting mail within three exchanges while the ticket and a
// note saying why remain; a person's 30 requests get 30 acknowledgements; a staff note always
// reaches the submitter in a lively exchange; new requests from the variants of one Gmail address
// are capped as one sender, held (not lost) and summarised once to the admins; and the first mail
// of someone another person added says who did and how to stop, which #stop then does.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskmail } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, waitUntilQuiet } from '../support/status-mail.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { runScheduledTask } from '../../src/workers/schedule.ts';

const SUMMER = 'summer@example.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const numberOf = (mail: ParsedMessage) => Number(/Issue Utah_RW-(\d+)/.exec(mail.subject)?.[1] ?? 0);
const refOf = (mail: ParsedMessage) => `Utah_RW-${numberOf(mail)}`;
const fromDesk = (h: Harness) => (m: ParsedMessage) => m.from?.address === h.helpdesk;

/**
 * A robot that hides every automatic sign: no Auto-Submitted, X-Autoreply or Precedence, a
 * normal From and "Re:" subject; it answers every mail from the help desk within a second with
 * the same text, to the Reply-To, quoting our mail as a mail client does.
 */
function startHiddenRobot(h: Harness, user: string, text: string) {
  let handled = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const box = await h.mailbox(user).catch(() => [] as ParsedMessage[]);
      for (const m of box.slice(handled)) {
        handled++;
        if (m.from?.address !== h.helpdesk) continue;
        await h.reply(user, m, text);
      }
      await sleep(150);
    }
  })();
  return { async stop() { running = false; await loop; } };
}

/** Sentences a person might write; two from different lists make each text distinct. */
const OPENINGS = [
  'I ran the APR again this morning and the leavers are still missing for Harbor House.',
  'Our case manager says the exit interviews were entered last Friday before noon.',
  'The household members show up on the enrollment screen but not in the export.',
  'We changed the project start date back to July and nothing moved on the report.',
  'Could the missing destinations come from the old intake form we used in spring?',
];
const CLOSINGS = [
  'Tell me what else you need from our side.',
  'I attached nothing yet, but can send screenshots of the client profile.',
  'The board meeting is on Thursday, so a rough answer helps already.',
  'Maria from the night shift can confirm the dates if needed.',
  'Thanks for looking into it so quickly.',
];
const personText = (i: number) => `${OPENINGS[i % 5]} ${CLOSINGS[Math.floor(i / 5) % 5]}`;
const STAFF_NOTES = [
  'Please check the exit destination field on each leaver.',
  'I re-ran the nightly aggregation for your agency; try the report again.',
  'The export filters by project type; emergency shelter must be selected.',
  'Your enrollment dates overlap with the previous program year, which hides some leavers.',
  'I asked the vendor whether the July change needs a reindex.',
];
const staffText = (i: number) => `${STAFF_NOTES[i % 5]} (Step ${i + 1} of our checklist, ${['morning', 'noon', 'afternoon', 'evening', 'night'][Math.floor(i / 5) % 5]} round.)`;

describe('mail limits on real servers', () => {
  const ALICE = 'alice@example.test';
  const ROBOT_A = 'intake-desk@example.test';
  const ROBOT_B = 'records-gateway@example.test';
  const AGENCY = 'agency@example.test';
  const DANA = 'dana@example.test';
  const CAROL = 'carol@example.test';
  let h: Harness;
  beforeAll(async () => {
    // Admin notices are not what these tests pin; their summary is tested below with its own cap.
    h = await startHarness({ users: [ALICE, ROBOT_A, ROBOT_B, AGENCY, DANA, CAROL, SUMMER], env: { ADMIN_EMAILS: SUMMER, ADMIN_NOTICES_PER_HOUR: '1000', LOOP_QUICK_REPLY_SECONDS: '20' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('stops mailing two robots that hide every automatic sign within three exchanges, keeping the ticket and a note saying why', async () => {
    const robotA = startHiddenRobot(h, ROBOT_A, 'Thank you for your message. It has been received by the intake desk and will be handled in the order it arrived.');
    const robotB = startHiddenRobot(h, ROBOT_B, 'This mailbox is monitored during business hours. Your mail has been forwarded to the records team for processing.');
    let ref = '';
    try {
      await h.send(`Alice Example <${ALICE}>`, {
        subject: 'Leavers missing from the APR',
        cc: [ROBOT_A, ROBOT_B],
        text: 'The APR for Harbor House Emergency Shelter shows no leavers since Monday although three clients exited.\n\nAlice',
      });
      ref = refOf(await h.waitForMail(ALICE, (m) => m.subject.endsWith(TAILS.submitted), 20_000));
      const stopped = (t: { notes: { kind: string; internal: boolean; body: string }[] }, who: string) =>
        t.notes.some((n) => n.kind === 'system' && n.internal && n.body.startsWith(`Automatic mail stopped for replies from ${who}`));
      await h.waitForTicket(ref, (t) => stopped(t, ROBOT_A) && stopped(t, ROBOT_B), 90_000);
      const total = async () => (await Promise.all([ROBOT_A, ROBOT_B, ALICE, h.helpdesk].map(async (u) => (await h.mailbox(u)).length))).reduce((a, b) => a + b, 0);
      await waitUntilQuiet(total, 4000, 90_000);
    } finally {
      await robotA.stop();
      await robotB.stop();
    }
    for (const robot of [ROBOT_A, ROBOT_B]) {
      // The acknowledgement of Alice's request, then at most two notes of the other robot's
      // answers: the third same answer is the loop sign that stops the mail.
      const fromUs = (await h.mailbox(robot)).filter(fromDesk(h));
      expect(fromUs.length).toBeGreaterThanOrEqual(1);
      expect(fromUs.length).toBeLessThanOrEqual(3);
      expect((await h.mailbox(h.helpdesk)).filter((m) => m.from?.address === robot).length).toBeLessThanOrEqual(3);
    }
    const ticket = (await h.ticket(ref))!;
    expect(ticket.notes.filter((n) => n.kind === 'note').map((n) => n.author).sort()).toEqual(expect.arrayContaining([ROBOT_A, ROBOT_B]));
    const loopNotes = ticket.notes.filter((n) => n.body.startsWith('Automatic mail stopped for replies from'));
    expect(loopNotes).toHaveLength(2);
    expect(loopNotes.every((n) => n.internal)).toBe(true);
    // Alice got her acknowledgement; the mail the loop would have caused is recorded as held.
    expect((await h.mailbox(ALICE)).filter(fromDesk(h)).map((m) => m.subject)).toContain(`[ClientTrack Issues Tracking] Issue ${ref} has been submitted`);
    await waitForOutboxDrained(h, 20_000);
    const held = await h.service.database.sql<{ n: number }[]>`
      select count(*)::int as n from outbound_messages where ticket_id = (select id from tickets where ref = ${ref}) and status = 'suppressed' and reason like 'held by limit: mail loop:%'`;
    expect(held[0]!.n).toBeGreaterThan(0);
    // The operator sees it: `deskmail status` counts mail held back by limits.
    const status = await runDeskmail(h.stack.config, ['status']);
    const line = /held back by limits: (\d+)/.exec(status.stdout);
    expect(Number(line?.[1] ?? -1)).toBeGreaterThanOrEqual(held[0]!.n);
  }, 240_000);

  it('acknowledges each of 30 distinct requests one person sends within an hour', async () => {
    for (let i = 0; i < 30; i++) {
      await h.send(`Agency Intake <${AGENCY}>`, { subject: `Client ${1000 + i}: ${OPENINGS[i % 5]!.slice(0, 40)}`, text: `Request ${i + 1}. ${personText(i)}` });
    }
    const acks = async () => (await h.mailbox(AGENCY)).filter((m) => m.subject.endsWith(TAILS.submitted)).length;
    const deadline = Date.now() + 90_000;
    while ((await acks()) < 30 && Date.now() < deadline) await sleep(500);
    await waitForOutboxDrained(h, 20_000);
    expect(await acks()).toBe(30);
    const [tickets] = await h.service.database.sql<{ n: number }[]>`
      select count(*)::int as n from tickets t join people p on p.id = t.submitter_id where p.email = ${AGENCY}`;
    expect(tickets!.n).toBe(30);
    const [held] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from outbound_messages where recipient = ${AGENCY} and status <> 'sent'`;
    expect(held!.n).toBe(0);
  }, 150_000);

  it('says who added a person in their first mail only, and #stop from them ends their mail for the ticket', async () => {
    await h.send(`Dana Example <${DANA}>`, { subject: 'Bed nights double counted', text: 'The bed night report counts two stays for client AAAA222222 on the same night.\n\nDana' });
    const submitted = await h.waitForMail(DANA, (m) => m.subject.endsWith(TAILS.submitted), 20_000);
    const ref = refOf(submitted);
    const n = numberOf(submitted);
    await h.reply(`Dana Example <${DANA}>`, submitted, '#cc carol@example.test\nCarol does our reporting, she should follow this.');
    const first = await waitForNth(h, CAROL, subjectOf(n, TAILS.newNote), 1, 20_000);
    expect(first.text).toMatch(new RegExp(`${DANA.replace('.', '\\.')}>? added you to issue ${ref}`));
    expect(first.text).toContain('#stop');
    // A staff note next: Carol's second mail does not say it again.
    const notice = await waitForNth(h, SUMMER, subjectOf(n, TAILS.newTicketAdmin), 1, 20_000);
    await h.reply(SUMMER, notice, 'I can see both stays; checking the shelter\'s check-out times.');
    const second = await waitForNth(h, CAROL, subjectOf(n, TAILS.newNote), 2, 20_000);
    expect(second.text).not.toMatch(/added you to issue/);
    expect(second.text).toContain('Stop updating me');
    // #stop from Carol: the next staff note reaches Dana, not Carol.
    await h.reply(CAROL, second, '#stop');
    await h.waitForTicket(ref, () => true);
    await sleep(1500);
    await waitForOutboxDrained(h, 20_000);
    await h.reply(SUMMER, notice, 'The check-out time was missing on one stay; fixed it.');
    await waitForNth(h, DANA, subjectOf(n, TAILS.newNote), 2, 20_000);
    await waitForOutboxDrained(h, 20_000);
    await sleep(500);
    expect(await mailWithSubject(h, CAROL, subjectOf(n, TAILS.newNote))).toHaveLength(2);
  }, 120_000);
});

describe('a staff note in a lively exchange on real servers', () => {
  const ALICE = 'alice@example.test';
  let h: Harness;
  beforeAll(async () => {
    // A test answers within a second where a person takes minutes: the timing sign stays off here
    // (the harness default) so that the exchange is judged like a person's; the robot test pins it.
    h = await startHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('delivers every one of 25 staff notes to the submitter, and every one of their 25 distinct answers to staff', async () => {
    await h.send(`Alice Example <${ALICE}>`, { subject: 'Leavers missing from the APR', text: 'The APR for Harbor House shows no leavers since Monday.\n\nAlice' });
    const notice = await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin), 1, 20_000);
    for (let i = 0; i < 25; i++) {
      await h.reply(SUMMER, notice, staffText(i));
      const note = await waitForNth(h, ALICE, subjectOf(1, TAILS.newNote), i + 1, 30_000);
      expect(note.text).toContain(STAFF_NOTES[i % 5]!.slice(0, 30));
      await h.reply(`Alice Example <${ALICE}>`, note, personText(i));
    }
    await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote), 25, 60_000);
    await waitForOutboxDrained(h, 30_000);
    expect(await mailWithSubject(h, ALICE, subjectOf(1, TAILS.newNote))).toHaveLength(25);
    expect(await mailWithSubject(h, SUMMER, subjectOf(1, TAILS.newNote))).toHaveLength(25);
    const ticket = (await h.ticket('Utah_RW-1'))!;
    expect(ticket.notes.filter((n) => n.body.startsWith('Automatic mail stopped'))).toEqual([]);
    const [held] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from outbound_messages where reason like 'held by limit:%'`;
    expect(held!.n).toBe(0);
  }, 240_000);
});

describe('new requests per folded sender on real servers', () => {
  // Gmail delivers all of these to one inbox; Dovecot's +detail delivery does the same here.
  const MAILBOXES = ['a.b.c@gmail.com', 'abc@gmail.com', 'abc@googlemail.com'];
  const VARIANTS = ['a.b.c+1@gmail.com', 'abc+2@gmail.com', 'A.B.C@gmail.com', 'abc+4@googlemail.com', 'a.b.c+5@gmail.com', 'abc@googlemail.com'];
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [...MAILBOXES, SUMMER], env: { ADMIN_EMAILS: SUMMER, NEW_REQUESTS_PER_SENDER_PER_HOUR: '3', ADMIN_NOTICES_PER_HOUR: '2' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('opens three tickets for six address variants, holds the rest with the reason, and tells the admins once', async () => {
    const tag = randomBytes(3).toString('hex');
    for (const [i, from] of VARIANTS.entries()) {
      await h.send(`Alex Carter <${from}>`, { subject: `Merge ${tag} ${i + 1}: client record will not merge`, text: `Request ${i + 1}: ${personText(i * 6)}` });
    }
    const deadline = Date.now() + 30_000;
    let rows: { status: string; outcome: string | null; reason: string | null }[] = [];
    while (Date.now() < deadline) {
      rows = await h.service.database.sql`select status, outcome, reason from inbound_messages order by id`;
      if (rows.length === 6 && rows.every((r) => r.status !== 'pending')) break;
      await sleep(200);
    }
    expect(rows.filter((r) => r.outcome === 'created')).toHaveLength(3);
    const held = rows.filter((r) => r.status === 'quarantined');
    expect(held).toHaveLength(3);
    expect(held.every((r) => r.outcome === 'quarantined:NEW_REQUEST_LIMIT' && r.reason === 'more than 3 new requests from this sender within an hour (abc@gmail.com)')).toBe(true);
    // Admins: two notices, the third kept back for the summary (recorded, not sent).
    await waitForOutboxDrained(h, 20_000);
    const notices = await h.service.database.sql<{ status: string; reason: string | null }[]>`select status, reason from outbound_messages where template = 'new_ticket_admin' order by id`;
    expect(notices.filter((r) => r.status === 'sent')).toHaveLength(2);
    expect(notices.filter((r) => r.status === 'suppressed').map((r) => r.reason)).toEqual(['held by limit: admin notices per hour; in the summary (abc@gmail.com)']);
    // Held mail is where admins look for it.
    const list = await runDeskmail(h.stack.config, ['quarantine', 'list']);
    expect(list.stdout.match(/NEW_REQUEST_LIMIT/g)).toHaveLength(3);
    // One summary, however often the task runs.
    const summarySubject = '[ClientTrack Issues Tracking] 4 new requests held or limited';
    // Twice at once, as the schedule and the command may: one summary.
    const at = Date.now();
    expect(await Promise.all([runScheduledTask(h.service.scheduleDeps, 'limits-summary', new Date(at)), runScheduledTask(h.service.scheduleDeps, 'limits-summary', new Date(at + 7))]))
      .toEqual(['summary of 3 held, 1 summarised', 'summary of 3 held, 1 summarised']);
    const summary = await h.waitForMail(SUMMER, (m) => m.subject === summarySubject, 20_000);
    expect(summary.text).toContain('abc@gmail.com');
    expect(summary.text).toMatch(/3 new requests were held/);
    expect(await runScheduledTask(h.service.scheduleDeps, 'limits-summary', new Date())).toBe('nothing held');
    await waitForOutboxDrained(h, 20_000);
    await sleep(500);
    const admin = (await h.mailbox(SUMMER)).filter(fromDesk(h));
    expect(admin.filter((m) => m.subject === summarySubject)).toHaveLength(1);
    expect(admin.filter((m) => m.subject.endsWith(TAILS.newTicketAdmin))).toHaveLength(2);
    // Not lost: an admin's retry opens the ticket, and the limit does not hold it again.
    const [first] = await h.service.database.sql<{ id: number }[]>`select id from inbound_messages where status = 'quarantined' order by id limit 1`;
    expect((await runDeskmail(h.stack.config, ['quarantine', 'retry', String(first!.id)])).code).toBe(0);
    await h.settle(20_000);
    const [again] = await h.service.database.sql<{ outcome: string }[]>`select outcome from inbound_messages where id = ${first!.id}`;
    expect(again!.outcome).toBe('created');
    expect((await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from tickets`)[0]!.n).toBe(4);
  }, 120_000);
});
