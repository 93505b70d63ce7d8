// Golden replies per mail-client family: real .eml files as Apple Mail, Outlook (desktop, web,
// plain text, mobile), Gmail, Thunderbird, Yahoo, HTML-only web tools and legacy-charset senders
// write them (test/fixtures/mail/replies-clients, families in families.json). Each note must
// equal its .expected.txt after collapsing white space, read through the service's own parser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreFolder, summariseFolder } from '../../scripts/eval-replies.ts';

const dir = path.join('test', 'fixtures', 'mail', 'replies-clients');
const families = JSON.parse(readFileSync(path.join(dir, 'families.json'), 'utf8')) as Record<string, string>;
const results = await scoreFolder(dir);

describe('reply text from the mail clients people use', () => {
  it('has at least three golden replies for every client family', () => {
    const rows = summariseFolder(results).filter((r) => r.family !== 'overall');
    expect(rows.map((r) => r.family).sort()).toEqual([...new Set(Object.values(families))].sort());
    for (const row of rows) expect(row.n, row.family).toBeGreaterThanOrEqual(3);
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

  it('decodes windows-1252 curly quotes and dashes before cutting, so the first words stay', () => {
    const c = results.find((r) => r.name === 'charset-windows-1252-qp-curly')!;
    expect(c.actual.startsWith('“Save & Exit” doesn’t do anything')).toBe(true);
    expect(c.actual).toContain('today — all in');
  });
});
