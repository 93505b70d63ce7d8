// Answers typed into our own status mail where a reply quotes it without "> " marks (Outlook's
// plain "-----Original Message-----" or From/Sent block, or its HTML quote over the bare mail) are
// what the person typed, and join the note: the person's own blocks, in order, one blank line apart,
// without the questions they answer. The mail is known by what we sent (its text, kept with its
// row), so an answer needs no mark of its own ("ML: ..."), and our own lines stay out however the
// client re-wrapped them, spaced them, bulleted them or wrote their links.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { readBehaviour, REPLY_BEHAVIOURS_DIR, squash } from './reply-behaviour-fixtures.ts';

/** The "waiting for your response" mail the fixtures answer, as it went out. */
const SENT = readFileSync(path.join(REPLY_BEHAVIOURS_DIR, 'answers-typed-into-status-mail.sent.txt'), 'utf8');

const SNAPSHOTS = path.join('test', 'outbound', '__snapshots__');
// Every mail about a ticket, as its text part goes out (the golden files of test/outbound/render.test.ts).
const statusMails = readdirSync(SNAPSHOTS)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ name: f, text: readFileSync(path.join(SNAPSHOTS, f), 'utf8').replace(/^Subject: [^\n]*\n+/, '') }))
  .filter((m) => m.text.includes('because you are on issue'));

/**
 * `mail` as Outlook quotes it in a plain-text reply: each paragraph's lines joined and wrapped again
 * at 76, runs of spaces made tabs or single spaces, bullets its own, a link glued to its text.
 */
function outlookRewrap(mail: string): string[] {
  const out: string[] = [];
  for (const paragraph of mail.split(/\n\s*\n/)) {
    const joined = paragraph.replace(/\s*\n\s*/g, ' ').replace(/ +</g, '<').replace(/^ ?\* /, '*\t').replace(/ {2,}/g, '\t').trim();
    if (joined === '') continue;
    let line = '';
    for (const word of joined.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > 76) {
        out.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(line, '');
  }
  return out;
}

const OUTLOOK_HEADER = [
  '-----Original Message-----',
  'From: ClientTrack Help Desk <helpdesk@example.test>',
  'Sent: Tuesday, March 4, 2025 9:59 AM',
  'To: Becky Tyler <becky@example.test>',
  'Subject: [ClientTrack Issues Tracking] Issue Utah_RW-180',
  '',
];

describe('answers typed into our quoted status mail', () => {
  it('are kept in order after the text above the quote, when marked as the person marks them ("ML: ...")', async () => {
    const { reply, expected } = await readBehaviour('outlook-answers-typed-into-status-mail-marked', SENT);
    expect(reply.replyText).toBe(expected);
    expect(reply.quoted).toContain('Which: which report are you running?');
    expect(reply.quoted).not.toContain('ML:');
  });

  it('are kept without any mark, right under each question, and a two-line answer stays one block', async () => {
    const { reply, expected } = await readBehaviour('outlook-answers-typed-into-status-mail-unmarked', SENT);
    expect(reply.replyText).toBe(expected);
  });

  it('are kept from an Outlook HTML reply that quotes the mail in its own container, and its text part agrees', async () => {
    const { reply, expected } = await readBehaviour('outlook-html-answers-typed-into-status-mail', SENT);
    expect(reply.replyText).toBe(expected);
  });

  it('leave no question, link or line of ours in the note', async () => {
    for (const name of ['outlook-answers-typed-into-status-mail-marked', 'outlook-answers-typed-into-status-mail-unmarked', 'outlook-html-answers-typed-into-status-mail']) {
      const { reply } = await readBehaviour(name, SENT);
      for (const ours of ['report are you running', 'reporting period', 'Note', 'two things', 'Utah_RW-212', 'https:', 'mailto:', 'updating', 'Issues Tracking', 'Hello']) {
        expect(reply.replyText, `${name}: ${ours}`).not.toContain(ours);
      }
    }
  });

  it('are not told apart when the mail we sent is not known: the quote goes whole, as before', async () => {
    const { reply } = await readBehaviour('outlook-answers-typed-into-status-mail-marked');
    expect(reply.replyText).toBe('Summer - my answers are below, marked ML.\n\nMaria');
  });

  it('are not read out of a quote that is not the mail we sent', async () => {
    // Told the text of another status mail, the quoted lines mostly are not it: nothing is taken from them.
    const { reply } = await readBehaviour('outlook-answers-typed-into-status-mail-marked', statusMails.find((m) => m.name === 'assigned.txt')!.text);
    expect(reply.replyText).toBe('Summer - my answers are below, marked ML.\n\nMaria');
  });

  it('has golden status mails to read', () => {
    expect(statusMails.length).toBeGreaterThan(15);
  });

  for (const mail of statusMails) {
    it(`keeps nothing of the re-wrapped ${mail.name} when nothing was typed into it`, () => {
      const text = ['Thanks, see you Monday.', '', 'Becky', '', ...OUTLOOK_HEADER, ...outlookRewrap(mail.text)].join('\n');
      expect(extractReplyText({ text, html: null }, undefined, mail.text).replyText).toBe('Thanks, see you Monday.\n\nBecky');
    });

    it(`keeps what was typed under the greeting of the re-wrapped ${mail.name}`, () => {
      const quoted = outlookRewrap(mail.text);
      const greeting = quoted.findIndex((line) => line.startsWith('Hello '));
      expect(greeting).toBeGreaterThan(0);
      quoted.splice(greeting + 1, 0, 'Our answer: the 2024 APR, run for 10/1/2023 - 9/30/2024.');
      const text = ['Answers below.', '', ...OUTLOOK_HEADER, ...quoted].join('\n');
      const reply = extractReplyText({ text, html: null }, undefined, mail.text);
      expect(squash(reply.replyText)).toBe(squash('Answers below.\n\nOur answer: the 2024 APR, run for 10/1/2023 - 9/30/2024.'));
    });
  }
});
