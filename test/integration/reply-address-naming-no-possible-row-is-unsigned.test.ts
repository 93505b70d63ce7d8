// End to end on real servers: a reply address shaped like ours whose ticket or person id is past
// what a row can have (`helpdesk+1-99999999999-<tag>@`, up to 15 digits fit the shape) is read as
// one with a bad signature is: it proves nobody and names no ticket. The mail is handled as mail
// to the plain help-desk address would be (here a note by its In-Reply-To, its commands refused),
// never a database error, a retry or a failed job.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);

describe('a reply address naming ids no row can have', () => {
  const h = useHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
  let submitted: ParsedMessage;
  let personId: string;
  let tag: string;

  beforeAll(async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      subject: "Can't add client to caseload AAAA111111",
      text: 'When I click Add to Caseload for client AAAA111111 I get "Access denied".\n\nAlice',
    });
    submitted = await waitForNth(h, ALICE, s(TAILS.submitted));
    const m = /^helpdesk\+1-(\d+)-([a-z2-7]{16})@/.exec(submitted.replyTo[0]!.address);
    expect(m).not.toBeNull();
    personId = m![1]!;
    tag = m![2]!;
    await waitForOutboxDrained(h);
  });

  /** Alice's reply to her submitted mail, sent to `local@` the help desk's domain; its stored row once handled. */
  async function replyTo(local: string, n: number): Promise<{ status: string; outcome: string | null; reason: string | null }> {
    const messageId = await h.send(ALICE, {
      to: `${local}@example.test`,
      subject: `Re: ${submitted.subject}`,
      text: `#close\nStill broken, reply number ${n}.`,
      inReplyTo: `<${submitted.messageId}>`,
      references: [`<${submitted.messageId}>`],
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [row] = await h.service.database.sql<{ status: string; outcome: string | null; reason: string | null }[]>`
        select status, outcome, reason from inbound_messages where message_id in (${messageId}, ${`<${messageId}>`})`;
      if (row && row.status !== 'pending') return row;
      if (Date.now() > deadline) throw new Error(`reply ${n} still ${JSON.stringify(row)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('handles a person id, a ticket id or both past the largest row id as it handles a bad signature', async () => {
    const badSignature = await replyTo(`helpdesk+1-${personId}-aaaaaaaaaaaaaaaa`, 1);
    expect(badSignature.status).toBe('processed');
    const cases = [
      `helpdesk+1-99999999999-${tag}`,
      `helpdesk+1-2147483648-${tag}`,
      `helpdesk+99999999999-${personId}-${tag}`,
      `helpdesk+999999999999999-999999999999999-${tag}`,
    ];
    for (const [i, local] of cases.entries()) {
      const row = await replyTo(local, i + 2);
      expect({ local, ...row }).toEqual({ local, ...badSignature });
    }
    await waitForOutboxDrained(h);
    // Each became a note on her ticket, and no command was obeyed: the ticket is still open.
    const ticket = await h.ticket(REF);
    expect(ticket!.status).not.toBe('closed');
    for (let n = 1; n <= cases.length + 1; n++) expect(ticket!.notes.map((note) => note.body).join('\n')).toContain(`reply number ${n}.`);
    // And each was answered as unsigned mail is: the #close was refused, with the reason.
    const refusal = await waitForNth(h, ALICE, s(TAILS.refused), cases.length + 1);
    expect(words(refusal)).toContain('commands are only accepted from replies to your own status mail');
    const [failed] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from inbound_messages where status <> 'processed'`;
    expect(failed!.n).toBe(0);
  });
});
