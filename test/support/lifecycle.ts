// A ticket's life as the integration tests drive it on real servers: an admin takes a new request
// and fixes it by replying to the mail about it, and the lifecycle sweep runs at a chosen date (so
// many days after an origin the test sets), the status mail it queued sent before it returns.
// I/O: mail and the database through the harness.
import { runScheduledTask } from '../../src/workers/schedule.ts';
import type { Harness } from './harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained } from './status-mail.ts';

const DAY = 86_400_000;

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

/**
 * `at(days)`: the date so many days after the origin; `sweep(days)`: the lifecycle sweep run at
 * that date. The harness and the origin are read when called (a test sets them in beforeAll).
 */
export function sweepClock(harness: () => Harness, origin: () => number): { at: (days: number) => Date; sweep: (days: number) => Promise<void> } {
  const at = (days: number) => new Date(origin() + days * DAY);
  const sweep = async (days: number) => {
    await runScheduledTask(harness().service.scheduleDeps, 'lifecycle-sweep', at(days));
    await waitForOutboxDrained(harness());
  };
  return { at, sweep };
}
