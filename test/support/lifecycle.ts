// A ticket's life as the integration tests drive it on real servers: an admin takes a new request
// and fixes it by replying to the mail about it (the sweep at chosen dates: schedule-clock.ts).
// I/O: mail and the database through the harness.
import type { Harness } from './harness.ts';
import { subjectOf, TAILS, waitForNth } from './status-mail.ts';

/** `admin` takes request `n` and marks it fixed with `note`, answering the mail about the new request. */
export async function fixAsAdmin(h: Harness, admin: string, n: number, note: string): Promise<void> {
  await h.reply(admin, await waitForNth(h, admin, subjectOf(n, TAILS.newTicketAdmin)), `#assign me\n#fixed\n${note}`);
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
