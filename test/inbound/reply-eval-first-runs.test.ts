// The reply evaluation protocol: any folder of `<case>.eml|.txt|.html` + `<case>.expected.txt`
// (with an optional families.json) is scored exactly and by token F1, per family, and a set's
// first score is recorded once: a second recording of the same set is refused.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFirstRun, scoreFolder, summariseFolder } from '../../scripts/eval-replies.ts';

async function labelledFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deskmail-replies-'));
  await writeFile(path.join(dir, 'plain-ok.txt'), 'It works now.\n\nOn Tue, Jan 14, 2025 at 10:00 AM Help Desk <h@example.test> wrote:\n> Does it work?\n');
  await writeFile(path.join(dir, 'plain-ok.expected.txt'), 'It works now.\n');
  await writeFile(path.join(dir, 'html-miss.html'), '<p>Done.</p><p>Extra words</p>');
  await writeFile(path.join(dir, 'html-miss.expected.txt'), 'Done.');
  await writeFile(path.join(dir, 'families.json'), JSON.stringify({ 'plain-ok': 'Gmail web', 'html-miss': 'HTML-only tools' }));
  return dir;
}

describe('reply evaluation of a labelled folder', () => {
  it('scores each case exactly and by token F1, per family and overall', async () => {
    const cases = await scoreFolder(await labelledFolder());
    expect(cases.map((c) => [c.name, c.family, c.exact])).toEqual([
      ['html-miss', 'HTML-only tools', false],
      ['plain-ok', 'Gmail web', true],
    ]);
    expect(cases[0]!.f1).toBeCloseTo(0.5, 5);
    expect(summariseFolder(cases)).toEqual([
      { family: 'Gmail web', n: 1, exact: 1, f1: 1 },
      { family: 'HTML-only tools', n: 1, exact: 0, f1: 0.5 },
      { family: 'overall', n: 2, exact: 1, f1: 1.5 },
    ]);
  });

  it('records a first run once and refuses to record the same set again', async () => {
    const dir = await labelledFolder();
    const cases = await scoreFolder(dir);
    const table = path.join(dir, 'first-runs.md');
    await writeFile(table, '| Set | Date | Cases | Exact | Token F1 | By family |\n');
    recordFirstRun('probe-set', dir, cases, table, new Date('2026-12-04T12:00:00Z'));
    expect(await readFile(table, 'utf8')).toContain('| probe-set | 2026-12-04 | 2 | 1/2 (50.0%) | 0.750 | Gmail web 1/1; HTML-only tools 0/1 |');
    expect(() => recordFirstRun('probe-set', dir, cases, table)).toThrow(/already has a first run/);
  });

  it('says which case has no expectation instead of scoring it', async () => {
    const dir = await labelledFolder();
    await writeFile(path.join(dir, 'orphan.txt'), 'text');
    await expect(scoreFolder(dir)).rejects.toThrow(/orphan.txt has no orphan.expected.txt/);
  });
});
