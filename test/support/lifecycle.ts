// A ticket's life as the integration tests drive it on real servers: an admin takes a new request
// and fixes it, or asks its submitter a question, by replying to the mail about it (the sweep at
// chosen dates: schedule-clock.ts).
// I/O: mail and the database through the harness.
import type { ParsedMessage } from '../../src/inbound/types.ts';
import type { Harness } from './harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained } from './status-mail.ts';

/** `admin` takes request `n` and marks it fixed with `note`, answering the mail about the new request. */
export async function fixAsAdmin(h: Harness, admin: string, n: number, note: string): Promise<void> {
  await h.reply(admin, await waitForNth(h, admin, subjectOf(n, TAILS.newTicketAdmin)), `#assign me\n#fixed\n${note}`);
}

/** `admin` takes request `n` and asks its submitter `question`, answering the mail about the new request: it waits for a response. */
export async function askAsAdmin(h: Harness, admin: string, n: number, question: string): Promise<void> {
  await h.reply(admin, await waitForNth(h, admin, subjectOf(n, TAILS.newTicketAdmin)), `#assign me\n#waiting\n${question}`);
}

/**
 * `submitter`'s request with `copied` on its Cc line (who join it as interested), taken and fixed
 * by `admin` with `note`: ticket `n`, returned once it waits for verification.
 */
export async function fixCopiedRequest(h: Harness, request: { submitter: string; copied: string; subject: string; text: string }, admin: string, n: number, note: string): Promise<void> {
  await h.send(request.submitter, { cc: [request.copied], subject: request.subject, text: request.text });
  await fixAsAdmin(h, admin, n, note);
  await h.waitForTicket(`Utah_RW-${n}`, (t) => t.status === 'fixed_verify_needed');
}

/**
 * `submitter`'s request about client BBBB222222's Org, fixed by `admin` and verified by the
 * submitter: ticket 1, closed three days ago (past a REOPEN_DAYS of 2). Returns the fix mail the
 * submitter got, whose reply a late reply answers.
 */
export async function verifiedThreeDaysAgo(h: Harness, submitter: string, admin: string): Promise<ParsedMessage> {
  await h.send(`Alice Example <${submitter}>`, {
    subject: 'Wrong Org BBBB222222',
    text: 'When I open client BBBB222222 the Org field shows Salt Lake instead of Ogden. It started yesterday.\n\nAlice',
  });
  await fixAsAdmin(h, admin, 1, 'I moved the client to the Ogden org.');
  const fixed = await waitForNth(h, submitter, subjectOf(1, TAILS.fixed));
  await h.reply(submitter, fixed, '#verified');
  await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed' && t.resolution === 'verified');
  await waitForOutboxDrained(h);
  await h.service.database.sql`update tickets set closed_at = now() - interval '3 days' where ref = 'Utah_RW-1'`;
  return fixed;
}
