// Who may reach which list: a person who is not staff cannot open the admin queue or its held-mail
// page, and posting its forms directly (with a valid CSRF token of their own session) changes
// nothing; one person never sees another's tickets in My Submitted Issues, by filter or search;
// a signed-out visitor is sent to sign in before the request form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../support/web.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';

describe('web lists: access control', () => {
  let h: WebHarness;
  let aliceRef: string;
  let bobRef: string;

  beforeAll(async () => {
    h = await startWebHarness({ users: [ALICE, BOB, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
    await h.send(ALICE, { subject: 'Alice: caseload shows the wrong clinic AAAA111111', text: 'The caseload lists the wrong clinic for my client.' });
    await h.send(BOB, { subject: 'Bob: report export is empty BBBB222222', text: 'The monthly export has no rows.' });
    let rows: { ref: string; email: string }[] = [];
    for (let i = 0; i < 150 && rows.length < 2; i++) {
      rows = await h.service.database.sql`select t.ref, p.email from tickets t join people p on p.id = t.submitter_id`;
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.settle();
    aliceRef = rows.find((r) => r.email === ALICE)!.ref as string;
    bobRef = rows.find((r) => r.email === BOB)!.ref as string;
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('refuses the admin pages to a person who is not staff, and lets an admin in', async () => {
    const bob = await h.sessionCookie(BOB);
    for (const url of ['/admin', '/admin?status=new', '/admin/mail', '/admin/mail/1']) {
      const res = await h.app.inject({ method: 'GET', url, headers: { cookie: bob } });
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain(`data-ref="${aliceRef}"`);
    }
    const summer = await h.sessionCookie(SUMMER);
    const ok = await h.app.inject({ method: 'GET', url: '/admin', headers: { cookie: summer } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain(`data-ref="${aliceRef}"`);
    // Status mail the limits held back is listed with its reason, beside held inbound mail.
    await h.service.database.sql`insert into outbound_messages (ticket_id, recipient, template, message_id, status, reason)
      values ((select id from tickets where ref = ${aliceRef}), 'robot@example.test', 'new_note', ${`held-${aliceRef}@test`}, 'suppressed', 'held by limit: mail loop: the same text came from this address 3 times within an hour')`;
    const mail = await h.app.inject({ method: 'GET', url: '/admin/mail', headers: { cookie: summer } });
    expect(mail.statusCode).toBe(200);
    expect(mail.body).toContain('id="held-by-limits"');
    expect(mail.body).toContain('held by limit: mail loop: the same text came from this address 3 times within an hour');
    expect(ok.body).toContain(`data-ref="${bobRef}"`);
  });

  it('sends a signed-out visitor to sign in before the admin queue, My Submitted Issues or the request form', async () => {
    for (const url of ['/admin', '/my', '/new']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    }
  });

  it('changes nothing when a person who is not staff posts the admin forms directly', async () => {
    const { token, cookie } = await h.csrfToken(await h.sessionCookie(BOB));
    const sql = h.service.database.sql;
    const assign = await h.app.inject({ method: 'POST', url: '/admin/assign', headers: { cookie }, payload: { _csrf: token, ref: aliceRef, assignee: BOB } });
    expect(assign.statusCode).toBe(403);
    const [t] = await sql`select assignee_id from tickets where ref = ${aliceRef}`;
    expect(t!.assignee_id).toBeNull();

    const [held] = await sql`insert into inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, status, outcome, reason)
      values ('INBOX', 1, 999999, ${Buffer.from('not mail')}, 'x', 8, 'quarantined', 'quarantined:NO_HEADERS', 'no headers') returning id`;
    for (const action of ['retry', 'drop']) {
      const res = await h.app.inject({ method: 'POST', url: `/admin/mail/${held!.id}/${action}`, headers: { cookie }, payload: { _csrf: token } });
      expect(res.statusCode, action).toBe(403);
    }
    const [still] = await sql`select status from inbound_messages where id = ${held!.id}`;
    expect(still!.status).toBe('quarantined');

    await sql`update people set undeliverable_at = now(), undeliverable_reason = '550 no such user' where email = ${ALICE}`;
    const deliverable = await h.app.inject({ method: 'POST', url: '/admin/people/deliverable', headers: { cookie }, payload: { _csrf: token, email: ALICE } });
    expect(deliverable.statusCode).toBe(403);
    const [alice] = await sql`select undeliverable_at from people where email = ${ALICE}`;
    expect(alice!.undeliverable_at).not.toBeNull();

    // The same forms work for an admin, through the same steps as the CLI.
    const admin = await h.csrfToken(await h.sessionCookie(SUMMER), '/admin');
    const drop = await h.app.inject({ method: 'POST', url: `/admin/mail/${held!.id}/drop`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.token } });
    expect(drop.statusCode).toBe(303);
    const [dropped] = await sql`select status, reason from inbound_messages where id = ${held!.id}`;
    expect(dropped).toMatchObject({ status: 'dropped', reason: `dropped by ${SUMMER}` });
    const back = await h.app.inject({ method: 'POST', url: '/admin/people/deliverable', headers: { cookie: admin.cookie }, payload: { _csrf: admin.token, email: ALICE } });
    expect(back.statusCode).toBe(303);
    const [again] = await sql`select undeliverable_at from people where email = ${ALICE}`;
    expect(again!.undeliverable_at).toBeNull();
    // A mistyped address names nobody: nobody is created, and the page says so.
    const typo = await h.app.inject({ method: 'POST', url: '/admin/people/deliverable', headers: { cookie: admin.cookie }, payload: { _csrf: admin.token, email: 'alcie@example.test' } });
    expect(typo.statusCode).toBe(303);
    expect(await sql`select 1 from people where email = 'alcie@example.test'`).toHaveLength(0);
  });

  it('refuses an admin form posted without the CSRF token', async () => {
    const summer = await h.sessionCookie(SUMMER);
    const res = await h.app.inject({ method: 'POST', url: '/admin/assign', headers: { cookie: summer }, payload: { ref: bobRef, assignee: SUMMER } });
    expect(res.statusCode).toBe(403);
    const [t] = await h.service.database.sql`select assignee_id from tickets where ref = ${bobRef}`;
    expect(t!.assignee_id).toBeNull();
  });

  it('never shows one person the tickets of another in My Submitted Issues, whatever the filter or search', async () => {
    const bob = await h.sessionCookie(BOB);
    const queries = ['', '?status=new&status=waiting_for_response&status=assigned&status=closed&status=fixed_verify_needed', `?q=${encodeURIComponent(aliceRef)}`, '?q=caseload', '?q=AAAA111111', '?q=alice%40example.test'];
    for (const q of queries) {
      const res = await h.app.inject({ method: 'GET', url: `/my${q}`, headers: { cookie: bob } });
      expect(res.statusCode).toBe(200);
      expect(res.body, q).not.toContain(`data-ref="${aliceRef}"`);
      expect(res.body, q).not.toContain('wrong clinic');
    }
    const own = await h.app.inject({ method: 'GET', url: '/my?q=BBBB222222', headers: { cookie: bob } });
    expect(own.body).toContain(`data-ref="${bobRef}"`);
    // Even an admin's own list holds only their own tickets; the queue is where they see everyone's.
    const summer = await h.app.inject({ method: 'GET', url: '/my', headers: { cookie: await h.sessionCookie(SUMMER) } });
    expect(summer.body).not.toContain(`data-ref="${aliceRef}"`);
    expect(summer.body).not.toContain(`data-ref="${bobRef}"`);
  });
});
