// End to end on real servers: Alice answers the status mail as Outlook does when its history goes
// first, the mail quoted without "> " marks under "-----Original Message-----" and her text typed
// below it. Her text is the note, and the assignee hears of it; a reply that only quotes the mail
// still adds nothing.
import { describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const ANSWER = 'Still broken after the update, same error on AAAA111111.';
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');

describe('an answer typed below the quoted status mail', () => {
  const h = useHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER } });

  /** Outlook's reply to `mail` with its history first and `typed` below it, in both parts. */
  const bottomPosted = (mail: ParsedMessage, typed: string) => {
    const header = ['-----Original Message-----', `From: ClientTrack Help Desk <${mail.from?.address}>`, `Sent: ${(mail.date ?? new Date()).toUTCString()}`, `To: Alice Example <${ALICE}>`, `Subject: ${mail.subject}`];
    return h.send(`Alice Example <${ALICE}>`, {
      to: mail.replyTo[0]!.address, subject: `RE: ${mail.subject}`, inReplyTo: `<${mail.messageId}>`, references: [`<${mail.messageId}>`],
      text: `${header.join('\n')}\n\n${mail.text}\n\n${typed}`,
      html: `<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p>${header.map(escape).join('<br>')}</p></div><p>${escape(mail.text)}</p><p>${escape(typed)}</p>`,
    });
  };
  const outcomeOf = async (messageId: string): Promise<string | null> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [row] = await h.service.database.sql<{ status: string; outcome: string | null }[]>`select status, outcome from inbound_messages where message_id = ${messageId}`;
      if (row && row.status !== 'pending') return row.outcome;
      if (Date.now() > deadline) throw new Error(`message ${messageId} not handled within 15 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('becomes the note, without the quoted mail or the signature, and the assignee hears of it', async () => {
    await h.send(`Alice Example <${ALICE}>`, { subject: 'Enrollment will not save', text: 'When I save the enrollment for client AAAA111111 I get an error and nothing is saved.\n\nAlice' });
    await h.reply(SUMMER, await waitForNth(h, SUMMER, subjectOf(1, TAILS.newTicketAdmin)), '#assign me');
    const assigned = await waitForNth(h, ALICE, subjectOf(1, 'has been assigned'));
    const id = await bottomPosted(assigned, `${ANSWER}\n\nAlice Example\nCase Manager | Example Family Services\n(555) 010-2233`);
    expect(await outcomeOf(id)).toBe('appended');
    const ticket = (await h.ticket(REF))!;
    const note = ticket.notes.at(-1)!;
    expect(note).toMatchObject({ author: ALICE, kind: 'note', body: ANSWER, internal: false });
    expect(words(await waitForNth(h, SUMMER, subjectOf(1, TAILS.newNote)))).toContain(ANSWER);
  });

  it('adds nothing for a reply that only quotes the mail', async () => {
    const assigned = await waitForNth(h, ALICE, subjectOf(1, 'has been assigned'));
    const notesBefore = (await h.ticket(REF))!.notes.length;
    const id = await bottomPosted(assigned, '');
    expect(await outcomeOf(id)).toBe('ignored:empty-reply');
    await waitForOutboxDrained(h);
    expect((await h.ticket(REF))!.notes).toHaveLength(notesBefore);
  });
});
