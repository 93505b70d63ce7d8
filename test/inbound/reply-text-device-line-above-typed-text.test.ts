// A device line ("Sent from my iPhone") is always removed, and below typed text it ends the reply;
// with nothing typed above it (the client put it first and the person wrote under it) its paragraph
// goes (a footer's further lines: "Please excuse any typos.", a name) and what comes after a blank
// line is still read: the typed text stays, the quoted history still goes
// (../shared/notes/reply-conventions.md).
import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { readBehaviour, squash } from './reply-behaviour-fixtures.ts';

describe('a device line above the typed text', () => {
  it('goes, and the text typed under it is the note', async () => {
    const { reply, expected } = await readBehaviour('device-line-above-typed-text');
    expect(squash(reply.replyText)).toBe(squash(expected));
    expect(reply.replyText).not.toContain('Sent from my iPhone');
    expect(reply.quoted).toContain('Issue Utah_RW-214 has been fixed.');
    expect(reply.cuts.map((c) => c.rule)).toEqual(['device-line', 'quote-lines']);
  });

  it('leaves an empty note when nothing was typed under it either', () => {
    const quoted = 'Sent from my iPhone\n\n> On Dec 10, 2026, at 2:05 PM, Help Desk <helpdesk@deskmail.example> wrote:\n>\n> Please verify the fix.\n';
    expect(extractReplyText({ text: quoted, html: null }).replyText).toBe('');
    const unprefixed = 'Sent from my iPhone\n\nOn Dec 10, 2026, at 2:05 PM, Help Desk <helpdesk@deskmail.example> wrote:\n\nPlease verify the fix.\n';
    expect(extractReplyText({ text: unprefixed, html: null }).replyText).toBe('');
  });

  it.each([
    ['device-footer-two-lines-nothing-typed', 'Please excuse any typos.'],
    ['device-footer-with-name-nothing-typed', 'John'],
  ])('takes the rest of its paragraph with it when nothing was typed (%s)', async (name, footerLine) => {
    const { reply, expected } = await readBehaviour(name);
    expect(expected).toBe('');
    expect(reply.replyText).toBe('');
    expect(reply.quoted).toContain(footerLine);
    expect(reply.cuts[0]?.rule).toBe('device-line');
  });

  it('keeps the walk reading quoted history that starts right under it', () => {
    const text = 'Sent from my iPhone\nOn Dec 10, 2026, at 2:05 PM, Help Desk <helpdesk@deskmail.example> wrote:\n> Please verify the fix.\n\nStill broken on AAAA111111.\n';
    const reply = extractReplyText({ text, html: null });
    expect(reply.replyText).toBe('Still broken on AAAA111111.');
    expect(reply.cuts.map((c) => c.rule)).toEqual(['device-line', 'attribution', 'quote-lines']);
  });

  it('still ends the reply below typed text', () => {
    const text = 'Works now, thank you.\n\nSent from my iPhone\n\nThis message may contain confidential information.\n';
    expect(extractReplyText({ text, html: null }).replyText).toBe('Works now, thank you.');
  });
});
