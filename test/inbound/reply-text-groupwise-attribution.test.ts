// GroupWise heads the message it quotes with ">>> Name <address> 12/7/2026 8:05 AM >>>" and leaves
// the history under it unprefixed: that line ends what the person typed, in an HTML-only reply and
// in a plain-text ISO-8859-1 one alike. A typed ">>> ... >>>" line that names no sender and no time
// is no header, and nothing under it is cut.
import { describe, expect, it } from 'vitest';
import { readBehaviour, squash } from './reply-behaviour-fixtures.ts';

describe('GroupWise ">>> Name <address> date time >>>" attribution', () => {
  it('ends the reply in an HTML-only GroupWise mail; the signature block above it goes, the closing stays', async () => {
    const { reply, expected } = await readBehaviour('groupwise-html-signature');
    expect(squash(reply.replyText)).toBe(squash(expected));
    expect(reply.source).toBe('html');
    expect(reply.replyText).not.toContain('print spooler on the 3rd floor');
    expect(reply.replyText).not.toContain('Records Supervisor');
    expect(reply.cuts).toContainEqual({ rule: 'attribution', line: 15 });
    expect(reply.quoted).toContain('>>> Help Desk <help@deskmail.example> 12/7/2026 8:05 AM >>>');
  });

  it('ends the reply in a plain-text ISO-8859-1 GroupWise mail, decoded before the cut', async () => {
    const { reply, expected } = await readBehaviour('groupwise-plain-iso-8859-1');
    expect(squash(reply.replyText)).toBe(squash(expected));
    expect(reply.replyText).toContain('réglé');
    expect(reply.replyText.endsWith('Hélène')).toBe(true);
    expect(reply.cuts).toEqual([{ rule: 'attribution', line: 6 }]);
  });

  it('keeps a typed ">>> ... >>>" line that names no sender, and every line under it', async () => {
    const { reply, expected } = await readBehaviour('groupwise-typed-arrows');
    expect(reply.replyText).toBe(expected);
    expect(reply.cuts).toEqual([]);
  });
});
