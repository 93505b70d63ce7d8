// A request intake routes to MACCH or NMIS while that organisation's address is not set (the
// default), on real servers: nothing can be forwarded, so the request is not closed away but stays
// open for the admins, whose new-ticket mail says whose it is by the escalation workflow and that
// it must be passed on by hand; the requester gets the ordinary "has been submitted". An admin's
// `#route nmis` without an address closes the ticket as routed and tells the requester to contact
// NMIS, as the admin is told: nobody reads "has been forwarded" where nothing was forwarded.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const BOB = 'bob@example.test';
const DANA = 'dana@example.test';
const SUMMER = 'summer@example.test';
const RAJ = 'raj@example.test';

describe('a request routed to an organisation with no address set', () => {
  // MACCH_ADDRESS and NMIS_ADDRESS are left at their default: empty.
  const h = useHarness({ users: [BOB, DANA, SUMMER, RAJ], env: { ADMIN_EMAILS: `${SUMMER},${RAJ}` } });

  it('stays open for the admins, who are told it belongs to MACCH and must be passed on by hand, and the requester hears it was submitted', async () => {
    const question = 'When is the deadline for the CoC NOFA project application this year, and where do we send our letter of intent?';
    await h.send(`Bob Builder <${BOB}>`, { subject: 'NOFA question', text: `Hello,\n\n${question}\n\nThanks,\nBob` });
    const adminMails = await Promise.all([SUMMER, RAJ].map((admin) => waitForNth(h, admin, subjectOf(1, TAILS.newTicketAdmin))));
    for (const mail of adminMails) {
      const text = words(mail);
      expect(text).toContain(question);
      expect(text).toMatch(/belongs with MACCH/);
      expect(text).toContain('MACCH_ADDRESS');
      expect(text).toMatch(/by hand/);
    }
    const told = await waitForNth(h, BOB, subjectOf(1, TAILS.submitted));
    expect(words(told)).not.toMatch(/forwarded/i);
    const ticket = await h.waitForTicket('Utah_RW-1', () => true);
    expect(ticket).toMatchObject({ status: 'new', resolution: null, route: 'macch', closedAt: null });
    await waitForOutboxDrained(h);
    expect((await h.mailbox(BOB)).map((m) => m.subject)).toEqual([subjectOf(1, TAILS.submitted)]);
    const events = await h.service.database.sql<{ event: string }[]>`select event from outbox order by id`;
    expect(events.map((e) => e.event)).toEqual(['submitted', 'new_ticket_admin']);
  });

  it('closes an open ticket an admin routes to NMIS as routed, and tells the requester to contact NMIS, not that it was forwarded', async () => {
    await h.send(`Dana Data <${DANA}>`, { subject: 'Exit date will not save', text: 'Hi,\n\nWhen I open the Exit page and click Save, nothing is saved. It started on Monday.\n\nThanks,\nDana' });
    const adminMail = await waitForNth(h, SUMMER, subjectOf(2, TAILS.newTicketAdmin));
    await h.reply(SUMMER, adminMail, '#route nmis\nThis belongs with NMIS; write to them directly.');
    const ticket = await h.waitForTicket('Utah_RW-2', (t) => t.status === 'closed');
    expect(ticket).toMatchObject({ resolution: 'routed', route: 'nmis' });
    const told = await h.waitForMail(DANA, (m) => m.subject.startsWith(subjectOf(2, '')) && m.subject !== subjectOf(2, TAILS.submitted));
    expect(told.subject).toBe(subjectOf(2, 'belongs with NMIS'));
    const text = words(told);
    expect(text).not.toMatch(/forwarded/i);
    expect(text).toMatch(/contact NMIS/);
    expect(text).toContain('This belongs with NMIS; write to them directly.');
    await waitForOutboxDrained(h);
    const forwards = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from outbox where event = 'forwarded'`;
    expect(forwards[0]!.n).toBe(0);
  });
});
