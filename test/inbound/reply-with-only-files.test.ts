// Which files of a reply its sender sent (findSentFiles), as mail clients write them: an attached
// file, a phone's photo, an image pasted into the reply (Gmail's `[image: image.png]`, Outlook's
// `[cid:...]`) are; an inline image the message places in its signature or in the quoted history
// (a signature's logo) is not. A reply of such files alone answers a waiting ticket as a note that
// carries them; one whose only image is its signature's logo stays without effect, and so does a
// forged internal note's file, as its text does.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.ts';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { findSentFiles } from '../../src/inbound/sent-files.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import type { AttachmentInfo, Participant, TicketState } from '../../src/tickets/types.ts';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail/reply-files');
const fixture = (name: string) => readFileSync(resolve(dir, `${name}.eml`));

/** Each fixture and the files its sender sent. */
const SENT: Record<string, string[]> = {
  'gmail-pasted-image-only': ['image.png'],
  'iphone-photo-only': ['IMG_0412.png'],
  'pdf-only': ['enrollment-error.pdf'],
  'outlook-screenshot-above-signature-logo': ['image002.png'],
  'outlook-signature-logo-only': [],
};

const image = (filename: string, contentId: string): AttachmentInfo => ({ filename, contentType: 'image/png', size: 2_000, checksum: 'c'.repeat(64), contentId, partId: '2', inline: true });

describe('the files a reply\'s sender sent', () => {
  for (const [name, sent] of Object.entries(SENT)) {
    it(`${name}: ${sent.length ? sent.join(', ') : 'none'}`, async () => {
      const msg = await parseMessage(fixture(name));
      expect(findSentFiles(msg).map((f) => f.filename)).toEqual(sent);
    });
  }

  it('reads where the HTML places an image when the text part does not say', () => {
    const logo = image('logo.png', 'logo@sig');
    const shot = image('shot.png', 'shot@reply');
    const html = '<div dir="ltr"><img src="cid:shot@reply" alt="shot.png"><br></div>'
      + '<div class="gmail_signature"><div>Becky Tyler</div><div><img src="cid:logo@sig"></div></div>'
      + '<div class="gmail_quote"><div class="gmail_attr">On Wed, May 20, 2026 at 9:00 AM Help Desk wrote:</div><blockquote class="gmail_quote"><p>Please send a screenshot.</p></blockquote></div>';
    expect(findSentFiles({ text: '', html, attachments: [shot, logo] }).map((f) => f.filename)).toEqual(['shot.png']);
  });

  it('does not take an image in the quoted history for one the sender sent', () => {
    const old = image('image003.png', 'image003.png@01DCE8A1');
    const text = ['', 'From: Becky Tyler <becky@utah.test>', 'Sent: Tuesday, May 19, 2026 4:00 PM', 'To: Help Desk', 'Subject: Enrollment', '', 'It fails like this:', '[cid:image003.png@01DCE8A1]'].join('\n');
    expect(findSentFiles({ text, html: null, attachments: [old] })).toEqual([]);
  });

  it('counts every attached file, and an inline file the message places nowhere', () => {
    const csv: AttachmentInfo = { filename: 'export.csv', contentType: 'text/csv', size: 900, checksum: 'd'.repeat(64), contentId: null, partId: '2', inline: false };
    const photo = image('IMG_0001.png', '');
    expect(findSentFiles({ text: '-- \nBecky', html: null, attachments: [csv, { ...photo, contentId: null }] }).map((f) => f.filename)).toEqual(['export.csv', 'IMG_0001.png']);
  });
});

describe('a reply of files alone on a ticket waiting for its answer', () => {
  const NOW = new Date('2026-05-20T17:00:00Z');
  const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
  const SUMMER: Participant = { personId: 3, email: 'summer@utah.test', name: 'Summer Bammes', role: 'admin', notify: true };
  const SETTINGS: PipelineSettings = {
    helpdeskAddress: 'helpdesk@utah.test', adminEmails: [SUMMER.email], supportAddress: null, reopenDays: 14, staff: [{ email: SUMMER.email, name: SUMMER.name }],
    systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
  };
  const waiting: TicketState = {
    id: 180, ref: 'Utah_RW-180', status: 'waiting_for_response', resolution: null, type: 'issue', priority: 'normal',
    summary: 'Enrollment will not save', assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null,
  };
  const lookup: ThreadLookup = {
    findThread: async () => ({ ticket: waiting, matchedBy: 'token', participants: [BECKY, SUMMER] }),
    personEmail: async (id) => [BECKY, SUMMER].find((p) => p.personId === id)?.email ?? null,
    isAdmin: async (email) => email === SUMMER.email,
    duplicateOf: async () => undefined,
  };
  /** The fixture as Becky sent it: to her own signed reply address on the ticket. */
  const toBeckysAddress = (raw: Buffer) => {
    const address = makeReplyAddress(SETTINGS.helpdeskAddress, { ticketId: 180, personId: 1 }, SETTINGS.secretKey, 0, NOW);
    return Buffer.from(raw.toString('latin1').replace(/^To: .*$/m, `To: ${address}`), 'latin1');
  };

  for (const [name, sent] of Object.entries(SENT).filter(([, files]) => files.length > 0)) {
    it(`sends the ticket back to work with a note carrying the files: ${name}`, async () => {
      const { decision } = await runPipeline(toBeckysAddress(fixture(name)), SETTINGS, lookup, null, NOW);
      const change = decision.change;
      if (change.kind !== 'update') throw new Error(`expected an update, got ${JSON.stringify(change)}`);
      expect(change.outcome).toBe('appended');
      expect(change.patch.status).toBe('assigned');
      expect(change.note).toMatchObject({ author: { email: BECKY.email }, kind: 'note', body: 'Files added.', internal: false });
      expect(change.attachments.map((f) => f.filename)).toEqual(expect.arrayContaining(sent));
      expect(change.events.map((e) => [e.event, e.withNote])).toEqual([['new_note', true]]);
    });
  }

  it('keeps the file of a forged internal note off the ticket, as its text is', async () => {
    const forged = fixture('pdf-only').toString('latin1')
      .replace(/^From: .*$/m, `From: Summer Bammes <${SUMMER.email}>`)
      .replace('Content-Type: text/plain; charset=utf-8\r\n\r\n', 'Content-Type: text/plain; charset=utf-8\r\n\r\n#internal');
    const failed = { verified: 'fail', reason: 'dmarc=fail (p=reject) for utah.test' } as const;
    const { decision } = await runPipeline(Buffer.from(forged, 'latin1'), SETTINGS, lookup, null, NOW, {}, undefined, failed);
    expect(decision.change).toEqual({ kind: 'ignore', reason: 'empty-reply', ticketId: 180 });
  });

  it('reopens a closed ticket on a thanks with a screenshot pasted in, as with one attached: the file is for someone to look at', async () => {
    const closed: TicketState = { ...waiting, status: 'closed', resolution: 'verified', closedAt: new Date(NOW.getTime() - 2 * 86_400_000) };
    const onClosed: ThreadLookup = { ...lookup, findThread: async () => ({ ticket: closed, matchedBy: 'token', participants: [BECKY, SUMMER] }) };
    const pasted = fixture('gmail-pasted-image-only').toString('latin1')
      .replace('\r\n[image: image.png]\r\n', '\r\nThanks!\r\n[image: image.png]\r\n').replace('<div dir="ltr"><img', '<div dir="ltr">Thanks!<br><img');
    const attached = fixture('pdf-only').toString('latin1').replace('Content-Type: text/plain; charset=utf-8\r\n\r\n', 'Content-Type: text/plain; charset=utf-8\r\n\r\nThanks!');
    for (const raw of [pasted, attached]) {
      const { decision } = await runPipeline(toBeckysAddress(Buffer.from(raw, 'latin1')), SETTINGS, onClosed, null, NOW);
      const change = decision.change;
      if (change.kind !== 'update') throw new Error(`expected an update, got ${JSON.stringify(change)}`);
      expect(change.note?.body).toBe('Thanks!');
      expect(change.events.map((e) => e.event)).toEqual(['reopened']);
    }
    // A thanks alone leaves it closed (tickets/thanks-only.ts).
    const alone = fixture('pdf-only').toString('latin1').replace(/Content-Type: application\/pdf[\s\S]*?(?=\r\n--)/, '').replace('Content-Type: text/plain; charset=utf-8\r\n\r\n', 'Content-Type: text/plain; charset=utf-8\r\n\r\nThanks!');
    const { decision } = await runPipeline(toBeckysAddress(Buffer.from(alone, 'latin1')), SETTINGS, onClosed, null, NOW);
    expect(decision.change.kind === 'update' ? decision.change.events.map((e) => e.event) : decision.change.kind).toEqual(['new_note']);
  });

  it('leaves the ticket waiting on a reply whose only image is its signature\'s logo', async () => {
    const { decision } = await runPipeline(toBeckysAddress(fixture('outlook-signature-logo-only')), SETTINGS, lookup, null, NOW);
    expect(decision.change).toEqual({ kind: 'ignore', reason: 'empty-reply', ticketId: 180 });
  });
});
