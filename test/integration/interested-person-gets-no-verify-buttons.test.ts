// What a colleague notified on a ticket may do about a fix, by email on real servers. Verifying is
// the submitter's: bob, copied on alice's request, gets "has been fixed" without the verify and
// not-fixed buttons, which alice's mail has. He may add notes, and a note reopens a closed ticket
// within REOPEN_DAYS: his "#notfixed" with a note on the closed ticket reopens it as such, and he
// is not told that it was not carried out while the ticket is in fact reopened.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';
import { fixCopiedRequest } from '../support/lifecycle.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);

/** The commands the mail's buttons start: mailto: links to the recipient's own reply address. */
function buttonCommands(mail: ParsedMessage): string[] {
  const own = mail.replyTo[0]!.address;
  return [...mail.text.matchAll(/<mailto:([^?>]+)\?([^>]+)>/g)]
    .filter((m) => m[1] === own)
    .map((m) => (new URLSearchParams(m[2]).get('body') ?? '').split(/\r?\n/)[0]!);
}

describe('a colleague notified on a ticket and its fix', () => {
  const h = useHarness({ users: [ALICE, BOB, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
  beforeAll(async () => {
    await fixCopiedRequest(h, {
      submitter: `Alice Example <${ALICE}>`,
      copied: `Bob Colleague <${BOB}>`,
      subject: 'Wrong Org AAAA111111',
      text: 'When I open client AAAA111111 the Org field shows Salt Lake instead of Ogden. It started yesterday.\n\nAlice',
    }, SUMMER, 1, 'I moved the client to the Ogden org.');
  });

  it('gets "has been fixed" without the buttons to verify or mark it not fixed, which the submitter\'s mail has', async () => {
    const alices = await waitForNth(h, ALICE, s(TAILS.fixed));
    expect(buttonCommands(alices)).toEqual(expect.arrayContaining(['#verified', '#notfixed']));
    const bobs = await waitForNth(h, BOB, s(TAILS.fixed));
    expect(buttonCommands(bobs)).not.toContain('#verified');
    expect(buttonCommands(bobs)).not.toContain('#notfixed');
    expect(words(bobs)).toContain('I moved the client to the Ogden org.');
  });

  it('reopens the closed ticket with "#notfixed" and a note, and is not told it was not carried out', async () => {
    await h.reply(ALICE, await waitForNth(h, ALICE, s(TAILS.fixed)), '#verified');
    await h.waitForTicket(REF, (t) => t.status === 'closed');
    const closed = await waitForNth(h, BOB, s(TAILS.verified));
    await waitForOutboxDrained(h);
    await h.reply(BOB, closed, '#notfixed\nStill broken: AAAA111111 shows Salt Lake again.');
    const ticket = await h.waitForTicket(REF, (t) => t.status !== 'closed');
    expect(ticket).toMatchObject({ status: 'assigned', resolution: null });
    expect(ticket.notes.at(-1)).toMatchObject({ author: BOB, body: 'Still broken: AAAA111111 shows Salt Lake again.' });
    const reopened = await waitForNth(h, SUMMER, s(TAILS.reopened));
    expect(words(reopened)).toContain('Still broken: AAAA111111 shows Salt Lake again.');
    await waitForOutboxDrained(h);
    expect(await mailWithSubject(h, BOB, s(TAILS.refused))).toEqual([]);
  });
});
