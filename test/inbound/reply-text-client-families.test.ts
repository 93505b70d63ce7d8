// Golden replies per mail-client family: real .eml files as Apple Mail, Outlook (desktop, web,
// plain text, mobile), Gmail, Thunderbird, Yahoo, HTML-only web tools and legacy-charset senders
// write them (test/fixtures/mail/replies-clients and replies-clients-2, families in each folder's
// families.json). Each note must equal its .expected.txt after collapsing white space, read
// through the service's own parser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreFolder, summariseFolder } from '../../scripts/eval-replies.ts';

const dirs = ['replies-clients', 'replies-clients-2'].map((name) => path.join('test', 'fixtures', 'mail', name));
const families: Record<string, string> = Object.assign({}, ...dirs.map((dir) => JSON.parse(readFileSync(path.join(dir, 'families.json'), 'utf8')) as Record<string, string>));
const results = (await Promise.all(dirs.map((dir) => scoreFolder(dir)))).flat();

describe('reply text from the mail clients people use', () => {
  it('has at least four golden replies for every client family', () => {
    const rows = summariseFolder(results).filter((r) => r.family !== 'overall');
    expect(rows.map((r) => r.family).sort()).toEqual([...new Set(Object.values(families))].sort());
    for (const row of rows) expect(row.n, row.family).toBeGreaterThanOrEqual(4);
  });

  for (const c of results) {
    it(`keeps exactly what the person typed: ${c.family}, ${c.name}`, () => {
      expect(c.actual.replace(/\s+/g, ' ').trim()).toBe(c.expected.replace(/\s+/g, ' ').trim());
    });
  }

  it('keeps inline answers in order, one blank line apart, without the questions', () => {
    const c = results.find((r) => r.name === 'gmail-web-inline-answers')!;
    expect(c.actual).toBe(
      'Hi Summer, answers inline.\n\nFirefox 133 on the front desk PC, Chrome on my laptop. Both fail.\n\nYes: ERR-5521-B. It shows in a red box above the Save button.\n\nYesterday afternoon, around 3pm.\n\nKeisha',
    );
    expect(c.actual).not.toContain('Which browser');
  });

  it('keeps answers typed in red inside the quoted Outlook message, without the questions', () => {
    const c = results.find((r) => r.name === 'outlook-desktop-answers-in-red')!;
    expect(c.actual).toBe('Please see my answers in red below.\n\nLinh\n\nsokim\n\nYes, it says the account is disabled.');
  });

  it('decodes windows-1252 curly quotes and dashes before cutting, so the first words stay', () => {
    const c = results.find((r) => r.name === 'charset-windows-1252-qp-curly')!;
    expect(c.actual.startsWith('“Save & Exit” doesn’t do anything')).toBe(true);
    expect(c.actual).toContain('today — all in');
  });
});
