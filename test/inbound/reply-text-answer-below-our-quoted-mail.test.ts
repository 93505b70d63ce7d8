// An answer typed below our own status mail, quoted without "> " marks (Outlook's plain text
// "-----Original Message-----" or header block over the bare text), is what the person typed and
// becomes the note: the quoted mail opens with our reply marker and ends with our closing line
// ("ClientTrack Issues Tracking"), so what follows that line is theirs again. A reply that only
// quotes stays empty, and text above the quote stays the note as before.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALICE, mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import type { TicketState } from '../../src/tickets/types.ts';
import { readBehaviour, squash } from './reply-behaviour-fixtures.ts';

const SNAPSHOTS = path.join('test', 'outbound', '__snapshots__');
// Every mail about a ticket, as its text part goes out (the golden files of test/outbound/render.test.ts).
const statusMails = readdirSync(SNAPSHOTS)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ name: f, text: readFileSync(path.join(SNAPSHOTS, f), 'utf8') }))
  .filter((m) => m.text.includes('because you are on issue'));

const ANSWER = 'Still broken after the update, same error on AAAA111111.';

/** Outlook's plain-text quote of `mail` (without its Subject line): a separator, a header block, the bare text. */
function outlookQuote(mail: string): string {
  const body = mail.replace(/^Subject: [^\n]*\n+/, '');
  return [
    '-----Original Message-----',
    'From: ClientTrack Help Desk <helpdesk@example.test>',
    'Sent: Tuesday, March 4, 2025 9:59 AM',
    'To: Alice Example <alice@example.test>',
    'Subject: [ClientTrack Issues Tracking] Issue Utah_RW-180',
    '',
    body.trimEnd(),
  ].join('\n');
}

describe('an answer typed below our quoted status mail', () => {
  it('is the note of an Outlook reply that puts the history first, without the signature', async () => {
    const { reply, expected } = await readBehaviour('outlook-answer-below-original-message');
    expect(reply.replyText).toBe(expected);
    expect(reply.quoted).toContain('has been assigned to Summer');
    expect(reply.quoted).toContain('ClientTrack Issues Tracking');
    expect(reply.quoted).not.toContain('Still broken');
  });

  it('has golden status mails to read', () => {
    expect(statusMails.length).toBeGreaterThan(15);
  });

  for (const mail of statusMails) {
    it(`is kept below the quoted ${mail.name}, and the mail is not`, () => {
      const text = `${outlookQuote(mail.text)}\n\n${ANSWER}\n\nAlice`;
      const reply = extractReplyText({ text, html: null });
      expect(squash(reply.replyText)).toBe(squash(`${ANSWER}\n\nAlice`));
      expect(reply.quoted).toContain('Please type your reply above this line');
    });
  }

  it('keeps the text above the quote alone when nothing but a gateway notice follows the mail', () => {
    const notice = 'This message has been scanned for viruses by the Example mail gateway.\nThe information in this email is confidential and may be legally privileged. If you have received this email in error, please delete it and notify the sender.';
    const text = `Works now, thank you.\n\nAlice\n\n${outlookQuote(statusMails[0]!.text)}\n\n${notice}`;
    expect(extractReplyText({ text, html: null }).replyText).toBe('Works now, thank you.\n\nAlice');
  });

  it('keeps the text above and the text below, one blank line apart', () => {
    const text = `See my answer under your mail.\n\n${outlookQuote(statusMails[0]!.text)}\n\n${ANSWER}`;
    expect(extractReplyText({ text, html: null }).replyText).toBe(`See my answer under your mail.\n\n${ANSWER}`);
  });

  it('leaves a reply that only quotes our mail empty', () => {
    const text = `${outlookQuote(statusMails[0]!.text)}\n\n`;
    expect(extractReplyText({ text, html: null }).replyText).toBe('');
  });

  it('does not read below unmarked history that is not our status mail', () => {
    const text = ['-----Original Message-----', 'From: Dana <dana@example.test>', 'Sent: Monday, March 3, 2025 8:00 AM', '', 'Can you look at this?', '', 'ClientTrack Issues Tracking', '', 'More of Dana\'s mail.'].join('\n');
    expect(extractReplyText({ text, html: null }).replyText).toBe('');
  });
});

describe('a bottom-posted reply by mail on a ticket', () => {
  const ticket: TicketState = {
    id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Cannot log in',
    assigneeEmail: 'summer@example.test', closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'login_password_account', missingInfo: [], clientIds: [], version: 1,
  };
  const lookup: ThreadLookup = {
    findThread: async () => ({ ticket, matchedBy: 'message-id', participants: [ALICE] }),
    personEmail: async (id) => (id === 1 ? ALICE.email : null),
    isAdmin: async () => false,
    duplicateOf: async () => undefined,
  };

  it('adds the text below the quoted status mail as a note, rather than ignoring the reply as empty', async () => {
    const r = await runPipeline(mailFixture('reply-behaviours/outlook-answer-below-original-message.eml'), PIPELINE_SETTINGS, lookup, loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null }), REPLY_NOW);
    const change = r.decision.change;
    expect(change.kind).toBe('update');
    if (change.kind !== 'update') return;
    expect(change.outcome).toBe('appended');
    expect(change.note?.body).toBe(ANSWER);
    expect(change.patch.clientIds).toEqual(['AAAA111111']);
  });
});
