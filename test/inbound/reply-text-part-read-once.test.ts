// The mail-kind stage reads a message's own words (its text part, up to 8 KB) and the reply stage
// reads the text part again: within one message one reading serves both when they are the same
// text, and the note is the same as when each reads on its own. Nothing is kept between messages.
import { describe, expect, it } from 'vitest';
import { ownText } from '../../src/inbound/kind/body-signs.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { preparePipeline } from '../../src/inbound/pipeline.ts';
import { extractReplyText, type TextPartReadings } from '../../src/inbound/reply-text.ts';

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
    const parsed = await parseMessage(reply('It jams again since this morning.', 5));
    const readings: TextPartReadings = new Map();
    ownText(parsed, readings);
    expect(readings.size).toBe(1);
    // The reply stage takes the mail kind's reading as it is: a marked copy of it comes back as the note.
    const [text, reading] = [...readings][0]!;
    readings.set(text, { ...reading, replyText: 'the mail kind\'s reading' });
    expect(extractReplyText({ text: parsed.text, html: parsed.html }, readings).replyText).toBe('the mail kind\'s reading');
    expect(readings.size).toBe(1);
  });

  it('reads a text part longer than the mail kind reads twice, each as itself', async () => {
    const parsed = await parseMessage(reply('The toner light is on as well.', 200));
    const readings: TextPartReadings = new Map();
    ownText(parsed, readings);
    const note = extractReplyText({ text: parsed.text, html: parsed.html }, readings);
    expect(readings.size).toBe(2);
    expect(note.replyText).toBe('The toner light is on as well.');
  });

  it('gives the pipeline the same note as a reading of its own, message after message', async () => {
    for (const own of ['First answer.', 'Second answer.']) {
      const prepared = await preparePipeline(reply(own, 3), settings, null);
      expect(prepared.replyText).toBe(own);
      expect(extractReplyText({ text: prepared.parsed.text, html: prepared.parsed.html }).replyText).toBe(prepared.replyText);
    }
  });
});
