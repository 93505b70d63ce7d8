// End to end on real servers: a request mailed to the help desk becomes a ticket, the submitter
// gets "has been submitted", and her reply lands on the ticket as one note holding only her
// new text, also across a worker restart and when threading clues are partly missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartService, startHarness, type Harness } from '../support/harness.ts';

const ALICE = 'alice@example.test';
const SUBMITTED = '[ClientTrack Issues Tracking] Issue Utah_RW-1 has been submitted';

describe('mail in, ticket made, status mail out', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, 'summer@example.test'], env: { ADMIN_EMAILS: 'summer@example.test' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('opens Utah_RW-1 as New and sends alice the guide\'s "has been submitted" mail', async () => {
    const requestId = await h.send(`Alice Example <${ALICE}>`, {
      subject: "Can't add client to caseload AAAA111111",
      text: 'When I add client AAAA111111 to my caseload from the Active Case Load page I get "Access denied". It started this morning. I logged out and back in and cleared my browser cache; same result. My username is alice.w.\n\nThanks,\nAlice',
    });
    const confirmation = await h.waitForMail(ALICE, (m) => m.subject === SUBMITTED);
    const ticket = await h.waitForTicket('Utah_RW-1', () => true);
    expect(ticket.status).toBe('new');
    expect(ticket.submitter).toBe(ALICE);
    expect(ticket.summary).toBe("Can't add client to caseload AAAA111111");
    expect(ticket.clientIds).toEqual(['AAAA111111']);
    // Threading: our Message-ID, In-Reply-To the request, References with the ticket's pseudo id.
    expect(confirmation.messageId).toMatch(/@deskmail\.example\.test$/);
    expect(confirmation.inReplyTo).toEqual([requestId]);
    expect(confirmation.references).toContain('ticket-Utah_RW-1@deskmail.example.test');
    expect(confirmation.replyTo[0]?.address).toMatch(/^helpdesk\+1-\d+-[a-z2-7]{16}@example\.test$/);
    expect(confirmation.headers['auto-submitted']?.[0]).toBe('auto-replied');
    expect(confirmation.text).toContain('http://localhost:3000/tickets/Utah_RW-1');
    // The admin hears of the new request with a signed address of their own.
    const adminMail = await h.waitForMail('summer@example.test', (m) => m.subject.startsWith('[ClientTrack Issues Tracking] Issue Utah_RW-1'));
    expect(adminMail.replyTo[0]?.address).not.toBe(confirmation.replyTo[0]?.address);
  });

  it('adds alice\'s reply as one note holding only her new text, unchanged by a worker restart', async () => {
    const confirmation = await h.waitForMail(ALICE, (m) => m.subject === SUBMITTED);
    await restartService(h);
    await h.reply(ALICE, confirmation, 'It also happens for client BBBB222222.');
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.kind === 'note'));
    const notes = ticket.notes.filter((n) => n.kind === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toBe('It also happens for client BBBB222222.');
    expect(notes[0]!.author).toBe(ALICE);
    // A second restart and a recovery pass must not redo anything.
    await restartService(h);
    await new Promise((r) => setTimeout(r, 1500));
    const again = await h.ticket('Utah_RW-1');
    expect(again!.notes.filter((n) => n.kind === 'note')).toHaveLength(1);
    const mine = (await h.mailbox(ALICE)).filter((m) => m.subject === SUBMITTED);
    expect(mine).toHaveLength(1);
    expect((await h.service.database.sql`select count(*)::int as n from tickets`)[0]!.n).toBe(1);
  });

  it('threads a reply by its headers alone when the subject was rewritten', async () => {
    const confirmation = await h.waitForMail(ALICE, (m) => m.subject === SUBMITTED);
    await h.reply(ALICE, confirmation, 'Header-only threading works.', { subject: 'about my caseload problem' });
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.body === 'Header-only threading works.'));
    expect(ticket.ref).toBe('Utah_RW-1');
    expect((await h.service.database.sql`select count(*)::int as n from tickets`)[0]!.n).toBe(1);
  });

  it('threads a reply by the subject tag alone when headers were stripped', async () => {
    const confirmation = await h.waitForMail(ALICE, (m) => m.subject === SUBMITTED);
    await h.send(ALICE, { subject: `RE: ${confirmation.subject}`, text: 'Subject-only threading works.' });
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.body === 'Subject-only threading works.'));
    expect(ticket.notes.filter((n) => n.kind === 'note')).toHaveLength(3);
  });

  it('flags processed mail in the help-desk mailbox and never deletes it', async () => {
    const deadline = Date.now() + 10_000;
    let rows: { mailbox_done_at: Date | null }[] = [];
    while (Date.now() < deadline) {
      rows = await h.service.database.sql`select mailbox_done_at from inbound_messages`;
      if (rows.length >= 4 && rows.every((r) => r.mailbox_done_at)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.every((r) => r.mailbox_done_at)).toBe(true);
    const inbox = await h.mailbox(h.helpdesk);
    expect(inbox.length).toBe(rows.length);
  });
});
