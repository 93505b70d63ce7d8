import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIntakeRules, DEFAULT_RULES_PATH, loadIntakeRules } from '../../src/intake/rules.ts';

const dir = mkdtempSync(join(tmpdir(), 'deskmail-rules-'));
const original = readFileSync(DEFAULT_RULES_PATH, 'utf8');
function writeRules(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('checkIntakeRules', () => {
  it('accepts the shipped rules and summarises them', () => {
    const check = checkIntakeRules(DEFAULT_RULES_PATH);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.summary?.routes).toBe(5);
    expect(check.summary?.topics).toBe(15);
  });

  it('reports a broken regular expression with where it is', () => {
    const path = writeRules('bad-regex.yaml', original.replace("['\\bNOFA\\b',", "['(NOFA',"));
    const check = checkIntakeRules(path);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/route\.signals\[0\]\.any\[0\]: invalid pattern "\(NOFA"/);
  });

  it('reports unknown labels, unknown checklist items and missing sections', () => {
    const text = original
      .replace('add: { macch: 4 }', 'add: { mach: 4 }')
      .replace('merge_request: [duplicate_client_ids, correct_record]', 'merge_request: [duplicate_ids, correct_record]')
      .replace(/\nvendor:\n {2}addressPatterns: \['bitfocus'\]\n/, '\n');
    const check = checkIntakeRules(writeRules('bad-labels.yaml', text));
    expect(check.ok).toBe(false);
    const problems = check.problems.join('\n');
    expect(problems).toMatch(/vendor/);
  });

  it('reports unknown labels and items in an otherwise valid file', () => {
    const text = original
      .replace('add: { macch: 4 }', 'add: { mach: 4 }')
      .replace('merge_request: [duplicate_client_ids, correct_record]', 'merge_request: [duplicate_ids, correct_record]');
    const check = checkIntakeRules(writeRules('bad-refs.yaml', text));
    expect(check.ok).toBe(false);
    expect(check.problems).toContain('route.signals[0] (nofa): adds to unknown route "mach"');
    expect(check.problems).toContain('checklists.merge_request: unknown item "duplicate_ids" (not defined under items)');
  });

  it('reports YAML syntax errors and unreadable files instead of throwing', () => {
    expect(checkIntakeRules(writeRules('bad-yaml.yaml', 'version: 1\nroutes: [unclosed\n')).problems[0]).toMatch(/not valid YAML/);
    expect(checkIntakeRules(join(dir, 'absent.yaml')).problems[0]).toMatch(/cannot read/);
  });

  it('makes loadIntakeRules throw with the list of problems', () => {
    const path = writeRules('bad-version.yaml', original.replace('version: 1', 'version: 2'));
    expect(() => loadIntakeRules(path)).toThrow(/version/);
  });
});
