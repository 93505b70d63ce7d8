// The ticket page in real headless Chromium on the whole stack (Dovecot, the SMTP relay,
// PostgreSQL, Redis): the status mail in alice's own mailbox carries her personal link; opened in
// the browser it asks "Sign in as ...?", and its button shows the ticket and its notes; marking it not fixed there changes the status and
// the assignee receives the "not fixed" mail. Every page is checked with axe-core and saved as a
// screenshot under test-artifacts/screenshots/.
import { createServer } from 'node:net';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type RunningWeb } from '../../src/web/start.ts';
import { launchBrowser, saveScreenshot, seriousA11yViolations } from '../support/browser.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';

/**
 * A port free now and outside the kernel's ephemeral range (32768-60999 by default): the harness
 * starts servers and clients on port 0 between this check and the web server's listen, and one of
 * them was once handed this very port. A port below the range is never handed out that way.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(candidate, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return candidate;
  }
}

let h: Harness;
let web: RunningWeb;
let browser: Browser;
/** Alice's personal link from her "fixed" mail (the first test reads it). */
let aliceLink: string;

beforeAll(async () => {
  const port = await freePort();
  h = await startHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER, PUBLIC_URL: `http://127.0.0.1:${port}`, WEB_PORT: String(port) } });
  web = await startWeb(h.stack.config, pino({ level: 'silent' }), {
    db: h.service.database.db, redis: h.service.queues.connection, relay: h.service.relay, loadStaff: h.service.loadStaff, sender: h.service.sender,
  }, { port });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await h?.stop();
});

/** The personal ticket link in a status mail's text. */
function linkIn(text: string): string {
  const m = /https?:\/\/[^\s<>]+\/tickets\/[^\s<>?]+\?k=[A-Za-z0-9_-]+/.exec(text);
  if (!m) throw new Error(`no ticket link in the mail:\n${text}`);
  return m[0];
}

async function checkPage(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  expect(await seriousA11yViolations(page), `axe on ${name}`).toEqual([]);
}

describe('the ticket page in Chromium', () => {
  it('opens from the link in alice\'s status mail, shows the notes, and marks the ticket not fixed', async () => {
    await h.send(ALICE, { subject: 'Cannot add client AAAA111111 to caseload', text: 'Access denied when I add client AAAA111111 to my caseload from Active Case Load.' });
    await waitForNth(h, ALICE, subjectOf(1, TAILS.submitted));
    const adminMail = await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin));
    await h.reply(SUMMER, adminMail, '#assign me\n\nLooking at it.');
    await waitForNth(h, ALICE, subjectOf(1, TAILS.assigned));
    await h.reply(SUMMER, adminMail, '#fixed\n\nCaseload access is restored; please try again.');
    const fixed = await waitForNth(h, ALICE, subjectOf(1, TAILS.fixed));

    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    aliceLink = linkIn(fixed.text);
    // Opening the link signs nobody in (a mail scanner opens it too): it asks, and the button signs in.
    await page.goto(aliceLink);
    expect(await page.locator('h1').textContent()).toBe('Sign in as a***@example.test to see Issue Utah_RW-1?');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await checkPage(page, 'sign-in-confirm');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/tickets\/Utah_RW-1$/);
    expect(new URL(page.url()).pathname).toBe('/tickets/Utah_RW-1');
    expect(page.url()).not.toContain('?k=');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Cannot add client AAAA111111 to caseload');
    expect(await page.locator('.status').textContent()).toContain('Fixed - Verify Needed');
    expect(await page.locator('.thread').textContent()).toContain('Caseload access is restored; please try again.');
    expect(await page.locator('.thread').textContent()).toContain('marked the issue as fixed');
    await checkPage(page, 'ticket-submitter-fixed');

    await page.getByLabel('What is still wrong? (required)').fill('Still "Access denied" for AAAA111111 <script>alert(1)</script>');
    await page.getByRole('button', { name: 'Mark the issue as not fixed' }).click();
    await page.waitForURL(/\/tickets\/Utah_RW-1$/);
    expect(await page.locator('.flash').textContent()).toContain('Marked as not fixed');
    expect(await page.locator('.status').textContent()).toContain('Assigned');
    expect(await page.locator('.thread').textContent()).toContain('Still "Access denied" for AAAA111111 <script>alert(1)</script>');
    expect(dialogs).toEqual([]);
    await checkPage(page, 'ticket-submitter-not-fixed');

    const notFixed = await waitForNth(h, SUMMER, subjectOf(1, TAILS.notFixed));
    expect(notFixed.text).toContain('Still "Access denied" for AAAA111111');
    const view = await h.ticket('Utah_RW-1');
    expect(view!.status).toBe('assigned');

    // The same page on a phone-sized screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await checkPage(page, 'ticket-submitter-phone');
    await context.close();
  }, 120_000);

  it('shows an admin the staff actions, from the link in her own mail', async () => {
    const mail = await waitForNth(h, SUMMER, subjectOf(1, TAILS.notFixed));
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(linkIn(mail.text));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Utah_RW-1');
    expect(await page.getByRole('button', { name: 'Assign' }).count()).toBe(1);
    expect(await page.getByLabel('Internal note (admins, assignee and support team only)').count()).toBe(1);
    await checkPage(page, 'ticket-admin');
    // Keyboard only: the skip link is the first stop and lands on the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toContain('Skip to main content');
    // Alice's link opened where summer is signed in names both and offers the switch.
    await page.goto(aliceLink);
    expect(await page.locator('main').textContent()).toContain(`You are signed in as ${SUMMER}`);
    expect(await page.getByRole('button', { name: 'Switch to a***@example.test' }).count()).toBe(1);
    await checkPage(page, 'sign-in-switch');
    await context.close();
  }, 60_000);

  it('the sign-in pages and the error page pass axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${web.url}/tickets/Utah_RW-1`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await checkPage(page, 'sign-in');
    await page.getByLabel('Email address').fill(ALICE);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your mail');
    await checkPage(page, 'sign-in-sent');
    await page.goto(`${web.url}/tickets/Utah_RW-1?k=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(await page.locator('[role="alert"]').textContent()).toContain('not valid');
    await checkPage(page, 'sign-in-refused-link');
    await page.goto(`${web.url}/no-such-page`);
    await checkPage(page, 'not-found');
    await context.close();
  }, 60_000);
});
