// End to end on real servers: Carol's request lacks what intake needs, so the "has been submitted"
// mail asks for it and the ticket waits for her. She answers as Outlook does in plain text, her
// answers typed under each question of the mail quoted without "> " marks below
// "-----Original Message-----", re-wrapped at 76. The service kept what that mail said (without its
// personal links), so her answers are the note, the questions are not, and the ticket goes back to
// work with nothing missing.
import { describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { useHarness } from '../support/harness.ts';
import { subjectOf, TAILS, waitForNth } from '../support/status-mail.ts';

const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test';
const REF = 'Utah_RW-1';
const ANSWERS: Record<string, string> = {
  'Which: which report are you running?': 'We are running the HUD CoC APR report.',
  'What: what is wrong or what you need, including any error message.': 'It stops with a timeout error after two minutes.',
  'When: when did the issue start (or when did you first notice it)?': 'It started on Monday.',
};

/** The mail's text as Outlook quotes it: paragraphs joined and wrapped again at 76, an answer typed under each question. */
function quotedWithAnswers(mail: ParsedMessage): string {
  const out: string[] = [];
  for (const paragraph of mail.text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    for (const item of paragraph.split(/\n(?= \* )/)) {
      const joined = item.replace(/\s*\n\s*/g, ' ').replace(/ +</g, '<').replace(/^ ?\* /, '*\t').trim();
      let line = '';
      for (const word of joined.split(' ')) {
        if (line !== '' && line.length + 1 + word.length > 76) {
          out.push(line);
          line = word;
        } else line = line === '' ? word : `${line} ${word}`;
      }
      out.push(line);
      const answer = ANSWERS[joined.replace(/^\*\t/, '')];
      if (answer) out.push('', answer, '');
    }
    out.push('');
  }
  return out.join('\n');
}

describe('answers typed into the quoted status mail', () => {
  const h = useHarness({ users: [CAROL, SUMMER], env: { ADMIN_EMAILS: SUMMER } });

  it('are the note, supply what the mail asked for and send the ticket back to work', async () => {
    await h.send(`Carol Case <${CAROL}>`, { subject: 'Report problem', text: 'The report will not run.\n\nCarol' });
    const submitted = await waitForNth(h, CAROL, subjectOf(1, TAILS.submitted));
    for (const question of Object.keys(ANSWERS)) expect(submitted.text.replace(/\s+/g, ' ')).toContain(question);
    await h.waitForTicket(REF, (t) => t.status === 'waiting_for_response' && t.missingInfo.length === 3);

    // What the service kept of the mail it sent her: its words, not her personal links.
    const [kept] = await h.service.database.sql<{ sent_text: string | null }[]>`
      select sent_text from outbound_messages where message_id = ${submitted.messageId!.replace(/[<>]/g, '')}`;
    expect(kept?.sent_text).toContain('To work on this issue we need a little more information');
    expect(submitted.text).toMatch(/\?k=|mailto:/);
    expect(kept?.sent_text).not.toMatch(/\?k=|mailto:|https?:\/\//);

    const header = ['-----Original Message-----', `From: ClientTrack Help Desk <${submitted.from?.address}>`, `Sent: ${(submitted.date ?? new Date()).toUTCString()}`, `To: Carol Case <${CAROL}>`, `Subject: ${submitted.subject}`];
    await h.send(`Carol Case <${CAROL}>`, {
      to: submitted.replyTo[0]!.address, subject: `RE: ${submitted.subject}`, inReplyTo: `<${submitted.messageId}>`, references: [`<${submitted.messageId}>`],
      text: `My answers are under your questions.\n\nCarol\n\n${header.join('\n')}\n\n${quotedWithAnswers(submitted)}`,
    });

    const ticket = await h.waitForTicket(REF, (t) => t.notes.length > 0);
    expect(ticket.notes.at(-1)).toMatchObject({
      author: CAROL, kind: 'note', internal: false,
      body: ['My answers are under your questions.', 'Carol', ...Object.values(ANSWERS)].join('\n\n'),
    });
    expect(ticket).toMatchObject({ status: 'new', missingInfo: [] });
  });
});
