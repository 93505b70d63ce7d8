// `deskmail inspect --json` explains a note: which part was read and which rule cut where.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

async function inspect(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('node', ['bin/deskmail.js', 'inspect', ...args, '--json'], { env });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('deskmail inspect explains the reply text', () => {
  it('lists the cuts of a reply .eml: contact block, inline logo, Outlook [mailto:] header block', async () => {
    const out = await inspect([path.join('test/fixtures/mail/replies-clients', 'outlook-desktop-mailto-logo.eml')]);
    expect(out.replySource).toBe('text');
    expect(out.cuts).toEqual([
      { rule: 'contact-block', line: 6 },
      { rule: 'image-placeholder', line: 11 },
      { rule: 'header-block', line: 13 },
    ]);
    expect(out.replyCrossCheck).toBeNull();
  });

  it('lists the cuts of a bare plain-text body', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'deskmail-cuts-'));
    const file = path.join(dir, 'body.txt');
    await writeFile(file, 'Yes, that fixed it.\n\n-- \nAnn\n\nOn Tue, Jan 14, 2025 at 10:00 AM Help Desk <helpdesk@example.test> wrote:\n> Please verify.\n');
    const out = await inspect(['--text', file]);
    expect(out.replyText).toBe('Yes, that fixed it.');
    expect(out.cuts).toEqual([{ rule: 'signature-delimiter', line: 3 }]);
  });
});
