// In real headless Chromium on the real stack: a form the help desk refuses never throws away what
// the person typed. A note sent with "mark the issue as fixed" on a ticket an admin closed meanwhile
// is refused with the reason and comes back in its form, the choice with it; more files than a form
// takes are named, the note or the request form kept; a form sent after the session ended shows its
// text to copy. Files cannot be given back to a browser: the page names them, to choose again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousA11yViolations } from '../support/browser.ts';
import { startWebHarness, type WebHarness } from '../support/web.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const LONG_NOTE = `I checked every step again this morning.\n\n${'The caseload page now lists the right clinic for each of my clients, and the dates are right. '.repeat(12)}\nThanks for the quick fix!`;

describe('a refused form gives back what was typed', () => {
  let h: WebHarness;
  let browser: Browser;

  beforeAll(async () => {
    h = await startWebHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  /** Files a request by mail from Alice and returns its ref once the ticket exists. */
  async function mailRequest(subject: string): Promise<string> {
    await h.send(ALICE, { subject, text: `Please help with this: ${subject}. The client is waiting.` });
    const sql = h.service.database.sql;
    for (let i = 0; i < 150; i++) {
      const [row] = await sql`select ref from tickets where original_subject = ${subject}`;
      if (row) return row.ref as string;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ticket for ${subject}`);
  }

  const notesOn = async (ref: string) =>
    (await h.service.database.sql`select n.body from notes n join tickets t on t.id = n.ticket_id where t.ref = ${ref}`).map((r) => r.body as string);

  /** A page of a fresh browser context signed in as Alice. */
  async function alicePage(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await h.signIn(page, ALICE);
    return page;
  }

  /** The admin closes the ticket from her own session, as she would from the page. */
  async function adminCloses(ref: string): Promise<void> {
    const cookie = await h.sessionCookie(SUMMER);
    const { token, cookie: withToken } = await h.csrfToken(cookie, `/tickets/${encodeURIComponent(ref)}`);
    const res = await h.app.inject({
      method: 'POST', url: `/tickets/${encodeURIComponent(ref)}`, headers: { cookie: withToken, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, do: 'close', note: '' }).toString(),
    });
    expect(res.statusCode).toBe(303);
  }

  it('gives a note refused because the ticket was closed meanwhile back in its form, with the reason and the files to choose again', async () => {
    const ref = await mailRequest('Caseload lists the wrong clinic AAAA111111');
    await h.settle();
    const page = await alicePage();
    await page.goto(`${h.url}/tickets/${encodeURIComponent(ref)}`);
    await page.locator('#note-text').fill(LONG_NOTE);
    await page.locator('#note-files').setInputFiles([{ name: 'caseload-after.png', mimeType: 'image/png', buffer: Buffer.from('png bytes') }]);
    await page.locator('#note-then').selectOption('fixed');
    await adminCloses(ref);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Save the note' }).click()]);
    expect(answer.status()).toBe(409);
    await expect.poll(() => page.locator('#refused').textContent()).toContain('not possible while the ticket is Closed');
    expect(await page.locator('#refused').textContent()).toContain('caseload-after.png');
    // The note is back where it was typed, whole, ready to be sent again with another choice.
    expect(await page.locator('#note-text').inputValue()).toBe(LONG_NOTE);
    expect(await page.locator('#note-then').inputValue()).toBe('');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await notesOn(ref)).not.toContain(LONG_NOTE);
  });

  it('names the files past the tenth and keeps the note, and the request form, with everything typed', async () => {
    const ref = await mailRequest('Intake page will not save AAAA222222');
    await h.settle();
    const page = await alicePage();
    const shots = (prefix: string) => Array.from({ length: 11 }, (_, i) => ({ name: `${prefix}${i + 1}.png`, mimeType: 'image/png', buffer: Buffer.from(`shot ${i + 1}`) }));
    await page.goto(`${h.url}/tickets/${encodeURIComponent(ref)}`);
    await page.locator('#note-text').fill('Here are the screenshots of every step I took, with the long explanation.');
    await page.locator('#note-files').setInputFiles(shots('step-'));
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Save the note' }).click()]);
    expect(answer.status()).toBe(400);
    const refused = await page.locator('#refused').textContent();
    expect(refused).toContain('at most 10 files');
    expect(refused).toContain('step-11.png');
    expect(refused).not.toContain('too large');
    expect(await page.locator('#note-text').inputValue()).toBe('Here are the screenshots of every step I took, with the long explanation.');
    expect(await notesOn(ref)).not.toContain('Here are the screenshots of every step I took, with the long explanation.');

    await page.goto(`${h.url}/new`);
    await page.getByLabel('Report an Issue').check();
    await page.getByLabel('Enter a summary of your issue *').fill('Eleven screenshots of the intake page');
    await page.getByLabel('Please describe the issue').fill('My long description, typed carefully, of each step.');
    await page.getByLabel('Attach a screenshot or file').setInputFiles(shots('s-'));
    const [update] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Update (add or remove files)' }).click()]);
    expect(update.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('s-11.png was not added: a request holds at most 10 files');
    expect(await page.getByLabel('Enter a summary of your issue *').inputValue()).toBe('Eleven screenshots of the intake page');
    expect(await page.getByLabel('Please describe the issue').inputValue()).toBe('My long description, typed carefully, of each step.');
    expect(await page.locator('.draft-files li').count()).toBe(10);
  });

  it('shows what was typed to copy when the session ended before the form was sent, and saves nothing', async () => {
    const ref = await mailRequest('Exit page shows an error AAAA333333');
    await h.settle();
    const page = await alicePage();
    await page.goto(`${h.url}/tickets/${encodeURIComponent(ref)}`);
    await page.locator('#note-text').fill(LONG_NOTE);
    await page.locator('#note-files').setInputFiles([{ name: 'exit-error.png', mimeType: 'image/png', buffer: Buffer.from('png bytes') }]);
    // Signed out in another tab meanwhile.
    const other = await page.context().newPage();
    await other.goto(`${h.url}/my`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL((u) => u.pathname !== '/my');
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Save the note' }).click()]);
    expect(answer.status()).toBeGreaterThanOrEqual(400);
    expect(await page.getByRole('alert').textContent()).toContain('session has ended');
    expect(await page.getByLabel('Your note').inputValue()).toBe(LONG_NOTE);
    expect(await page.locator('#files-again').textContent()).toContain('exit-error.png');
    expect(await notesOn(ref)).not.toContain(LONG_NOTE);

    // The request form the same way: its summary, description and people given back.
    const again = await alicePage();
    await again.goto(`${h.url}/new`);
    await again.getByLabel('Enter a summary of your issue *').fill('Exit page error for AAAA444444');
    await again.getByLabel('Please describe the issue').fill('The exit page shows error 500 after Save.');
    await again.locator('#person-0-email').fill('bob@example.test');
    const tab = await again.context().newPage();
    await tab.goto(`${h.url}/my`);
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.waitForURL((u) => u.pathname !== '/my');
    await Promise.all([again.waitForResponse((r) => r.request().method() === 'POST'), again.getByRole('button', { name: 'Submit request' }).click()]);
    expect(await again.getByLabel('Summary').inputValue()).toBe('Exit page error for AAAA444444');
    expect(await again.getByLabel('Description').inputValue()).toBe('The exit page shows error 500 after Save.');
    expect(await again.getByLabel('Additional person 1: email address').inputValue()).toBe('bob@example.test');
    expect((await h.service.database.sql`select count(*)::int as n from tickets where summary = 'Exit page error for AAAA444444'`)[0]!.n).toBe(0);
  });

  it('never shows text a form from another site posted as someone\'s own', async () => {
    const ref = await mailRequest('Report export is empty AAAA555555');
    await h.settle();
    const res = await fetch(`${h.url}/tickets/${encodeURIComponent(ref)}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ do: 'note', note: 'Your account is locked: call 555-0199 now.' }).toString(),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('555-0199');
  });
});
