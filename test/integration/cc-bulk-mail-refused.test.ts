// A stranger cannot use #cc as a bulk mailer: they mail a request (so become its submitter), then
// reply through their own signed address with #cc and two thousand addresses plus an advert. At
// most 5 people join, and none of them hears the stranger's note; they hear what staff write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const STRANGER = 'stranger@spam.example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const VICTIMS = Array.from({ length: 2000 }, (_, i) => `victim${i}@elsewhere.example.test`);
const ADVERT = 'Cheap watches at http://spam.example.test/buy';
const s = (tail: string) => subjectOf(1, tail);

describe('#cc with two thousand addresses from a stranger', () => {
  let h: Harness;
  let submitted: ParsedMessage;

  beforeAll(async () => {
    h = await startHarness({ users: [STRANGER, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
    await h.send(STRANGER, { subject: 'Cannot log in to the reports page', text: 'When I open the Reports page I get an error since Monday.' });
    submitted = await waitForNth(h, STRANGER, s(TAILS.submitted));
    await waitForOutboxDrained(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('adds at most 5, and none of them is sent the advert', async () => {
    await h.reply(STRANGER, submitted, `#cc ${VICTIMS.join(', ')}\n\n${ADVERT}`);
    await h.waitForTicket(REF, (t) => t.notes.length > 0);
    await waitForOutboxDrained(h);
    const ticket = (await h.ticket(REF))!;
    const joined = ticket.participants.map((p) => p.email).filter((e) => e.startsWith('victim'));
    expect(joined.length).toBeGreaterThan(0);
    expect(joined.length).toBeLessThanOrEqual(5);
    const toVictims = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from outbound_messages where recipient like 'victim%'`;
    expect(toVictims[0]!.n).toBe(0);
    // The stranger is told why the rest were not added.
    const refusal = await waitForNth(h, STRANGER, s(TAILS.refused));
    expect(refusal.text.replace(/\s+/g, ' ')).toContain('one reply can add at most 5 people');
  });

  it('lets those added hear what staff write', async () => {
    const adminMail = await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin));
    await h.reply(SUMMER, adminMail, 'We are looking at the Reports page error.');
    await h.waitForTicket(REF, (t) => t.notes.length > 1);
    await waitForOutboxDrained(h);
    const rows = await h.service.database.sql<{ recipient: string; template: string }[]>`select recipient, template from outbound_messages where recipient like 'victim%'`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.template === 'new_note')).toBe(true);
  });
});
