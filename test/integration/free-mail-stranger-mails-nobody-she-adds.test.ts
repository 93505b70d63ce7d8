// A stranger at a free-mail domain cannot use the help desk to mail her advert to others there:
// she mails a request (so becomes its submitter), then replies through her own signed address with
// `#cc` and five gmail.com addresses, and again with five more in her reply's Cc header. They join,
// but a shared domain like gmail.com makes nobody her colleague: none is vouched for, and none
// hears her note; they hear what staff write (README, "Security").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained } from '../support/status-mail.ts';

const STRANGER = 'stranger@gmail.com';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const BY_CC = Array.from({ length: 5 }, (_, i) => `victim${i}@gmail.com`);
const BY_HEADER = Array.from({ length: 5 }, (_, i) => `victim${i + 5}@gmail.com`);
const ADVERT = 'Cheap watches at http://spam.example.test/buy';
const s = (tail: string) => subjectOf(1, tail);

describe('a stranger at gmail.com adding other gmail.com people with her advert', () => {
  let h: Harness;
  let submitted: ParsedMessage;
  const toVictims = async () => h.service.database.sql<{ recipient: string; template: string }[]>`
    select recipient, template from outbound_messages where recipient like 'victim%' order by id`;

  beforeAll(async () => {
    h = await startHarness({ users: [STRANGER, SUMMER, BY_CC[0]!], env: { ADMIN_EMAILS: SUMMER } });
    await h.send(STRANGER, { subject: 'Cannot log in to the reports page', text: 'When I open the Reports page I get an error since Monday.' });
    submitted = await waitForNth(h, STRANGER, s(TAILS.submitted));
    await waitForOutboxDrained(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('adds those she names after #cc unvouched, and mails none of them her note', async () => {
    await h.reply(STRANGER, submitted, `#cc ${BY_CC.join(', ')}\n\n${ADVERT}`);
    await h.waitForTicket(REF, (t) => t.notes.length > 0);
    await waitForOutboxDrained(h);
    const vouched = await h.service.database.sql<{ email: string; vouched: boolean }[]>`
      select p.email, pt.vouched from participants pt join people p on p.id = pt.person_id where p.email like 'victim%' order by p.email`;
    expect(vouched).toEqual(BY_CC.map((email) => ({ email, vouched: false })));
    expect(await toVictims()).toEqual([]);
    await h.settle();
    expect((await h.mailbox(BY_CC[0]!)).map((m) => m.subject)).toEqual([]);
  });

  it('adds those in her reply\'s Cc header unvouched too, and mails none of them', async () => {
    await h.reply(STRANGER, submitted, `Also: ${ADVERT}`, { cc: BY_HEADER });
    await h.waitForTicket(REF, (t) => t.notes.length > 1);
    await waitForOutboxDrained(h);
    const joined = (await h.ticket(REF))!.participants.map((p) => p.email).filter((e) => e.startsWith('victim'));
    expect(joined.sort()).toEqual([...BY_CC, ...BY_HEADER].sort());
    expect(await toVictims()).toEqual([]);
  });

  it('lets those added hear what staff write', async () => {
    const adminMail = await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin));
    await h.reply(SUMMER, adminMail, 'We are looking at the Reports page error.');
    await h.waitForTicket(REF, (t) => t.notes.length > 2);
    await waitForOutboxDrained(h);
    const rows = await toVictims();
    expect(rows.map((r) => r.recipient).sort()).toEqual([...BY_CC, ...BY_HEADER].sort());
    expect(rows.every((r) => r.template === 'new_note')).toBe(true);
    const heard = await waitForNth(h, BY_CC[0]!, s(TAILS.newNote));
    expect(heard.text).toContain('We are looking at the Reports page error.');
    expect(heard.text).not.toContain(ADVERT);
  });
});
