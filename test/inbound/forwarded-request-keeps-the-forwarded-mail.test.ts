// Staff forward a client's or a colleague's mail to the help desk. For a new request the description
// is what they typed (often nothing, or "Please see below.") and the message they pass on; the note of
// a reply on a ticket keeps only what was typed (the reply conventions cut a forward's history there).
// An Outlook forward (a From/Sent/To/Subject block or "-----Original Message-----") is a forward when
// the subject says so ("FW:", "Fwd:"); a Gmail or Apple forward says so itself.
import { describe, expect, it } from 'vitest';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { isForwardSubject, requestTextOf } from '../../src/inbound/request-text.ts';
import { mailFixture } from '../support/pipeline-settings.ts';

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

async function read(name: string, subject?: string) {
  const msg = await parseMessage(mailFixture(`forwards/${name}`));
  const reading = extractReplyText({ text: msg.text, html: msg.html });
  const forward = isForwardSubject(subject ?? msg.subject, defaultMailSigns());
  return { reading, request: requestTextOf(reading, forward) };
}

const BIRTHDATE = 'Client ABCD123456 shows a birthdate of 01/01/1900 on the Client Profile page';

describe('a forward with nothing typed above it is the request', () => {
  it.each([
    ['outlook-header-block-nothing-typed.eml', BIRTHDATE, 'From: Maria Lopez <maria.lopez@nsc.example.test>'],
    ['outlook-html-header-block-nothing-typed.eml', BIRTHDATE, 'From: Maria Lopez <maria.lopez@nsc.example.test>'],
    ['outlook-html-only-nothing-typed.eml', BIRTHDATE, 'From: Maria Lopez <maria.lopez@nsc.example.test>'],
    ['outlook-original-message-nothing-typed.eml', 'Can I get a ClientTrack user account and the new user training?', 'From: Tom Reyes [mailto:treyes@nsc.example.test]'],
    ['outlook-macch-request-nothing-typed.eml', 'the Reyes family (ABCD123456) scored higher', 'Subject: Family passed over on the community queue'],
    ['gmail-nothing-typed.eml', BIRTHDATE, '---------- Forwarded message ---------'],
  ])('%s', async (name, body, header) => {
    const { request } = await read(name);
    expect(squash(request)).toContain(squash(body));
    expect(request).toContain(header);
  });

  it.each(['outlook-header-block-nothing-typed.eml', 'outlook-html-only-nothing-typed.eml'])('keeps the forwarded message from its header down, without the rule drawn above it (%s)', async (name) => {
    const { request } = await read(name);
    expect(request.split('\n')[0]).toBe('From: Maria Lopez <maria.lopez@nsc.example.test>');
    expect(request).not.toMatch(/_____|-----/);
  });

  it('leaves the note of a reply as the conventions say: nothing typed over Outlook history is empty', async () => {
    for (const name of ['outlook-header-block-nothing-typed.eml', 'outlook-html-only-nothing-typed.eml', 'outlook-original-message-nothing-typed.eml']) {
      expect((await read(name)).reading.replyText, name).toBe('');
    }
  });

  it('reads a header block under a subject that is no forward as history, not as a request', async () => {
    for (const subject of ['RE: Client record shows wrong birthdate', 'Client record shows wrong birthdate', 'RE: FW: Client record shows wrong birthdate']) {
      expect((await read('outlook-header-block-nothing-typed.eml', subject)).request, subject).toBe('');
    }
  });
});

describe('a forward with a comment above it keeps the comment and the forwarded message', () => {
  it.each([
    ['gmail-comment-above.eml', 'Please see below.', '---------- Forwarded message ---------'],
    ['outlook-comment-above.eml', 'Hi help desk, can you look at this one from our case manager? Thanks, Becky', 'From: Maria Lopez <maria.lopez@shelter.example.test>'],
    ['apple-comment-above.eml', 'FYI, this is urgent for her.\n\nBecky', 'Begin forwarded message:'],
  ])('%s', async (name, comment, header) => {
    const { reading, request } = await read(name);
    // The comment first, then the forwarded message with its header lines as the forward shows them.
    expect(request.startsWith(comment)).toBe(true);
    expect(request).toContain(header);
    expect(request).toContain('Subject: Client record shows wrong birthdate');
    expect(squash(request)).toContain(squash(BIRTHDATE));
    expect(request.indexOf(header)).toBeGreaterThan(request.indexOf(comment));
    // The note of a reply is still only the comment (reply conventions: quoted history always goes).
    expect(reading.replyText).toBe(comment);
  });
});

describe('which subjects say the mail passes another one on', () => {
  it.each(['FW: x', 'Fwd: x', 'fwd : x', 'WG: x', 'TR: x', 'RV: x', 'ENC: x'])('%s is a forward', (subject) => {
    expect(isForwardSubject(subject, defaultMailSigns())).toBe(true);
  });
  it.each(['RE: x', 'AW: x', 'Forward planning for March', 'RE: FW: x', 'x FW: y', ''])('%s is not', (subject) => {
    expect(isForwardSubject(subject, defaultMailSigns())).toBe(false);
  });
});
