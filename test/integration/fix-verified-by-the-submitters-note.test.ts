// The guide's first way to verify a fix, on real servers: "You can verify this issue in one of two
// ways: (1) Add a New Note". The submitter answers the fix mail, through her own signed reply
// address, with no command: "It works now, thank you!". The fix is verified as by #verified: closed
// as verified, everyone hears "has been verified", and her own mail says her note was taken so and
// how to say otherwise; nothing reminds her to verify or closes it automatically afterwards. The same
// words from a colleague copied on the request, or from her in mail that does not come through her
// signed reply address, leave the fix waiting for her, as before: the sweep's clock counts from them
// and closes it unverified in time.
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.ts';
import { fixCopiedRequest } from '../support/lifecycle.ts';
import { scheduleClock } from '../support/schedule-clock.ts';
import { mailWithSubject, subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test';
const WORKS = 'It works now, thank you!';
const TAKEN = 'Your note says the fix works, so it was taken as verified';

describe('a fix its submitter answers that it works', () => {
  const h = useHarness({
    users: [ALICE, BOB, SUMMER],
    env: { ADMIN_EMAILS: SUMMER, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '60' },
  });
  const { sweep, start } = scheduleClock(h);
  const s = (tail: string) => subjectOf(1, tail);

  beforeAll(async () => {
    await fixCopiedRequest(h, { submitter: ALICE, copied: BOB, subject: 'Exit date will not save AAAA111111', text: 'When I open the Exit page for this client and click Save, nothing is saved. It started on Monday.' }, SUMMER, 1, 'The exit date field is editable again.');
    await h.reply(ALICE, await waitForNth(h, ALICE, s(TAILS.fixed)), WORKS);
    start();
  });

  it('closes it as verified, with her note', async () => {
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed');
    expect(ticket.resolution).toBe('verified');
    expect(ticket.notes.some((n) => n.author === ALICE && n.body === WORKS)).toBe(true);
  });

  it('tells her with the guide\'s "has been verified" mail that her note was taken as verifying it, and how to say otherwise', async () => {
    const mail = await waitForNth(h, ALICE, s(TAILS.verified));
    expect(mail.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-1 has been verified');
    expect(words(mail)).toContain('has been verified as fixed in your production environment');
    expect(words(mail)).toContain(TAKEN);
    expect(words(mail)).toContain('reply with #notfixed and what is still wrong');
    expect(words(mail)).toContain('Mark the issue as not fixed');
  });

  it('tells the others it has been verified, with her note, and nothing meant for her', async () => {
    for (const who of [BOB, SUMMER]) {
      const mail = await waitForNth(h, who, s(TAILS.verified));
      expect(words(mail), who).toContain(WORKS);
      expect(words(mail), who).not.toContain(TAKEN);
    }
  });

  it('neither reminds her to verify it nor closes it automatically later', async () => {
    await sweep(4);
    await sweep(12);
    expect(await h.ticket('Utah_RW-1')).toMatchObject({ status: 'closed', resolution: 'verified' });
    expect(await mailWithSubject(h, ALICE, s(TAILS.reminderVerify))).toHaveLength(0);
    expect(await mailWithSubject(h, ALICE, s(TAILS.autoClosed))).toHaveLength(0);
    expect(await mailWithSubject(h, ALICE, s(TAILS.verified))).toHaveLength(1);
  });
});

describe.each([
  { who: 'a colleague copied on the request', by: BOB, signed: true },
  { who: 'the submitter, in mail that does not come through her signed reply address', by: ALICE, signed: false },
])('a fix answered that it works by $who', ({ by, signed }) => {
  const h = useHarness({
    users: [ALICE, BOB, SUMMER],
    env: { ADMIN_EMAILS: SUMMER, VERIFY_REMINDER_DAYS: '3', AUTO_CLOSE_DAYS: '10', STALE_TICKET_DAYS: '60' },
  });
  const { sweep, start } = scheduleClock(h);
  const s = (tail: string) => subjectOf(1, tail);

  beforeAll(async () => {
    await fixCopiedRequest(h, { submitter: ALICE, copied: BOB, subject: 'Exit date will not save AAAA111111', text: 'When I open the Exit page for this client and click Save, nothing is saved. It started on Monday.' }, SUMMER, 1, 'The exit date field is editable again.');
    const fixedMail = await waitForNth(h, by, s(TAILS.fixed));
    if (signed) await h.reply(by, fixedMail, WORKS);
    else await h.send(by, { subject: `Re: ${fixedMail.subject}`, text: WORKS });
    await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.author === by && n.body === WORKS));
    await waitForOutboxDrained(h);
    start();
  });

  it('leaves it waiting for the submitter to verify', async () => {
    expect(await h.ticket('Utah_RW-1')).toMatchObject({ status: 'fixed_verify_needed', resolution: null });
    expect(await mailWithSubject(h, ALICE, s(TAILS.verified))).toHaveLength(0);
    await waitForNth(h, SUMMER, s(TAILS.newNote));
  });

  it('reminds her after three days from the note and closes it unverified after ten', async () => {
    await sweep(3.2);
    await waitForNth(h, ALICE, s(TAILS.reminderVerify));
    await sweep(10.2);
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed');
    expect(ticket.resolution).toBe('closed');
    await waitForNth(h, ALICE, s(TAILS.autoClosed));
  });
});
