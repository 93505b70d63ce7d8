// "Show the request as it was mailed" is for everyone on the ticket: the admins, the support team
// once it is escalated, the people the requester added. A late reply that opens a follow-up
// quotes the status mail it answers, and that mail carried the requester's personal sign-in link
// and her signed reply address: the page shows the quote without them (the ticket's plain link
// and the help desk's own address in their place). Her link itself still signs her in, and only
// her.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { upsertPerson } from '../../src/adapters/db/people.ts';
import { startWebHarness, type WebHarness } from '../support/web.ts';
import { mainOf, signInFormOf } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const SUPPORT = 'vendor-team@support.example';

describe('the request as mailed, quoting a status mail', () => {
  let h: WebHarness;

  beforeAll(async () => {
    h = await startWebHarness({ users: [ALICE, SUMMER, SUPPORT], env: { ADMIN_EMAILS: SUMMER, SUPPORT_ADDRESS: SUPPORT } });
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  /** Alice's request by mail, its "has been submitted" mail to her, and the ticket closed 20 days ago. */
  async function closedRequest(subject: string): Promise<{ id: number; ref: string; submitted: ParsedMessage; token: string; replyAddress: string }> {
    await h.send(ALICE, { subject, text: 'The page says error 500 when I press Add.' });
    const submitted = await h.waitForMail(ALICE, (m) => m.subject.endsWith('has been submitted') && m.text.includes(subject), 30_000);
    const ref = /Issue (\S+) has been submitted/.exec(submitted.subject)![1]!;
    await h.settle();
    const [row] = await h.service.database.sql<{ id: number }[]>`
      update tickets set status = 'closed', resolution = 'verified', closed_at = now() - interval '20 days' where ref = ${ref} returning id`;
    // What the mail gives her and nobody else: her own sign-in link and reply address.
    const token = /\/tickets\/[^\s?>]+\?k=([A-Za-z0-9_-]{44})/.exec(submitted.text)?.[1];
    const replyAddress = submitted.replyTo[0]!.address;
    expect(token).toBeDefined();
    expect(replyAddress).toMatch(/^helpdesk\+\d+-\d+-[a-z2-7]{16}@/);
    return { id: row!.id, ref, submitted, token: token!, replyAddress };
  }

  /** The follow-up her late reply opened, escalated to the support team. */
  async function escalatedFollowUp(previousId: number): Promise<string> {
    let followUp: { id: number; ref: string } | undefined;
    for (let i = 0; i < 150 && !followUp; i++) {
      [followUp] = await h.service.database.sql<{ id: number; ref: string }[]>`select id, ref from tickets where previous_ticket_id = ${previousId}`;
      if (!followUp) await new Promise((r) => setTimeout(r, 100));
    }
    expect(followUp).toBeDefined();
    await h.settle();
    const team = await upsertPerson(h.service.database.db, SUPPORT);
    await h.service.database.sql`insert into participants (ticket_id, person_id, role) values (${followUp!.id}, ${team.id}, 'support')`;
    return followUp!.ref;
  }

  async function originalAs(email: string, ref: string): Promise<string> {
    const res = await h.app.inject({ method: 'GET', url: `/tickets/${ref}/original`, headers: { cookie: await h.sessionCookie(email) } });
    expect(res.statusCode).toBe(200);
    return mainOf(res.body);
  }

  it('shows a late plain-text reply to the support team and the admins without her link or reply address', async () => {
    const old = await closedRequest('Cannot add client AAAA111111 to my caseload');
    await h.reply(ALICE, old.submitted, 'This is still broken for AAAA111111, please look again.');
    const followUp = await escalatedFollowUp(old.id);
    // The stored request does quote them.
    const [stored] = await h.service.database.sql<{ raw: Buffer }[]>`
      select i.raw from tickets t join inbound_messages i on i.ticket_id = t.id where t.ref = ${followUp} order by i.id limit 1`;
    expect(stored!.raw.toString('latin1').replace(/=\r?\n/g, '')).toContain(old.replyAddress);

    for (const viewer of [SUPPORT, SUMMER]) {
      const page = await originalAs(viewer, followUp);
      expect(page, viewer).toContain('This is still broken for AAAA111111');
      expect(page, viewer).not.toContain(old.token);
      expect(page, viewer).not.toContain(old.replyAddress);
      expect(page, viewer).not.toMatch(/helpdesk\+\d/);
      expect(page, viewer).toContain(`http://localhost:3000/tickets/${old.ref}&gt;`);
      expect(page, viewer).toContain('helpdesk@example.test');
    }
  }, 90_000);

  it('shows a late HTML reply without her link or reply address, in its links or its text', async () => {
    const old = await closedRequest('Exit date will not save for BBBB222222');
    const replyTo = old.submitted.replyTo[0]!.address;
    expect(old.submitted.html).toContain(old.token);
    await h.send(ALICE, {
      to: replyTo, subject: `Re: ${old.submitted.subject}`,
      text: 'Still not saving.',
      html: `<p>Still not saving.</p><p>My link: ${old.submitted.text.match(/http:\/\/localhost:3000\/tickets\/\S+\?k=[A-Za-z0-9_-]{44}/)![0]}</p><blockquote>${old.submitted.html}</blockquote>`,
      inReplyTo: `<${old.submitted.messageId}>`, references: [`<${old.submitted.messageId}>`],
    });
    const followUp = await escalatedFollowUp(old.id);
    const page = await originalAs(SUPPORT, followUp);
    expect(page).toContain('Still not saving.');
    expect(page).toContain(`href="http://localhost:3000/tickets/${old.ref}"`);
    expect(page).not.toContain(old.token);
    expect(page).not.toMatch(/helpdesk(\+|%2B)\d/i);
  }, 90_000);

  it('still signs her in by her own link, as herself', async () => {
    const old = await closedRequest('Report totals wrong for CCCC333333');
    const asked = await h.app.inject({ method: 'GET', url: `/tickets/${old.ref}?k=${old.token}` });
    const form = signInFormOf(asked.body)!;
    expect(form).not.toBeNull();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(asked.body)![1]!;
    const cookie = (asked.headers['set-cookie'] as string | string[] | undefined);
    const jar = (Array.isArray(cookie) ? cookie : [cookie ?? '']).map((c) => c.split(';')[0]).join('; ');
    const confirmed = await h.app.inject({
      method: 'POST', url: form.action, headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...form.fields, _csrf: csrf.replace(/&amp;/g, '&') }).toString(),
    });
    expect(confirmed.statusCode).toBe(303);
    const session = ([confirmed.headers['set-cookie']].flat().find((c) => c?.startsWith('deskmail_session=')) ?? '').split(';')[0]!;
    const mine = await h.app.inject({ method: 'GET', url: '/my', headers: { cookie: session } });
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(ALICE);
    expect(mine.body).toContain(old.ref);
  }, 90_000);
});
