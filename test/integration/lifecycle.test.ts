// The user guide's whole ticket lifecycle, by email on real servers: alice submits with a
// colleague in Cc, admin summer takes it with #assign me, they trade notes, the colleague says
// #stop, summer marks it fixed, alice says #notfixed, summer fixes it again and alice verifies.
// Every step is a reply to the status mail the person actually received, as a mail client makes it.
import { describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { mailWithSubject, outboundTo, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);

describe('the guide\'s lifecycle by email: submit, assign, notes, fixed, not fixed, verified', () => {
  const h = useHarness({ users: [ALICE, BOB, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
  /** The latest status mail each person got, which their next reply answers. */
  const last: Record<string, ParsedMessage> = {};

  it('opens the ticket with the Cc\'d colleague as an interested participant, and tells all three', async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      cc: [`Bob Colleague <${BOB}>`],
      subject: 'Unable to view enrollment and eligibility dates AAAA111111',
      text: 'When I open the Enrollment List and select client AAAA111111, the eligibility dates are blank. It started on Monday. I expected to see the dates from the last recertification.\n\nAlice',
    });
    last[ALICE] = await waitForNth(h, ALICE, s(TAILS.submitted));
    last[BOB] = await waitForNth(h, BOB, s(TAILS.submitted));
    last[SUMMER] = await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin));
    const ticket = await h.waitForTicket(REF, () => true);
    expect(ticket.status).toBe('new');
    expect(ticket.submitter).toBe(ALICE);
    expect(ticket.participants).toEqual(expect.arrayContaining([
      { email: ALICE, role: 'submitter', notify: true },
      { email: BOB, role: 'interested', notify: true },
    ]));
    // Each person gets their own signed reply address.
    const replyTos = [ALICE, BOB, SUMMER].map((u) => last[u]!.replyTo[0]?.address);
    expect(new Set(replyTos).size).toBe(3);
  });

  it('refuses commands the ticket\'s state or the sender\'s role does not allow, says why, and changes nothing', async () => {
    const before = await h.ticket(REF);
    // Alice cannot verify what nobody has fixed; bob, only interested, cannot assign.
    await h.reply(ALICE, last[ALICE]!, '#verified');
    await h.reply(BOB, last[BOB]!, '#assign me');
    const aliceRefusal = await waitForNth(h, ALICE, s(TAILS.refused));
    expect(words(aliceRefusal)).toContain('#verified: only a ticket marked fixed (Fixed - Verify Needed) can be verified; the ticket is New');
    const bobRefusal = await waitForNth(h, BOB, s(TAILS.refused));
    expect(words(bobRefusal)).toContain('#assign me: only an admin may use #assign on this ticket');
    await waitForOutboxDrained(h);
    const after = await h.ticket(REF);
    expect(after).toMatchObject({ status: 'new', assignee: null, resolution: null, notes: before!.notes, participants: before!.participants });
    // A refusal goes to the sender alone.
    expect(await mailWithSubject(h, SUMMER, s(TAILS.refused))).toEqual([]);
    expect(await mailWithSubject(h, BOB, s(TAILS.refused))).toHaveLength(1);
  });

  it('lets summer take it with "#assign me"; alice and bob get "has been assigned"', async () => {
    await h.reply(SUMMER, last[SUMMER]!, '#assign me');
    const ticket = await h.waitForTicket(REF, (t) => t.status === 'assigned');
    expect(ticket.assignee).toBe(SUMMER);
    last[ALICE] = await waitForNth(h, ALICE, s(TAILS.assigned));
    last[BOB] = await waitForNth(h, BOB, s(TAILS.assigned));
    expect(words(last[ALICE]!)).toContain(`issue Utah_RW-1 has been assigned to ${SUMMER}.`);
    // What summer's command did is hers to hear, not a "done as you asked" to alice.
    expect(words(last[ALICE]!)).not.toContain('as you asked');
  });

  it('sends summer\'s question to alice as "New Note", and alice\'s answer to summer', async () => {
    await h.reply(SUMMER, last[SUMMER]!, 'Which program year do the missing dates belong to?');
    last[ALICE] = await waitForNth(h, ALICE, s(TAILS.newNote));
    expect(words(last[ALICE]!)).toContain('Which program year do the missing dates belong to?');
    last[BOB] = await waitForNth(h, BOB, s(TAILS.newNote));

    await h.reply(ALICE, last[ALICE], 'The 2021 program year; 2020 looks fine.');
    last[SUMMER] = await waitForNth(h, SUMMER, s(TAILS.newNote));
    expect(words(last[SUMMER]!)).toContain('The 2021 program year; 2020 looks fine.');
    // The reply holds only what alice typed, not the quoted status mail.
    const ticket = await h.waitForTicket(REF, (t) => t.notes.filter((n) => n.kind === 'note').length === 2);
    expect(ticket.notes.filter((n) => n.kind === 'note').map((n) => [n.author, n.body])).toEqual([
      [SUMMER, 'Which program year do the missing dates belong to?'],
      [ALICE, 'The 2021 program year; 2020 looks fine.'],
    ]);
    expect(ticket.status).toBe('assigned');
  });

  it('stops mailing bob once he replies "#stop"', async () => {
    await waitForNth(h, BOB, s(TAILS.newNote), 2);
    await h.reply(BOB, last[BOB]!, '#stop');
    const ticket = await h.waitForTicket(REF, (t) => t.participants.some((p) => p.email === BOB && !p.notify));
    expect(ticket.status).toBe('assigned');
    // #stop is not a note.
    expect(ticket.notes.filter((n) => n.kind === 'note')).toHaveLength(2);
  });

  it('sends alice "has been fixed" with mailto links that start a #verified or #notfixed reply', async () => {
    await h.reply(SUMMER, last[SUMMER]!, '#fixed\nThe recertification dates were re-imported. Please reload the Enrollment List.');
    const ticket = await h.waitForTicket(REF, (t) => t.status === 'fixed_verify_needed');
    expect(ticket.resolution).toBeNull();
    last[ALICE] = await waitForNth(h, ALICE, s(TAILS.fixed));
    const fixed = last[ALICE];
    expect(words(fixed)).toContain('The recertification dates were re-imported.');
    const replyAddress = fixed.replyTo[0]!.address;
    const mailtos = [...fixed.text.matchAll(/<mailto:([^?>]+)\?([^>]+)>/g)].map((m) => ({ to: m[1], query: new URLSearchParams(m[2]) }));
    const bodies = mailtos.filter((m) => m.to === replyAddress).map((m) => m.query.get('body') ?? '');
    expect(bodies.some((b) => b.startsWith('#verified'))).toBe(true);
    expect(bodies.some((b) => b.startsWith('#notfixed'))).toBe(true);
    expect(mailtos.every((m) => m.query.get('subject') === `Re: ${s(TAILS.fixed)}`)).toBe(true);
    expect(fixed.html).toContain(`mailto:${replyAddress}?`);
  });

  it('sends the ticket back to summer as "is not fixed" when alice says what is still wrong', async () => {
    await h.reply(ALICE, last[ALICE]!, '#notfixed\nThe 2021 dates are still blank after reloading.');
    const ticket = await h.waitForTicket(REF, (t) => t.status === 'assigned');
    expect(ticket.assignee).toBe(SUMMER);
    expect(ticket.resolution).toBeNull();
    last[SUMMER] = await waitForNth(h, SUMMER, s(TAILS.notFixed));
    expect(words(last[SUMMER]!)).toContain('The 2021 dates are still blank after reloading.');
    // Summer works the ticket: she is asked to work on it again, with the buttons to do it.
    expect(words(last[SUMMER]!)).toContain('work on the ticket again');
    expect(last[SUMMER]!.html).toContain('Mark as fixed');
    expect(ticket.notes.at(-1)).toMatchObject({ author: ALICE, body: 'The 2021 dates are still blank after reloading.', internal: false });
  });

  it('closes the ticket as verified after the second fix, and bob heard nothing since #stop', async () => {
    await h.reply(SUMMER, last[SUMMER]!, '#fixed\nThe 2021 import had a second batch; it is loaded now.');
    await h.waitForTicket(REF, (t) => t.status === 'fixed_verify_needed');
    last[ALICE] = await waitForNth(h, ALICE, s(TAILS.fixed), 2);
    expect(words(last[ALICE]!)).toContain('it is loaded now');

    await h.reply(ALICE, last[ALICE], '#verified');
    const ticket = await h.waitForTicket(REF, (t) => t.status === 'closed');
    expect(ticket.resolution).toBe('verified');
    expect(ticket.closedAt).not.toBeNull();
    const verified = await waitForNth(h, SUMMER, s(TAILS.verified));
    expect(words(verified)).toContain('Utah_RW-1 has been verified');

    await waitForOutboxDrained(h);
    // Bob's last mail was the second New Note; after #stop nothing more was even planned for him.
    expect((await outboundTo(h, BOB)).map((o) => o.template)).toEqual(['submitted', 'command_refused', 'assigned', 'new_note', 'new_note']);
    // (Bob's mailbox also holds alice's request itself, since she copied him.)
    expect((await h.mailbox(BOB)).map((m) => m.subject).filter((x) => x.startsWith('[ClientTrack'))).toEqual([s(TAILS.submitted), s(TAILS.refused), s(TAILS.assigned), s(TAILS.newNote), s(TAILS.newNote)]);
    // Alice heard of every step but her own, once each, of her refused #verified, and (as the
    // guide's section 4.F shows) gets "has been verified" for her own verification.
    expect((await h.mailbox(ALICE)).map((m) => m.subject)).toEqual([
      s(TAILS.submitted), s(TAILS.refused), s(TAILS.assigned), s(TAILS.newNote), s(TAILS.fixed), s(TAILS.fixed), s(TAILS.verified),
    ]);
    expect(await mailWithSubject(h, SUMMER, s(TAILS.verified))).toHaveLength(1);
    // Every status mail threads under the ticket.
    for (const m of await h.mailbox(ALICE)) expect(m.references).toContain('ticket-Utah_RW-1@deskmail.example.test');
  });
});
