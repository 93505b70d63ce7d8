import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIntakeRules, DEFAULT_RULES_PATH, loadIntakeRules } from '../../src/stage-settings.ts';

/**
 * Bytes of config/intake-rules.yaml and config/intake-vocabulary.yaml together: about 25 KB of one-line
 * rules, a sitting's read (the file that came before was 85 KB).
 */
const INTAKE_YAML_BUDGET = 25_000;

const dir = mkdtempSync(join(tmpdir(), 'deskmail-rules-'));
const original = readFileSync(DEFAULT_RULES_PATH, 'utf8');
function writeRules(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const VOCABULARY_PATH = join(dirname(DEFAULT_RULES_PATH), 'intake-vocabulary.yaml');

describe('checkIntakeRules', () => {
  it('accepts the shipped rules and summarises them', () => {
    const check = checkIntakeRules(DEFAULT_RULES_PATH);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.summary?.topics).toBe(15);
  });

  it('reports a broken regular expression with where it is', () => {
    const path = writeRules('bad-regex.yaml', original.replace("addressPatterns: ['bitfocus']", "addressPatterns: ['(bitfocus']"));
    const check = checkIntakeRules(path);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/vendor\.addressPatterns\[0\]: invalid pattern "\(bitfocus"/);
  });

  it('refuses a pattern longer than one line (100 characters)', () => {
    const path = writeRules('long.yaml', original.replace("addressPatterns: ['bitfocus']", `addressPatterns: ['${'bitfocus|'.repeat(12)}x']`));
    const check = checkIntakeRules(path);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/vendor\.addressPatterns\.0/);
  });

  it('reports missing sections', () => {
    const check = checkIntakeRules(writeRules('bad-labels.yaml', original.replace(/\nvendor:\n {2}addressPatterns: \['bitfocus'\]\n/, '\n')));
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/vendor/);
  });

  it('reports unknown checklist items in an otherwise valid file', () => {
    const text = original.replace('merge_request: [duplicate_client_ids', 'merge_request: [duplicate_ids');
    const check = checkIntakeRules(writeRules('bad-refs.yaml', text));
    expect(check.ok).toBe(false);
    expect(check.problems).toContain('checklists.merge_request: unknown item "duplicate_ids" (not defined under items)');
  });

  it('reports YAML syntax errors and unreadable files instead of throwing', () => {
    expect(checkIntakeRules(writeRules('bad-yaml.yaml', 'version: 2\nvendor: [unclosed\n')).problems[0]).toMatch(/not valid YAML/);
    expect(checkIntakeRules(join(dir, 'absent.yaml')).problems[0]).toMatch(/cannot read/);
  });

  it('makes loadIntakeRules throw with the list of problems', () => {
    const path = writeRules('bad-version.yaml', original.replace('version: 2', 'version: 1'));
    expect(() => loadIntakeRules(path, { vocabularyPath: VOCABULARY_PATH, withModel: false })).toThrow(/version/);
  });
});

describe('the intake YAML a person reads in one sitting', () => {
  const files = [DEFAULT_RULES_PATH, VOCABULARY_PATH];
  it(`stays under ${INTAKE_YAML_BUDGET} bytes for all intake YAML together`, () => {
    const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual(INTAKE_YAML_BUDGET);
  });

  it('holds no pattern or entry longer than one line (100 characters)', () => {
    const long = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').flatMap((line) => {
      const quoted = [...line.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!).filter((p) => p.length > 100);
      return quoted.map((p) => `${f}: ${p}`);
    }));
    expect(long).toEqual([]);
  });
});
