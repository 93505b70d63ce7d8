// Every regular expression in src is checked with redos-detector. One it does not prove safe must be
// listed in test/fixtures/regex-bounded-input.json with why its input keeps it cheap; the list may
// not keep entries for expressions that are gone, so it cannot grow stale.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRegex, collectRegexLiterals } from '../support/regex-literals.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const allowed = JSON.parse(readFileSync(resolve(root, 'test/fixtures/regex-bounded-input.json'), 'utf8')) as {
  files: Record<string, { why: string; patterns: string[] }>;
};
const literals = collectRegexLiterals(resolve(root, 'src'), root);
const isListed = (file: string, literal: string): boolean => allowed.files[file]?.patterns.includes(literal) ?? false;

describe('regular expressions in src and ReDoS', () => {
  it('finds the expressions (the scan itself works)', () => {
    expect(literals.length).toBeGreaterThan(100);
    expect(literals.some((r) => r.file === 'src/tickets/commands.ts')).toBe(true);
  });

  it('flags known super-linear patterns, so a pass means something', () => {
    expect(checkRegex({ file: 'x.ts', line: 1, literal: '/(a|a)*b/' }).safe).toBe(false);
    // The command separator this project once had: two ways to read a run of spaces.
    expect(checkRegex({ file: 'x.ts', line: 1, literal: '/^#\\s?([a-z][\\w-]*)(?:(?:\\s*:\\s*|\\s+)(.*))?$/i' }).safe).toBe(false);
    expect(checkRegex({ file: 'x.ts', line: 1, literal: '/^abc$/' }).safe).toBe(true);
  });

  it('proves every expression safe unless it is listed with why its input is bounded', () => {
    const unproven = literals
      .filter((r) => !isListed(r.file, r.literal))
      .filter((r) => !checkRegex(r).safe)
      .map((r) => `${r.file}:${r.line} ${r.literal}`);
    expect(unproven).toEqual([]);
  }, 900_000);

  it('keeps no entry for an expression that is gone, and says why for every file', () => {
    const present = new Set(literals.map((r) => `${r.file} ${r.literal}`));
    const stale = Object.entries(allowed.files).flatMap(([file, entry]) => entry.patterns.filter((p) => !present.has(`${file} ${p}`)).map((p) => `${file} ${p}`));
    expect(stale).toEqual([]);
    for (const entry of Object.values(allowed.files)) expect(entry.why.length).toBeGreaterThan(20);
  });

  it('lists nothing from the stages written to be linear', () => {
    for (const file of ['src/inbound/text-limits.ts', 'src/intake/wrapped-lines.ts', 'src/inbound/processing-budget.ts']) {
      expect(allowed.files[file]).toBeUndefined();
      expect(literals.filter((r) => r.file === file && !checkRegex(r).safe)).toEqual([]);
    }
  });
});
