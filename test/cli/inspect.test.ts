// `deskmail inspect` as a user runs it: a dry run on one .eml or a bare body, JSON out,
// no database, no Redis, no settings needed.
import { execFile } from 'node:child_process';
import { writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = (name: string) => path.join('test/fixtures/mail', name);
// A clean environment: inspect must not need DATABASE_URL, IMAP_* or a running service.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

async function inspect(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('node', ['bin/deskmail.js', 'inspect', ...args, '--json'], { env });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('deskmail inspect', () => {
  it('reads a reply with commands: kind reply, the ticket it names, and the reply text without the Outlook quote', async () => {
    const out = await inspect([fixture('reply-with-commands-outlook.eml')]);
    expect(out.kind).toBe('reply');
    expect(out.ticketRef).toBe('Utah_RW-42');
    expect(out.replyText).toBe("#assign me\n#priority high\n\nI'm looking at this now.");
    expect(out.classification).toBeNull();
  });

  it('classifies a new request and prints exactly the classification fields', async () => {
    const out = await inspect([fixture('intake/intake-04-macch-queue-order.eml')]);
    expect(out.kind).toBe('new');
    expect(out.ticketRef).toBeNull();
    expect(Object.keys(out.classification as object).sort()).toEqual(['clientIds', 'missingInfo', 'priority', 'route', 'topic', 'type']);
    expect((out.classification as { route: string }).route).toBe('macch');
  });

  it('reports an out-of-office reply as auto_reply and says it gets no automatic answer', async () => {
    const out = await inspect([fixture('auto-reply-rfc3834.eml')]);
    expect(out.kind).toBe('auto_reply');
    expect(out.mayAnswerAutomatically).toBe(false);
  });

  it('extracts the reply from a bare plain-text or HTML body', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'deskmail-inspect-'));
    await writeFile(path.join(dir, 'body.txt'), 'Yes, that fixed it.\n\nOn Tue, Jan 14, 2025 at 10:00 AM Help Desk <helpdesk@example.test> wrote:\n> Please verify the fix.\n');
    await writeFile(path.join(dir, 'body.html'), '<div>Thanks, it works now.</div><div class="gmail_quote">On Tue wrote:<blockquote>old text</blockquote></div>');
    expect((await inspect(['--text', path.join(dir, 'body.txt')])).replyText).toBe('Yes, that fixed it.');
    expect((await inspect(['--html', path.join(dir, 'body.html')])).replyText).toBe('Thanks, it works now.');
  });
});
