// `deskmail inspect` as a user runs it: a dry run on one .eml or a bare body, JSON out. Without
// DATABASE_URL it needs no settings and says it is guessing; with it, it asks the real database
// (read-only) and shows what would really happen.
import { execFile } from 'node:child_process';
import { writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { fileAssignedTicket } from '../support/cli-database.ts';
import { createTestDatabase } from '../support/harness.ts';

const run = promisify(execFile);
const fixture = (name: string) => path.join('test/fixtures/mail', name);
// A clean environment: inspect must not need DATABASE_URL, IMAP_* or a running service.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

async function inspect(args: string[], extraEnv: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const { stdout } = await run('node', ['bin/deskmail.js', 'inspect', ...args, '--json'], { env: { ...env, ...extraEnv } });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('deskmail inspect', () => {
  it('reads a reply with commands: kind reply, the ticket it names, and the reply text without the Outlook quote', async () => {
    const out = await inspect([fixture('reply-with-commands-outlook.eml')]);
    expect(out.source).toBe('guess');
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

  it('shows the content fingerprint, the same for the same mail delivered along another path', async () => {
    const first = await inspect([fixture('message-id-reused-request.eml')]);
    const again = await inspect([fixture('message-id-reused-request-delivered-again.eml')]);
    expect(first.contentFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(again.contentFingerprint).toBe(first.contentFingerprint);
  });

  it('extracts the reply from a bare plain-text or HTML body', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'deskmail-inspect-'));
    await writeFile(path.join(dir, 'body.txt'), 'Yes, that fixed it.\n\nOn Tue, Jan 14, 2025 at 10:00 AM Help Desk <helpdesk@example.test> wrote:\n> Please verify the fix.\n');
    await writeFile(path.join(dir, 'body.html'), '<div>Thanks, it works now.</div><div class="gmail_quote">On Tue wrote:<blockquote>old text</blockquote></div>');
    expect((await inspect(['--text', path.join(dir, 'body.txt')])).replyText).toBe('Yes, that fixed it.');
    expect((await inspect(['--html', path.join(dir, 'body.html')])).replyText).toBe('Thanks, it works now.');
  });
});

describe('deskmail inspect with a database', () => {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  let ref: string;
  let dir: string;

  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = openDatabase(scratch.url, { max: 2 });
      ref = await fileAssignedTicket(database);
    dir = await mkdtemp(path.join(os.tmpdir(), 'deskmail-inspect-db-'));
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  async function replyFrom(from: string): Promise<string> {
    const file = path.join(dir, `${from.split('@')[0]}.eml`);
    await writeFile(file, [
      `From: ${from}`, 'To: helpdesk@localhost.localdomain', `Subject: Re: [ClientTrack Issues Tracking] Issue ${ref} has been assigned`,
      `Message-ID: <${from.split('@')[0]}-reply@example.test>`, 'Date: Wed, 20 May 2026 11:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '', 'Any news on this?', '',
    ].join('\r\n'));
    return file;
  }

  it('shows a stranger\'s reply naming a real ticket as a new ticket, not as appended', async () => {
    const out = await inspect([await replyFrom('mallory@evil.test')], { DATABASE_URL: scratch.url });
    expect(out.source).toBe('database');
    expect(out.kind).toBe('new');
    expect(out.ticketRef).toBeNull();
    expect(out.action).toMatch(/^open a ticket/);
  });

  it('shows the submitter\'s reply as appended to her real ticket, and writes nothing', async () => {
    const before = await database.sql`select (select count(*) from tickets) as tickets, (select count(*) from notes) as notes, (select count(*) from people) as people`;
    const out = await inspect([await replyFrom('alice@example.test')], { DATABASE_URL: scratch.url });
    expect(out).toMatchObject({ source: 'database', kind: 'reply', ticketRef: ref, matchedBy: 'subject-tag' });
    expect(out.action).toMatch(/^appended on the ticket/);
    const after = await database.sql`select (select count(*) from tickets) as tickets, (select count(*) from notes) as notes, (select count(*) from people) as people`;
    expect(after).toEqual(before);
  });

  it('opens the database so that PostgreSQL refuses any write', async () => {
    const readOnly = openDatabase(scratch.url, { max: 1, readOnly: true });
    try {
      await expect(readOnly.sql`delete from tickets`).rejects.toThrow(/read-only transaction/);
    } finally {
      await readOnly.close();
    }
  });
});
