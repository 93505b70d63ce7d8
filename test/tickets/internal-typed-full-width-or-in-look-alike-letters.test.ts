// A staff note's #internal typed with an East Asian input method (`＃ｉｎｔｅｒｎａｌ`, `#Ｉｎｔｅｒｎａｌ`) is
// #internal: the note is internal, as the plain command makes it. Typed with a letter of another
// alphabet that only looks Latin (`#іnternal` with a Cyrillic і, a Greek ι) it is #internal misspelt:
// the note and its files are added for no one and the sender alone is told why, never mailed to the
// requester. Other commands read the same way: `＃ｃｌｏｓｅ` closes, `#fixеd` (Cyrillic е) is reported
// as a typo is. The note itself keeps what was typed.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext, type TicketDecision } from '../../src/tickets/decide.ts';
import type { AttachmentInfo, Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 3, email: 'summer@utah.test', name: 'Summer Bammes', role: 'admin', notify: true };
const CONTEXT: DecideContext = {
  participants: [BECKY, SUMMER], staff: [{ email: SUMMER.email, name: SUMMER.name }], reopenDays: 14,
  helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const admin: Actor = { email: SUMMER.email, personId: 3, roles: ['admin'], authenticated: true };
const TICKET: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Enrollment will not save', assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null,
};
const PDF: AttachmentInfo = { filename: 'intake-form.pdf', contentType: 'application/pdf', size: 125_000, checksum: 'b'.repeat(64), contentId: null, partId: '2', inline: false };
const SECRET = 'Client DOB is 01/02/1980 and SSN ends 4421; do not tell the requester yet.';

function reply(text: string): TicketDecision {
  const parsed = parseReplyCommands(text);
  return decide(TICKET, admin, {
    commands: parsed.commands, problems: parsed.problems, noteText: parsed.noteText, attachments: [PDF], filesSent: true,
  }, NOW, CONTEXT);
}

function update(decision: TicketDecision) {
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}`);
  return decision;
}

describe('#internal typed in full-width letters', () => {
  it.each(['＃ｉｎｔｅｒｎａｌ', '#ｉｎｔｅｒｎａｌ', '#Ｉｎｔｅｒｎａｌ', '＃internal', '﹟internal', '*＃ｉｎｔｅｒｎａｌ*'])('makes the note internal when the first line is %j', (line) => {
    const change = update(reply(`${line}\n${SECRET}`));
    expect(change.note).toMatchObject({ internal: true, body: SECRET });
    expect(change.attachments).toEqual([PDF]);
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
    expect(change.events[0]!.payload.refusals ?? []).toEqual([]);
  });
});

describe('#internal spelt with letters that only look Latin', () => {
  it.each([
    '#іnternal', // Cyrillic і
    '#іntеrnаl', // Cyrillic і, е, а
    '#ІNTERNAL', // Cyrillic І
    '#ιnternal', // Greek ι
    '#іnternal - staff only',
    'Becky, #іnternal',
    'Becky,\n#іnternal',
  ])('withholds the note and its files, and tells the sender alone, for %j', (line) => {
    const change = update(reply(`${line}\n${SECRET}`));
    expect(change.note).toBeNull();
    expect(change.attachments).toEqual([]);
    expect(change.events.map((e) => e.event)).toEqual(['command_refused']);
    expect(change.events[0]!.payload.to).toBe(SUMMER.email);
    const refusals = change.events[0]!.payload.refusals as { command: string; reason: string }[];
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.reason).toMatch(/is not a command, but it reads like #internal: the note was not added .*#internal alone on the first line/);
    expect(JSON.stringify(change)).not.toContain('4421');
  });
});

describe('other commands in full-width or look-alike letters', () => {
  it('carries out a full-width command, which is the command it spells', () => {
    const change = update(reply('＃ｃｌｏｓｅ\nAll sorted now.'));
    expect(change.patch.status).toBe('closed');
    expect(change.note).toMatchObject({ internal: false, body: 'All sorted now.' });
  });

  it('reports a command spelt with look-alike letters as a typo is, and keeps it out of the note', () => {
    for (const [line, meant] of [['#fixеd', '#fixed'], ['#clоse', '#close']] as const) {
      const parsed = parseReplyCommands(`${line}\nThe report runs again.`);
      expect(parsed.commands).toEqual([]);
      expect(parsed.noteText).toBe('The report runs again.');
      expect(parsed.problems).toEqual([{
        line,
        reason: `${line} is not a command: it is spelt with letters of another alphabet that look like Latin ones; to give the command, type it in plain letters: ${meant}`,
      }]);
    }
    expect(parseReplyCommands('#сlse\nThe report runs again.').problems[0]?.reason).toMatch(/^#сlse is not a command: .*; known commands are #assign/);
  });

  it('keeps a # word of another alphabet as note text, and the note as it was typed', () => {
    expect(parseReplyCommands('#привет\nОтчёт готов.')).toEqual({ commands: [], problems: [], noteText: '#привет\nОтчёт готов.' });
    expect(parseReplyCommands('＃ｃｌｏｓｅ\nＡＢＣ１２３ was the code on the ｆｏｒｍ.').noteText).toBe('ＡＢＣ１２３ was the code on the ｆｏｒｍ.');
  });
});
