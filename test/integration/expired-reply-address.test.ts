// An expired signed reply address on the real stack (Dovecot, SMTP relay, PostgreSQL, Redis): a
// reply through an address older than REPLY_ADDRESS_DAYS is handled as unsigned mail (its command
// is not obeyed) and its sender is told the address expired; the same reply through the address of
// the latest mail is obeyed. The old address is made with the service's own key, dated 30 days back,
// as a mail from a month ago would carry it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';

describe('a reply through an expired reply address', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER, REPLY_ADDRESS_DAYS: '7', AUTO_MAIL_LIMIT_PER_HOUR: '100' } });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('is not obeyed and tells the sender to reply to the latest mail; the latest address is obeyed', async () => {
    await h.send(ALICE, { subject: 'Cannot open the caseload page', text: 'The Active Case Load page shows an error since this morning.' });
    const submitted = await h.waitForMail(ALICE, (m) => m.subject.includes('has been submitted'), 30_000);
    const fresh = submitted.replyTo[0]!.address;
    const [, ticketId, personId] = /\+(\d+)-(\d+)-/.exec(fresh)!;
    const old = makeReplyAddress(h.helpdesk, { ticketId: Number(ticketId), personId: Number(personId) }, h.stack.config.SECRET_KEY, 0, new Date(Date.now() - 30 * 86_400_000));
    const replyThrough = (to: string) => h.send(ALICE, {
      to, subject: `Re: ${submitted.subject}`, text: '#close\n\nIt works again, thank you.',
      inReplyTo: `<${submitted.messageId}>`, references: [`<${submitted.messageId}>`],
    });

    await replyThrough(old);
    const refused = await h.waitForMail(ALICE, (m) => m.subject.includes('was not carried out'), 30_000);
    expect(refused.text.replace(/\s+/g, ' ')).toContain('this reply address has expired');
    expect(refused.text.replace(/\s+/g, ' ')).toContain('reply to the latest mail about this issue');
    await h.settle(30_000);
    expect((await h.ticket('Utah_RW-1'))!.status).not.toBe('closed');

    await replyThrough(fresh);
    expect((await h.waitForTicket('Utah_RW-1', (t) => t.status === 'closed', 30_000)).status).toBe('closed');
  }, 120_000);
});
