// End to end on real servers: staff ask for a screenshot with #waiting, and the submitter answers
// with the file alone, as mail clients send it (a phone's "Sent from my iPhone" and a PDF; a Gmail
// reply whose body is only a pasted image over the quoted history). The file lands on the ticket as
// a note ("Files added."), the ticket goes back to its assignee, and the assignee hears of it in
// the new-note mail that lists the file. A reply whose only image is the signature's logo changes
// nothing: the ticket keeps waiting.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness, type MailOptions } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth, waitForOutboxDrained, words } from '../support/status-mail.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const s = (tail: string) => subjectOf(1, tail);
const WAITING = 'is waiting for your response';
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('a reply of a file alone to a ticket waiting for it', () => {
  const h = useHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER } });

  /** The quoted history under a reply to `mail`, as Gmail and phones write it. */
  const quoted = (mail: ParsedMessage) => `On ${(mail.date ?? new Date()).toUTCString()}, ClientTrack Help Desk <${mail.from?.address}> wrote:\n${mail.text.split('\n').map((l) => `> ${l}`).join('\n')}`;
  const answer = (mail: ParsedMessage, body: Pick<MailOptions, 'text' | 'html' | 'attachments'>) => h.send(`Alice Example <${ALICE}>`, {
    to: mail.replyTo[0]!.address, subject: `Re: ${mail.subject}`, inReplyTo: `<${mail.messageId}>`, references: [`<${mail.messageId}>`], ...body,
  });
  /** The outcome of the message with this Message-ID, once it has been fetched and handled. */
  const outcomeOf = async (messageId: string): Promise<string | null> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [row] = await h.service.database.sql<{ status: string; outcome: string | null }[]>`select status, outcome from inbound_messages where message_id = ${messageId}`;
      if (row && row.status !== 'pending') return row.outcome;
      if (Date.now() > deadline) throw new Error(`message ${messageId} not handled within 15 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** Summer asks again, answering the last new-note mail she got. */
  const askAgain = async (n: number, question: string) => {
    await h.reply(SUMMER, await waitForNth(h, SUMMER, s(TAILS.newNote), n), `#waiting\n${question}`);
    await h.waitForTicket(REF, (t) => t.status === 'waiting_for_response');
    return waitForNth(h, ALICE, s(WAITING), n + 1);
  };

  beforeAll(async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      subject: 'Enrollment will not save',
      text: 'When I save the enrollment for client AAAA111111 on the Program Enrollment screen I get an error and nothing is saved. It started this morning.\n\nAlice',
    });
    await h.reply(SUMMER, await waitForNth(h, SUMMER, s(TAILS.newTicketAdmin)), '#assign me\n#waiting\nPlease send a screenshot of the error you see when you save.');
    await h.waitForTicket(REF, (t) => t.status === 'waiting_for_response');
  });

  it('takes "Sent from my iPhone" and a PDF as the answer: a note with the file, back to the assignee, who hears of it', async () => {
    const asked = await waitForNth(h, ALICE, s(WAITING));
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(4_000)]);
    await answer(asked, { text: `Sent from my iPhone\n\n${quoted(asked)}`, attachments: [{ filename: 'enrollment-error.pdf', content: pdf, contentType: 'application/pdf' }] });
    const ticket = await h.waitForTicket(REF, (t) => t.notes.some((n) => n.author === ALICE && n.kind === 'note'));
    expect(ticket.status).toBe('assigned');
    const note = ticket.notes.at(-1)!;
    expect(note).toMatchObject({ author: ALICE, kind: 'note', body: 'Files added.', internal: false });
    expect(note.attachments.map((a) => ({ filename: a.filename, size: a.size, stored: a.stored }))).toEqual([{ filename: 'enrollment-error.pdf', size: pdf.length, stored: true }]);
    const told = words(await waitForNth(h, SUMMER, s(TAILS.newNote)));
    expect(told).toContain('Files added.');
    expect(told).toMatch(/enrollment-error\.pdf \(\d+ KB\)/);
  });

  it('takes a Gmail reply whose body is only a pasted image as the answer, without the placeholder as its text', async () => {
    const asked = await askAgain(1, 'Thank you. Please also send the screen right after you press Save.');
    const html = `<div dir="ltr"><img src="cid:ii_mp2k9x4r0" alt="image.png" width="562" height="351"><br></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On a day, ClientTrack Help Desk wrote:<br></div><blockquote class="gmail_quote">${escape(asked.text)}</blockquote></div>`;
    await answer(asked, {
      text: `[image: image.png]\n\n${quoted(asked)}`, html,
      attachments: [{ filename: 'image.png', content: PNG, contentType: 'image/png', cid: 'ii_mp2k9x4r0' }],
    });
    const ticket = await h.waitForTicket(REF, (t) => t.notes.filter((n) => n.author === ALICE && n.kind === 'note').length === 2);
    expect(ticket.status).toBe('assigned');
    expect(ticket.notes.at(-1)).toMatchObject({ author: ALICE, kind: 'note', body: 'Files added.' });
    expect(ticket.notes.at(-1)!.attachments.map((a) => [a.filename, a.stored])).toEqual([['image.png', true]]);
    expect(words(await waitForNth(h, SUMMER, s(TAILS.newNote), 2))).toMatch(/image\.png \(\d+ (?:bytes|KB)\)/);
  });

  it('leaves the ticket waiting on a reply whose only image is the signature\'s logo', async () => {
    const asked = await askAgain(2, 'Which browser do you use?');
    const notesBefore = (await h.ticket(REF))!.notes.length;
    // As Outlook writes it: the signature with its logo over the history's header block, unquoted.
    const history = `From: ClientTrack Help Desk <${asked.from?.address}>\nSent: ${(asked.date ?? new Date()).toUTCString()}\nTo: Alice Example <${ALICE}>\nSubject: ${asked.subject}\n\n${asked.text}`;
    const id = await answer(asked, {
      text: `\nAlice Example\nCase Manager | Utah Youth Housing\n(801) 555-0142 | ${ALICE}\n[cid:image001.png@01DCE8A1.5B3C2D10]\n\n${history}`,
      html: '<p>Alice Example<br>Case Manager | Utah Youth Housing<br>(801) 555-0142</p><p><img src="cid:image001.png@01DCE8A1.5B3C2D10" alt="logo"></p>'
        + `<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p><b>From:</b> ClientTrack Help Desk<br><b>Sent:</b> today<br><b>To:</b> Alice<br><b>Subject:</b> ${escape(asked.subject)}</p></div><p>${escape(asked.text)}</p>`,
      attachments: [{ filename: 'image001.png', content: PNG, contentType: 'image/png', cid: 'image001.png@01DCE8A1.5B3C2D10' }],
    });
    expect(await outcomeOf(id)).toBe('ignored:empty-reply');
    await waitForOutboxDrained(h);
    const ticket = (await h.ticket(REF))!;
    expect(ticket.status).toBe('waiting_for_response');
    expect(ticket.notes).toHaveLength(notesBefore);
  });
});
