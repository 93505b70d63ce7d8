import { describe, expect, it } from 'vitest';
import { formatCommand, parseReplyCommands } from '../../src/tickets/commands.ts';

describe('reading commands at the top of a reply', () => {
  it('takes command lines at the top and leaves the rest as the note', () => {
    const parsed = parseReplyCommands('#assign summer@utah.test\n#priority high\n\nPlease look at the eligibility dates.\nThanks');
    expect(parsed.commands).toEqual([
      { kind: 'assign', target: 'summer@utah.test' },
      { kind: 'priority', value: 'high' },
    ]);
    expect(parsed.noteText).toBe('Please look at the eligibility dates.\nThanks');
    expect(parsed.problems).toEqual([]);
  });

  it('gives an empty note when the reply is only commands', () => {
    expect(parseReplyCommands('#fixed\n').noteText).toBe('');
  });

  it('reads commands whatever their case', () => {
    expect(parseReplyCommands('#FIXED\n#Priority URGENT\n#Type Question').commands).toEqual([
      { kind: 'fixed' },
      { kind: 'priority', value: 'urgent' },
      { kind: 'type', value: 'question' },
    ]);
  });

  it('tolerates a leading space and a trailing period', () => {
    expect(parseReplyCommands('   #verified.\nAll good now.').commands).toEqual([{ kind: 'verified' }]);
  });

  it('tolerates rich-text emphasis around a command', () => {
    expect(parseReplyCommands('*#Fixed*').commands).toEqual([{ kind: 'fixed' }]);
    expect(parseReplyCommands('**#fixed**').commands).toEqual([{ kind: 'fixed' }]);
    expect(parseReplyCommands('_#close_').commands).toEqual([{ kind: 'close' }]);
  });

  it('tolerates non-breaking and zero-width spaces from rich-text editors', () => {
    const parsed = parseReplyCommands('\u00a0#priority\u00a0low\u200b\n#notfixed\u00a0\nStill broken.');
    expect(parsed.commands).toEqual([{ kind: 'priority', value: 'low' }, { kind: 'notfixed' }]);
    expect(parsed.noteText).toBe('Still broken.');
  });

  it('reads "#not fixed" and "#not-fixed" as #notfixed', () => {
    expect(parseReplyCommands('#not fixed\n#Not-Fixed').commands).toEqual([{ kind: 'notfixed' }, { kind: 'notfixed' }]);
  });

  it('reads a command written with a space after the number sign', () => {
    expect(parseReplyCommands('# fixed').commands).toEqual([{ kind: 'fixed' }]);
  });

  it('treats "# something" that is no command as text, not as a problem', () => {
    const parsed = parseReplyCommands('# 3 is the broken field\nsee above');
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.noteText).toBe('# 3 is the broken field\nsee above');
  });

  it('reads commands separated by the blank lines HTML-to-text leaves behind', () => {
    const parsed = parseReplyCommands('\n\n#assign Summer Bammes\n\n\n#waiting\n\n\nWhich client ID is it?\n\n');
    expect(parsed.commands).toEqual([{ kind: 'assign', target: 'Summer Bammes' }, { kind: 'waiting' }]);
    expect(parsed.noteText).toBe('Which client ID is it?');
  });

  it('reads commands below a greeting line and keeps the greeting in the note', () => {
    const parsed = parseReplyCommands('Hi Becky,\n\n#fixed\n\nThe org was changed.');
    expect(parsed.commands).toEqual([{ kind: 'fixed' }]);
    expect(parsed.noteText).toBe('Hi Becky,\n\nThe org was changed.');
  });

  it('reads the address out of a mailto link and a display name', () => {
    expect(parseReplyCommands('#cc bob@utah.test [mailto:bob@utah.test]').commands).toEqual([{ kind: 'cc', email: 'bob@utah.test' }]);
    expect(parseReplyCommands('#assign Summer Bammes <Summer@Utah.test>').commands).toEqual([{ kind: 'assign', target: 'Summer@Utah.test' }]);
  });

  it('adds several people from one #cc line', () => {
    expect(parseReplyCommands('#cc Ann@utah.test, bob@utah.test.').commands).toEqual([
      { kind: 'cc', email: 'ann@utah.test' },
      { kind: 'cc', email: 'bob@utah.test' },
    ]);
  });

  it('accepts a colon after the command word', () => {
    expect(parseReplyCommands('#priority: high').commands).toEqual([{ kind: 'priority', value: 'high' }]);
  });

  it('reports an unknown #word at the top as a problem and keeps it out of the note', () => {
    const parsed = parseReplyCommands('#fixd\nThe fix is in.');
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems).toEqual([{ line: '#fixd', reason: expect.stringMatching(/unknown command #fixd/) }]);
    expect(parsed.noteText).toBe('The fix is in.');
  });

  it('reports a bad priority, type or address with the allowed values', () => {
    const parsed = parseReplyCommands('#priority critical\n#type bug\n#cc bob');
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/urgent, high, normal, low/),
      expect.stringMatching(/issue, question, suggestion/),
      expect.stringMatching(/not one/),
    ]);
  });

  it('reports a command that needs an argument but has none', () => {
    expect(parseReplyCommands('#assign').problems[0]?.reason).toMatch(/needs a staff member/);
  });

  it('reports text after a command that takes none, rather than guessing', () => {
    const parsed = parseReplyCommands('#fixed the org was changed');
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems[0]?.reason).toMatch(/takes nothing after it/);
  });

  it('says to put each command on a line of its own when a command follows one that takes nothing', () => {
    const parsed = parseReplyCommands('#escalate #priority high\nPlease look at the Salt Lake report.');
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems[0]?.reason).toBe('#escalate takes nothing after it; put each command on a line of its own, and the note on the lines below them');
    expect(parseReplyCommands('#fixed the org was changed').problems[0]?.reason).toBe('#fixed takes nothing after it; put the note on the lines below the commands');
  });

  it('treats a sentence starting with # deep in the text as text', () => {
    const parsed = parseReplyCommands('Thanks for the help.\n#1 priority for us is the eligibility page.\n#hashtag');
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.noteText).toContain('#1 priority for us');
  });

  it('keeps a command below the note as text but says why it was not obeyed', () => {
    const parsed = parseReplyCommands('It works now, thanks!\n\n#verified');
    expect(parsed.commands).toEqual([]);
    expect(parsed.noteText).toBe('It works now, thanks!\n\n#verified');
    expect(parsed.problems).toEqual([{ line: '#verified', reason: expect.stringMatching(/at the top of the reply/) }]);
  });

  it('does not read commands in a greeting-less first line of prose', () => {
    const parsed = parseReplyCommands('Hello, it is still broken\nafter the #fixed mail.');
    expect(parsed.commands).toEqual([]);
    expect(parsed.noteText).toBe('Hello, it is still broken\nafter the #fixed mail.');
  });

  it('writes commands back the way a sender would type them', () => {
    expect(formatCommand({ kind: 'assign', target: 'Summer' })).toBe('#assign Summer');
    expect(formatCommand({ kind: 'notfixed' })).toBe('#notfixed');
    expect(formatCommand({ kind: 'priority', value: 'low' })).toBe('#priority low');
  });
});

describe('a greeting above the commands', () => {
  it('does not count as a note on its own', () => {
    const parsed = parseReplyCommands('Hi,\n#notfixed\n');
    expect(parsed.commands).toEqual([{ kind: 'notfixed' }]);
    expect(parsed.noteText).toBe('');
  });
});
