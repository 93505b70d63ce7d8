// `deskmail rules check PROPOSED.yaml` compares a proposed rules file on its own: with no
// VOCABULARY given and none beside the file, it is read with the installed vocabulary, and the
// output says which vocabulary it used. One beside the file is used before the installed one,
// and a vocabulary that does not read or check is told by its problems, naming the file.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { projectPath } from '../../src/project-files.ts';
import { runDeskmail } from '../support/cli.ts';

const config = loadConfig({
  IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: randomBytes(32).toString('hex'),
});
const dir = mkdtempSync(join(tmpdir(), 'proposed-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the installed rules as a proposal in a folder of its own; its path. */
function proposal(folder: string): string {
  mkdirSync(join(dir, folder));
  const path = join(dir, folder, 'proposed.yaml');
  copyFileSync(projectPath('config', 'intake-rules.yaml'), path);
  return path;
}

it('reads a proposed rules file alone with the installed vocabulary, and says so', async () => {
  const rules = proposal('alone');
  // Every labelled request is classified twice: on a busy machine this takes a minute or more.
  const result = await runDeskmail(config, ['rules', 'check', rules, '--json'], { timeoutMs: 280_000 });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // The installed rules, proposed again: nothing changes answer.
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, vocabulary: projectPath('config', 'intake-vocabulary.yaml'), changes: [] });
}, 300_000);

it('uses a vocabulary beside the proposed file before the installed one, and tells its problems by file', async () => {
  const rules = proposal('beside');
  const vocabulary = join(dir, 'beside', 'intake-vocabulary.yaml');
  writeFileSync(vocabulary, 'concepts: [\n');
  const result = await runDeskmail(config, ['rules', 'check', rules]);
  expect(result.stdout).toMatch(new RegExp(`^vocabulary ${vocabulary} has 1 problem\\(s\\):\\n  - not valid YAML: `));
  expect(result.code).toBe(1);
}, 40_000);

it('tells a VOCABULARY given that cannot be read by file', async () => {
  const rules = proposal('given');
  const missing = join(dir, 'given', 'no-such-vocabulary.yaml');
  const result = await runDeskmail(config, ['rules', 'check', rules, missing, '--json']);
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, vocabulary: missing, problems: [expect.stringMatching(`^cannot read ${missing}: ENOENT`)] });
  expect(result.code).toBe(1);
}, 40_000);
