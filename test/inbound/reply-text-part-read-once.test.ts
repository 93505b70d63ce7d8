// The mail-kind stage reads a message's own words (its text part, up to 8 KB) and the reply stage
// reads the text part again: within one message one reading serves both when they are the same
// text, and the note is the same as when each reads on its own. Nothing is kept between messages.
import { describe, expect, it } from 'vitest';
import { preparePipeline } from '../../src/inbound/pipeline.ts';
import { extractReplyText, textPartReadCount } from '../../src/inbound/reply-text.ts';

const settings = { systemName: 'ClientTrack', prefix: 'Issue', helpdeskAddress: 'helpdesk@example.test' };

function reply(own: string, quotedLines: number): Buffer {
  const quoted = Array.from({ length: quotedLines }, (_, i) => `> line ${i} of the mail before, which the person quoted below their answer`);
  return Buffer.from([
    'From: Alice <alice@client.example.test>', 'To: helpdesk@example.test', 'Subject: Re: Printer on floor 3',
    'Message-ID: <r1@client.example.test>', 'In-Reply-To: <q1@example.test>', 'Content-Type: text/plain; charset=utf-8', '',
    own, '', 'On Mon, 4 May 2026 at 09:00, Help Desk <helpdesk@example.test> wrote:', ...quoted, '',
  ].join('\r\n'));
}

describe('reading a reply\'s text part', () => {
  it('reads a short text part once for the mail kind and the reply text', async () => {
    const before = textPartReadCount();
    const prepared = await preparePipeline(reply('It jams again since this morning.', 5), settings, null);
    expect(textPartReadCount() - before).toBe(1);
    expect(prepared.replyText).toBe('It jams again since this morning.');
  });

  it('reads a text part longer than the mail kind reads twice, each as itself', async () => {
    const before = textPartReadCount();
    const prepared = await preparePipeline(reply('The toner light is on as well.', 200), settings, null);
    expect(textPartReadCount() - before).toBe(2);
    expect(prepared.replyText).toBe('The toner light is on as well.');
  });

  it('reads the next message anew, keeps nothing outside one message, and gives the same note', async () => {
    const first = await preparePipeline(reply('First answer.', 3), settings, null);
    const before = textPartReadCount();
    const second = await preparePipeline(reply('Second answer.', 3), settings, null);
    expect(textPartReadCount() - before).toBe(1);
    expect(first.replyText).toBe('First answer.');
    expect(second.replyText).toBe('Second answer.');
    // Read on its own, outside the pipeline: read again each time, and the same note.
    const alone = textPartReadCount();
    expect(extractReplyText({ text: second.parsed.text, html: second.parsed.html }).replyText).toBe(second.replyText);
    expect(extractReplyText({ text: second.parsed.text, html: second.parsed.html }).replyText).toBe(second.replyText);
    expect(textPartReadCount() - alone).toBe(2);
  });
});
