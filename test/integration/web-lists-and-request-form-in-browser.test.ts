// In real headless Chromium on the real stack: My Submitted Issues filtered by each status shows
// exactly the right rows; an admin signs in by a mailed sign-in link and assigns a ticket from
// the queue, and the submitter's mailbox gets "has been assigned"; a request submitted by the
// web form (a file added, another added and removed, an additional person) becomes a ticket
// with intake applied and both people get their mail. Every page passes axe (no serious or
// critical violation) and is saved as a screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot, seriousA11yViolations } from '../support/browser.ts';
import { startWebHarness, type WebHarness } from '../support/web.ts';
import { STATUS_FILTER } from '../../src/web/ticket-list-view.ts';
import type { TicketStatus } from '../../src/tickets/types.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test';

describe('web lists and the request form in a browser', () => {
  let h: WebHarness;
  let browser: Browser;

  beforeAll(async () => {
    h = await startWebHarness({ users: [ALICE, BOB, CAROL, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  async function checkPage(page: Page, name: string): Promise<void> {
    expect(await seriousA11yViolations(page), `axe on ${name}`).toEqual([]);
    await saveScreenshot(page, name);
  }

  /** Files a request by mail and returns its ref once the ticket exists. */
  async function mailRequest(from: string, subject: string, cc: string[] = []): Promise<string> {
    await h.send(from, { subject, text: `Please help with this: ${subject}. The client is waiting.`, cc });
    const sql = h.service.database.sql;
    for (let i = 0; i < 150; i++) {
      const [row] = await sql`select ref from tickets where original_subject = ${subject}`;
      if (row) return row.ref as string;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ticket for ${subject}`);
  }

  it('My Submitted Issues filtered by each status shows exactly the right rows', async () => {
    const sql = h.service.database.sql;
    // Alice's own requests in each status, one she follows (Cc'd), and one of Bob's she must never see.
    const statuses: TicketStatus[] = ['new', 'assigned', 'waiting_for_response', 'fixed_verify_needed', 'closed', 'assigned'];
    const mine: { ref: string; status: TicketStatus }[] = [];
    for (const [i, status] of statuses.entries()) {
      const ref = await mailRequest(ALICE, `Caseload page shows an error number ${i}`);
      mine.push({ ref, status });
    }
    const followed = await mailRequest(CAROL, 'Enrollment dates missing for my clinic', [ALICE]);
    mine.push({ ref: followed, status: 'fixed_verify_needed' });
    const bobs = await mailRequest(BOB, 'Bob cannot open the application list');
    await h.settle();
    for (const t of mine) await sql`update tickets set status = ${t.status} where ref = ${t.ref}`;
    await sql`update tickets set status = 'assigned' where ref = ${bobs}`;

    const page = await browser.newPage();
    await h.signIn(page, ALICE);
    await page.goto(`${h.url}/my`);
    const shown = async () => page.locator('#issues tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')));
    expect((await shown()).sort()).toEqual(mine.map((t) => t.ref).sort());
    await checkPage(page, 'my-submitted-issues');

    for (const { value, label } of STATUS_FILTER) {
      await page.goto(`${h.url}/my`);
      await page.getByRole('checkbox', { name: new RegExp(`^${label.replace(/[-]/g, '\\-')} \\(`) }).check();
      await page.getByRole('button', { name: 'Show issues' }).click();
      const expected = mine.filter((t) => t.status === value).map((t) => t.ref).sort();
      expect((await shown()).sort(), `filter ${label}`).toEqual(expected);
    }
    // Two statuses at once, and a search by a word of the summary.
    await page.goto(`${h.url}/my?status=new&status=closed`);
    expect((await shown()).sort()).toEqual(mine.filter((t) => t.status === 'new' || t.status === 'closed').map((t) => t.ref).sort());
    await page.goto(`${h.url}/my?q=enrollment`);
    expect(await shown()).toEqual([followed]);
    await page.goto(`${h.url}/my?q=${encodeURIComponent(bobs)}`);
    expect(await page.locator('#issues tbody tr').count()).toBe(0);
    await page.close();
  }, 120_000);

  it('an admin signs in by a mailed sign-in link, assigns a ticket from the queue, and the submitter hears of it', async () => {
    const ref = await mailRequest(ALICE, 'Cannot print the eligibility letter');
    await h.settle();
    const [before] = await h.service.database.sql`select status from tickets where ref = ${ref}`;
    const page = await browser.newPage();
    await page.goto(`${h.url}/sign-in`);
    await page.getByLabel('Email address').fill(SUMMER);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    const mail = await h.waitForMail(SUMMER, (m) => m.subject.includes('Your sign-in link'));
    const link = /https?:\/\/\S+\/sign-in\/[A-Za-z0-9_-]+(\?\S*)?/.exec(mail.text)?.[0];
    expect(link).toBeTruthy();
    await page.goto(`${h.url}${new URL(link!).pathname}${new URL(link!).search}`);
    // The link asks first; its button signs her in.
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in as s***@example.test?');
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await page.goto(`${h.url}/admin`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Admin queue');
    await checkPage(page, 'admin-queue');
    const row = page.locator(`#queue tr[data-ref="${ref}"]`);
    await row.locator('select').selectOption(SUMMER);
    await row.getByRole('button', { name: `Assign ${ref}` }).click();
    await expect(page.locator('.flash').textContent()).resolves.toContain(`Issue ${ref} has been assigned`);
    const assigned = await h.waitForMail(ALICE, (m) => m.subject.includes(`Issue ${ref} has been assigned`));
    expect(assigned.text).toContain('has been assigned to');
    const [t] = await h.service.database.sql`select t.status, p.email from tickets t join people p on p.id = t.assignee_id where t.ref = ${ref}`;
    // The transition table: a new ticket becomes Assigned; one waiting for the submitter keeps waiting.
    expect(t).toMatchObject({ status: before!.status === 'new' ? 'assigned' : before!.status, email: SUMMER });

    await page.goto(`${h.url}/admin?urgent=1&status=new`);
    await checkPage(page, 'admin-queue-filtered');
    // Held mail and undeliverable addresses: shown, and dealt with from the page.
    const sql = h.service.database.sql;
    const [held] = await sql`insert into inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, status, outcome, reason)
      values ('INBOX', 1, 999999, ${Buffer.from('Subject: half a message\r\n')}, 'x', 25, 'quarantined', 'quarantined:NO_SENDER', 'no sender') returning id`;
    await sql`update people set undeliverable_at = now(), undeliverable_reason = '550 5.1.1 no such user' where email = ${CAROL}`;
    await page.goto(`${h.url}/admin/mail`);
    await checkPage(page, 'admin-held-mail');
    await page.getByRole('link', { name: `#${held!.id}` }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe(`Stored message #${held!.id}`);
    await checkPage(page, 'admin-held-message');
    await page.getByRole('button', { name: 'Drop' }).click();
    await expect(page.locator('.flash').textContent()).resolves.toContain(`Message #${held!.id} is dropped`);
    await page.locator('#undeliverable-people tr', { hasText: CAROL }).getByRole('button', { name: /^Mark deliverable again/ }).click();
    await expect(page.locator('.flash').textContent()).resolves.toContain(`${CAROL} gets status mail again`);
    const [carol] = await sql`select undeliverable_at from people where email = ${CAROL}`;
    expect(carol!.undeliverable_at).toBeNull();
    await page.close();
  }, 120_000);

  it('a request submitted by the web form becomes a ticket with intake applied, and both people get their mail', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.url}/new`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await h.signIn(page, ALICE);
    await page.goto(`${h.url}/new`);
    await checkPage(page, 'new-request');
    await page.getByLabel('Ask a Question').check();
    await page.getByLabel('Enter a summary of your issue *').fill("Can't add client to caseload AAAA111111");
    await page.getByLabel('Please describe the issue').fill('When I add the client to my caseload the page says "not allowed". I expected the client to appear in my list.');
    await page.getByLabel('Name *').fill('Alice Doe');
    await page.getByLabel('Phone Number *').fill('801-555-0101');
    await page.getByLabel('Attach a screenshot or file').setInputFiles([
      { name: 'caseload-error.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
      { name: 'wrong-file.txt', mimeType: 'text/plain', buffer: Buffer.from('not meant to be sent') },
    ]);
    await page.getByRole('button', { name: 'Update (add or remove files)' }).click();
    await expect(page.locator('.draft-files li').count()).resolves.toBe(2);
    await page.getByLabel('Remove wrong-file.txt').check();
    await page.locator('#person-0-name').fill('Bob Roe');
    await page.locator('#person-0-email').fill(BOB);
    await page.locator('#person-0-phone').fill('801-555-0102');
    await page.getByRole('button', { name: 'Update (add or remove files)' }).click();
    await expect(page.locator('.draft-files li').allTextContents()).resolves.toEqual([expect.stringContaining('caseload-error.png')]);
    await checkPage(page, 'new-request-draft');
    await page.getByRole('button', { name: 'Submit request' }).click();

    expect(new URL(page.url()).pathname).toMatch(/^\/tickets\//);
    const ref = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    await expect(page.locator('.flash').textContent()).resolves.toContain(`given the ID ${ref}`);
    const view = (await h.ticket(ref))!;
    expect(view).toBeTruthy();
    const sql = h.service.database.sql;
    const [t] = await sql`select type, route, topic, client_ids, description, summary from tickets where ref = ${ref}`;
    expect(t!.type).toBe('question');
    expect(t!.client_ids).toContain('AAAA111111');
    expect(t!.route).toBeTruthy();
    expect(t!.topic).toBeTruthy();
    expect(t!.description).toContain('How can we reach you: Alice Doe, alice@example.test, phone 801-555-0101');
    const people = await sql`select p.email, pa.role from participants pa join people p on p.id = pa.person_id join tickets t on t.id = pa.ticket_id where t.ref = ${ref} order by p.email`;
    expect(people.map((r) => `${r.email}:${r.role}`)).toEqual([`${ALICE}:submitter`, `${BOB}:interested`]);
    const files = await sql`select na.filename, na.checksum from note_attachments na join notes n on n.id = na.note_id join tickets t on t.id = n.ticket_id where t.ref = ${ref}`;
    expect(files.map((f) => f.filename)).toEqual(['caseload-error.png']);
    expect(files[0]!.checksum).toBeTruthy();

    await h.waitForMail(ALICE, (m) => m.subject.includes(`Issue ${ref} has been submitted`));
    await h.waitForMail(BOB, (m) => m.subject.includes(`Issue ${ref} has been submitted`));
    // The file downloads from the ticket page, byte for byte.
    const download = await page.request.get(`${h.url}${await page.locator('a[download]').first().getAttribute('href')}`);
    expect(Buffer.from(await download.body()).toString('hex')).toBe('89504e470d0a1a0a0000000d49484452');
    await page.close();
  }, 120_000);
});
