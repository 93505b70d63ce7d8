// `deskmail --help` prints the usage the README shows, word for word: an operator reading either
// learns the same commands and rules (what --now takes, the status a scheduled run ends with).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { projectPath } from '../../src/project-files.ts';
import { runDeskmail } from '../support/cli.ts';

it('prints the usage the README shows', async () => {
  const readme = readFileSync(projectPath('README.md'), 'utf8');
  const usage = /```\n(usage: deskmail <command> \[options\]\n[\s\S]*?)```/.exec(readme)?.[1];
  expect(usage).toBeDefined();
  const config = loadConfig({ IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: randomBytes(32).toString('hex') });
  const help = await runDeskmail(config, ['--help']);
  expect(help).toEqual({ code: 0, stdout: usage, stderr: '' });
}, 40_000);
